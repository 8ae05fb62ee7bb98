"""/workouts/history against the local backend's demo history: filters alone and combined, calendar days in
the user's time zone, sort orders, and refusals that never reach the backend."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from tests.history.kit import Demo, expected_ids, ids_in, item_html, moment, text_of
from tests.workouts.lifters import Lifter


def _flat(pages: list[list[str]]) -> list[str]:
    return [session_id for page in pages for session_id in page]


def _url(**params: str) -> str:
    return "/workouts/history" + (f"?{urlencode(params)}" if params else "")


def _routine(demo: Demo, name: str) -> dict:
    return next(routine for routine in demo.routines() if routine["name"] == name)


def _with_notes(demo: Demo) -> tuple[list[dict], str]:
    sessions = demo.sessions()
    noted = [s for s in sessions if s["status"] == "COMPLETED" and s.get("notes")]
    assert noted, "the demo history has notes"
    return sessions, noted[0]["notes"].split()[-1]  # e.g. "today", "pump"


def test_the_default_list_is_completed_workouts_finished_newest_first(demo: Demo) -> None:
    sessions = demo.sessions()

    listed = _flat(demo.walk(_url()))

    assert listed == expected_ids(sessions)
    assert {s["status"] for s in sessions} == {"COMPLETED", "ABORTED"}  # so the default really filters


def test_each_item_shows_routine_day_date_start_duration_status_and_first_line_of_notes(demo: Demo) -> None:
    shown = demo.client.get(_url()).content.decode()
    noted = next(s for s in demo.sessions() if s["id"] in ids_in(shown) and s.get("notes"))
    started = moment(noted["startedAt"])
    assert started is not None

    item = item_html(shown, noted["id"])

    hours, minutes = divmod(noted["durationSec"] // 60, 60)
    duration = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"  # one format, with units
    assert f'<a class="history-item__link" href="/workouts/{noted["id"]}">' in item  # the whole item links
    assert text_of(item) == (
        f"{noted['routine']['name']} · {noted['routine']['dayName']} Completed "
        f"{started:%a} {started.day} {started:%b %Y} · {started:%H:%M} · "
        f"Duration {duration} {noted['notes']}"
    )


def test_only_the_first_line_of_the_notes_is_listed(lifter: Lifter) -> None:
    session_id = lifter.start(lifter.monday)
    lifter.api.finish(session_id, "COMPLETED", notes="Bench felt heavy\nslept badly, try earlier next week")

    item = item_html(lifter.client.get(_url()).content.decode(), session_id)

    assert "Bench felt heavy" in item and "slept badly" not in item
    assert "Push Pull A · Monday" in item and re.search(r"Duration \d+ s\b", text_of(item))


@pytest.mark.parametrize("status", ["aborted", "completed", "all"])
def test_the_status_filter(demo: Demo, status: str) -> None:
    sessions = demo.sessions()
    backend_status = {"aborted": "ABORTED", "completed": "COMPLETED", "all": None}[status]

    listed = _flat(demo.walk(_url(status=status)))

    assert listed == expected_ids(sessions, status=backend_status)
    assert listed


def test_the_in_progress_filter_shows_the_active_session(demo: Demo) -> None:
    routine = _routine(demo, "Upper/Lower")
    started = demo.api.start(routine)

    page = demo.client.get(_url(status="in_progress")).content.decode()

    assert ids_in(page) == [started["id"]]
    assert "In progress" in text_of(page)


def test_the_routine_filter(demo: Demo) -> None:
    sessions = demo.sessions()
    routine = _routine(demo, "Push Pull Legs")

    listed = _flat(demo.walk(_url(routine=routine["id"])))

    assert listed == expected_ids(sessions, routine_id=routine["id"])
    assert 0 < len(listed) < len(expected_ids(sessions))


def test_the_date_filter_keeps_both_ends(demo: Demo) -> None:
    sessions = demo.sessions()
    ended = sorted(moment(s["endedAt"]).date() for s in sessions if s["status"] == "COMPLETED")  # type: ignore[union-attr]
    day_from, day_to = ended[3], ended[-4]  # days that have workouts on them, at both ends

    listed = _flat(demo.walk(_url(**{"from": day_from.isoformat(), "to": day_to.isoformat()})))

    assert listed == expected_ids(sessions, day_from=day_from, day_to=day_to)
    ends = {moment(s["endedAt"]).date() for s in sessions if s["id"] in listed}  # type: ignore[union-attr]
    assert day_from in ends and day_to in ends


def test_only_a_from_date_or_only_a_to_date(demo: Demo) -> None:
    sessions = demo.sessions()
    middle = moment(sessions[len(sessions) // 2]["endedAt"]).date()  # type: ignore[union-attr]

    since = _flat(demo.walk(_url(**{"from": middle.isoformat()})))
    until = _flat(demo.walk(_url(to=middle.isoformat())))

    assert since == expected_ids(sessions, day_from=middle)
    assert until == expected_ids(sessions, day_to=middle)


def test_the_notes_search_ignores_case(demo: Demo) -> None:
    sessions, word = _with_notes(demo)

    listed = _flat(demo.walk(_url(q=word.upper())))

    assert listed == expected_ids(sessions, q=word)
    assert listed


def test_filters_combined(demo: Demo) -> None:
    sessions, word = _with_notes(demo)
    routine = _routine(demo, "Upper/Lower")
    first = moment(sessions[-1]["endedAt"]).date()  # type: ignore[union-attr]
    last = moment(sessions[0]["endedAt"]).date()  # type: ignore[union-attr]
    day_from, day_to = first + timedelta(days=14), last - timedelta(days=7)
    params = {
        "status": "all",
        "routine": routine["id"],
        "from": day_from.isoformat(),
        "to": day_to.isoformat(),
        "sort": "started_asc",
    }

    combined = _flat(demo.walk(_url(**params)))
    with_search = _flat(demo.walk(_url(**params, q="e")))

    assert combined == expected_ids(
        sessions,
        status=None,
        routine_id=routine["id"],
        day_from=day_from,
        day_to=day_to,
        sort="startedAt:asc",
    )
    assert with_search == expected_ids(
        sessions,
        status=None,
        routine_id=routine["id"],
        day_from=day_from,
        day_to=day_to,
        q="e",
        sort="startedAt:asc",
    )
    assert 0 < len(with_search) < len(combined) < len(sessions)


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("finished_desc", "finishedAt:desc"),
        ("finished_asc", "finishedAt:asc"),
        ("started_desc", "startedAt:desc"),
        ("started_asc", "startedAt:asc"),
    ],
)
def test_sort_orders(demo: Demo, sort: str, order: str) -> None:
    sessions = demo.sessions()

    listed = _flat(demo.walk(_url(status="all", sort=sort)))

    assert listed == expected_ids(sessions, status=None, sort=order)


def test_started_and_finished_orders_differ_where_the_history_says_so(demo: Demo) -> None:
    """A guard on the oracle: the orders are compared on data where they can be told apart."""
    sessions = demo.sessions()
    assert expected_ids(sessions, sort="finishedAt:asc") == list(reversed(expected_ids(sessions)))
    assert expected_ids(sessions, sort="startedAt:desc")[0] == expected_ids(sessions)[0]


# --- calendar days in the user's time zone --------------------------------------------------------


def _zone_where_it_ended_at(hour: int, ended_utc_hour: int) -> ZoneInfo:
    """A fixed-offset zone in which an instant at `ended_utc_hour` UTC reads `hour` o'clock."""
    offset = (hour - ended_utc_hour) % 24
    if offset > 14:
        offset -= 24
    return ZoneInfo(f"Etc/GMT{-offset:+d}" if offset else "UTC")  # Etc/GMT-3 is three hours ahead of UTC


