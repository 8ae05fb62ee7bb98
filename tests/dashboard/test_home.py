"""Home says what to do today, in the user's own time zone, and how the week went."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from tests.contract.contract_kit import exercise_slot, fixed_set, parse_iso, routine_body
from tests.people import Person
from tests.routines.builder_kit import page_text

WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def _midday_zone() -> tuple[str, tzinfo]:
    """A zone where it is around noon now, so "today" cannot turn over while a test runs."""
    offset = max(-11, min(12, 12 - datetime.now(UTC).hour))
    name = "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"
    return name, ZoneInfo(name)


def _weekday(zone: tzinfo, ahead: int = 0) -> int:
    return ((datetime.now(zone) + timedelta(days=ahead)).weekday() + 1) % 7


def _routine_on(person: Person, name: str, *weekdays: int) -> dict:
    bench = next(e for e in person.api.exercises() if e["name"] == "Bench Press")
    days = [
        {"dayOfWeek": d, "order": i, "exercises": [exercise_slot(bench["id"], [fixed_set(1, 5, 60)])]}
        for i, d in enumerate(weekdays)
    ]
    return person.api.create_routine(routine_body(name, days))


def _home_html(person: Person, zone_name: str) -> str:
    person.client.cookies["tz"] = zone_name  # as static/js/timezone.js sets it
    return person.client.get("/").content.decode()


def _home(person: Person, zone_name: str) -> str:
    return page_text(_home_html(person, zone_name))


def test_todays_routine_day_is_offered_with_start_in_the_users_time_zone(newcomer: Person) -> None:
    name, zone = _midday_zone()
    _routine_on(newcomer, "Today Plan", _weekday(zone), _weekday(zone, 2))

    page = _home(newcomer, name)

    assert f"Today · {WEEKDAYS[_weekday(zone)]}" in page
    assert f"Today Plan {WEEKDAYS[_weekday(zone)]} · 1 exercise Start" in page
    assert WEEKDAYS[_weekday(zone, 2)] not in page.split("Your training")[0]


def test_a_workout_of_todays_day_in_progress_is_resumed_not_started_again(newcomer: Person) -> None:
    name, zone = _midday_zone()
    routine = _routine_on(newcomer, "Today Plan", _weekday(zone))
    session = newcomer.api.start(routine)

    html = _home_html(newcomer, name)

    assert (
        f'href="/workouts/{session["id"]}" aria-label="Resume Today Plan, {WEEKDAYS[_weekday(zone)]}"' in html
    )
    assert 'aria-label="Start Today Plan' not in html


def test_without_a_day_today_the_next_training_day_is_offered(newcomer: Person) -> None:
    name, zone = _midday_zone()
    _routine_on(newcomer, "Later Plan", _weekday(zone, 3), _weekday(zone, 5))
    _routine_on(newcomer, "Archived Plan", _weekday(zone, 1))
    archived = next(r for r in newcomer.api.get("/routines").json() if r["name"] == "Archived Plan")
    newcomer.api.patch(f"/routines/{archived['id']}/completed", {"isCompleted": True})

    page = _home(newcomer, name)

    assert "Nothing planned today" in page
    assert f"Next: {WEEKDAYS[_weekday(zone, 3)]} Later Plan {WEEKDAYS[_weekday(zone, 3)]}" in page
    assert "Archived Plan" not in page  # archived routines are not training plans


def test_the_last_finished_workout_and_this_weeks_count_are_shown(veteran: Person) -> None:
    name, zone = _midday_zone()
    finished = veteran.api.list_sessions(status="COMPLETED", sort="finishedAt:desc", limit=50)["items"]
    now = datetime.now(zone)
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    this_week = sum(1 for s in finished if parse_iso(s["endedAt"]) >= monday)
    last = finished[0]

    html = _home_html(veteran, name)
    page = page_text(html)

    assert f"{this_week} workout{'' if this_week == 1 else 's'} finished this week." in page
    assert f"{last['routine']['name']} · {last['routine']['dayName']}" in page
    assert f'href="/workouts/{last["id"]}"' in html
    assert " kg lifted" in page


def test_a_new_user_is_offered_to_build_a_routine_or_start_from_a_template(newcomer: Person) -> None:
    page = newcomer.client.get("/").content.decode()

    assert 'href="/routines/new">Build a routine' in page
    assert 'href="/routines/templates">Start from a template' in page
    assert "0 workouts finished this week." in page_text(page)


def test_home_costs_four_backend_calls_then_none_while_they_are_fresh(veteran: Person) -> None:
    last = veteran.api.list_sessions(status="COMPLETED", sort="finishedAt:desc", limit=1)["items"][0]
    before = len(veteran.backend.api_calls())

    veteran.client.get("/")
    first = veteran.calls_since(before)
    veteran.client.get("/")
    veteran.client.get(f"/workouts/{last['id']}")  # the last workout's record, from Home's link

    assert sorted(first) == sorted(
        [
            "GET /api/routines",
            "GET /api/workouts/sessions",
            f"GET /api/workouts/sessions/{last['id']}",  # for its volume: production's list leaves it out
            "GET /api/workouts/sessions/active",
        ]
    )
    assert veteran.calls_since(before) == first