def test_a_workout_finished_at_23h_on_the_to_day_is_included(demo: Demo) -> None:
    sessions = demo.sessions()
    latest = next(s for s in sessions if s["status"] == "COMPLETED")
    ended = moment(latest["endedAt"])
    assert ended is not None
    zone = _zone_where_it_ended_at(23, ended.hour)
    local = ended.astimezone(zone)
    assert local.hour == 23
    demo.client.cookies["tz"] = zone.key

    that_day = _flat(demo.walk(_url(**{"from": local.date().isoformat(), "to": local.date().isoformat()})))
    before = _flat(demo.walk(_url(to=(local.date() - timedelta(days=1)).isoformat())))

    assert latest["id"] in that_day
    assert that_day == expected_ids(sessions, day_from=local.date(), day_to=local.date(), zone=zone)
    assert latest["id"] not in before


def test_after_local_midnight_a_workout_belongs_to_the_next_day(demo: Demo) -> None:
    sessions = demo.sessions()
    latest = next(s for s in sessions if s["status"] == "COMPLETED")
    ended = moment(latest["endedAt"])
    assert ended is not None
    zone = _zone_where_it_ended_at(0, ended.hour)  # 00:xx local: the next calendar day there
    local = ended.astimezone(zone)
    utc_day = ended.date()
    assert local.date() == utc_day + timedelta(days=1)
    demo.client.cookies["tz"] = zone.key

    on_the_utc_day = _flat(demo.walk(_url(**{"from": utc_day.isoformat(), "to": utc_day.isoformat()})))
    local_day = local.date().isoformat()
    on_the_local_day = _flat(demo.walk(_url(**{"from": local_day, "to": local_day})))

    assert latest["id"] not in on_the_utc_day
    assert latest["id"] in on_the_local_day
    assert on_the_local_day == expected_ids(sessions, day_from=local.date(), day_to=local.date(), zone=zone)
    page = demo.client.get(_url()).content.decode()
    started = moment(latest["startedAt"]).astimezone(zone)  # type: ignore[union-attr]
    assert f"{started:%H:%M}" in page.split(f'data-session-id="{latest["id"]}"', 1)[1].split("</li>")[0]
    assert f"Days and times in {zone.key}" in text_of(page)


def test_the_zone_can_come_from_the_form_when_no_cookie_was_stored(demo: Demo) -> None:
    sessions = demo.sessions()
    latest = next(s for s in sessions if s["status"] == "COMPLETED")
    ended = moment(latest["endedAt"])
    assert ended is not None
    zone = _zone_where_it_ended_at(0, ended.hour)
    local_day = ended.astimezone(zone).date().isoformat()

    page = demo.client.get(_url(**{"from": local_day, "to": local_day, "tz": zone.key})).content.decode()

    assert latest["id"] in page
    assert f'name="tz" value="{zone.key}"' in page  # kept for the next change of the form
    assert f"tz={zone.key.replace('/', '%2F').replace('+', '%2B')}" in page  # and in "Clear all", chips…


def test_without_a_zone_days_are_utc_days(demo: Demo) -> None:
    sessions = demo.sessions()
    day = moment(sessions[0]["endedAt"]).date()  # type: ignore[union-attr]

    listed = _flat(demo.walk(_url(**{"from": day.isoformat(), "to": day.isoformat()})))

    assert listed == expected_ids(sessions, day_from=day, day_to=day)
    assert "Days and times in UTC" in text_of(demo.client.get(_url()).content.decode())


# --- refusals ------------------------------------------------------------------------------------


def test_from_after_to_is_refused_with_a_message_and_no_backend_call(demo: Demo) -> None:
    demo.client.get(_url())  # the routines are cached: only the list could still be asked for
    demo.backend.reset()

    response = demo.client.get(_url(**{"from": "2026-03-10", "to": "2026-03-01"}))

    assert response.status_code == 400
    page = response.content.decode()
    assert "“From” must be on or before “To”." in page
    assert 'value="2026-03-10"' in page and 'value="2026-03-01"' in page  # what was chosen stays
    assert "GET /api/workouts/sessions" not in demo.backend.api_calls()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-02-30"}, "Enter the “From” date as a date, like 2025-11-03."),
        ({"to": "yesterday"}, "Enter the “To” date as a date, like 2025-11-03."),
        ({"status": "CANCELLED"}, "Choose a status from the list"),
        ({"sort": "name"}, "Choose an order from the list."),
        ({"cursor": "page-2"}, "This “Load more” link is not valid any more."),
        ({"routine": "42"}, "Choose a routine from the list."),
        ({"tz": "Mars/Olympus_Mons"}, "“Mars/Olympus_Mons” is not a time zone we know."),
        ({"q": "x" * 101}, "Search for at most 100 characters"),
        # Days at the ends of the calendar overflowed into a 500 once moved to UTC.
        ({"to": "9999-12-31"}, "Enter the “To” date between 1900-01-01 and 9998-12-31."),
        (
            {"from": "0001-01-01", "tz": "Asia/Tokyo"},
            "Enter the “From” date between 1900-01-01 and 9998-12-31.",
        ),
    ],
)
def test_bad_parameters_get_a_clear_message_never_an_error_page(
    demo: Demo, params: dict, message: str
) -> None:
    demo.backend.reset()

    response = demo.client.get(_url(**params))
    as_htmx = demo.client.get(_url(**params), headers={"HX-Request": "true", "HX-Target": "history-results"})

    assert response.status_code == 400
    assert message in text_of(response.content.decode())
    assert as_htmx.status_code == 200 and message in text_of(as_htmx.content.decode())  # htmx swaps it in
    assert "GET /api/workouts/sessions" not in demo.backend.api_calls()


def test_a_broken_load_more_link_says_so_where_the_next_page_would_go(demo: Demo) -> None:
    headers = {"HX-Request": "true", "HX-Target": "history-more"}

    response = demo.client.get(_url(cursor="page-2"), headers=headers)

    answer = response.content.decode().lstrip()
    assert response.status_code == 200
    assert answer.startswith('<li id="history-more" class="history-end" role="alert">')
    assert "This “Load more” link is not valid any more." in answer


def test_a_cursor_the_backend_refuses_is_explained_in_place(demo: Demo) -> None:
    demo.backend.add_fault("/api/workouts/sessions", "status", method="GET", status=400)

    response = demo.client.get(_url(cursor="8121eeb3-3b69-459c-b685-03f8b225dcd7"))

    assert response.status_code == 400
    assert "The list could not be loaded" in text_of(response.content.decode())


def test_a_date_before_any_workout_is_just_an_empty_list(demo: Demo) -> None:
    response = demo.client.get(_url(to=date(2001, 1, 1).isoformat()))

    assert response.status_code == 200
    assert "No workouts match these filters." in text_of(response.content.decode())
