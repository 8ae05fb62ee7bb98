""" "Last time" on the live session page: what the user did in each set the last time they did the same
exercise, whatever the routine or day, read from the training index so the page costs only its own 2 calls."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from tests.history.kit import Demo, moment, text_of
from tests.progress.training_kit import indexed_workout, read_whole_history
from tests.workouts.lifters import HTMX, Lifter, log_done, row_fields, row_html, session_id_in, set_url
from workouts.last_time import LastTime, last_set_text
from workouts.slots import short_id


def _start(demo: Demo, routine: dict, day: dict) -> str:
    response = demo.client.post("/workouts/start", {"routine_id": routine["id"], "routine_day_id": day["id"]})
    assert response.status_code == 302, response.content[:300]
    return session_id_in(response["Location"])


def _upper_monday(demo: Demo) -> tuple[dict, dict]:
    routine = next(r for r in demo.routines() if r["name"] == "Upper/Lower")
    return routine, next(day for day in routine["days"] if day["dayOfWeek"] == 1)


def _plain(kg: float) -> str:
    return f"{kg:g}"


def _last(row: str) -> str:
    match = re.search(r"<span data-last>(.*?)</span>", row)
    return match.group(1) if match else ""


def _latest_with(demo: Demo, exercise_id: str) -> dict | None:
    """The latest finished session (any routine or day) with a done set of the exercise, from the backend."""
    finished = [s for s in demo.sessions() if s["status"] != "IN_PROGRESS" and s.get("endedAt")]
    for item in sorted(finished, key=lambda s: moment(s["endedAt"]), reverse=True):
        session = demo.api.session(item["id"])
        if any(log["exerciseId"] == exercise_id and log["isCompleted"] for log in session["setLogs"] or []):
            return session
    return None


def test_each_set_shows_itself_in_the_latest_workout_that_had_its_exercise(demo: Demo, settings: Any) -> None:
    routine, monday = _upper_monday(demo)
    read_whole_history(demo.client, monday["exercises"][0]["exercise"]["id"], settings)
    session_id = _start(demo, routine, monday)

    page = demo.client.get(f"/workouts/{session_id}").content.decode()

    shown = 0
    for exercise in monday["exercises"]:
        exercise_id = exercise["exercise"]["id"]
        previous = _latest_with(demo, exercise_id)
        assert previous is not None  # the demo's Monday exercises all have history
        logs = {
            log["setNumber"]: log
            for log in previous["setLogs"]
            if log["exerciseId"] == exercise_id and log["isCompleted"]
        }
        for prescribed in exercise["sets"]:
            log = logs.get(prescribed["setNumber"])
            expected = f"last: {_plain(log['weight'])} kg × {log['reps']}" if log else ""
            assert _last(row_html(page, exercise, prescribed["setNumber"])) == expected
            shown += bool(log)
        ended: datetime = moment(previous["endedAt"])  # type: ignore[assignment]
        assert f"Last time {ended:%a} {ended.day} {ended:%b}" in _block_text(page, exercise)
    assert shown >= 10  # the demo's Monday has 4 exercises, 11 sets
    assert "data-history-status" not in page  # the whole history is read


def _block_text(page: str, exercise: dict) -> str:
    match = re.search(
        rf'<section class="session-exercise" id="e{short_id(exercise["id"])}".*?</section>', page, re.S
    )
    assert match
    return text_of(match.group(0))


def test_a_day_without_history_shows_no_last_time(lifter: Lifter) -> None:
    session_id = lifter.start(lifter.thursday)

    page = lifter.client.get(f"/workouts/{session_id}").content.decode()

    assert "data-last" not in page and "Last time" not in page
    assert "last:" not in text_of(page)


def test_finishing_a_workout_makes_it_the_last_time_of_its_exercises_on_any_day(make_lifter) -> None:  # type: ignore[no-untyped-def]
    lifter: Lifter = make_lifter(weight_unit="LB")
    first = lifter.start(lifter.monday)
    assert "data-last" not in lifter.client.get(f"/workouts/{first}").content.decode()  # none yet
    log_done(lifter, first, lifter.bench, 1, "135", "11")
    log_done(lifter, first, lifter.curl, 1, "45", "12")
    lifter.client.post(f"/workouts/{first}/finish", {"confirm": "on"})

    second = lifter.start(lifter.monday)
    page = lifter.client.get(f"/workouts/{second}").content.decode()
    lifter.client.post(f"/workouts/{second}/discard")
    thursday_id = lifter.start(lifter.thursday)
    thursday = lifter.client.get(f"/workouts/{thursday_id}").content.decode()

    assert _last(row_html(page, lifter.bench, 1)) == "last: 135 lb × 11"
    assert _last(row_html(page, lifter.bench, 2)) == ""  # not done that time
    assert _last(row_html(page, lifter.curl, 1)) == "last: 45 lb × 12"
    # Thursday's curl is another slot of another day: the same exercise, so Monday's curl is its last time.
    thursday_curl = lifter.thursday["exercises"][0]
    assert _last(row_html(thursday, thursday_curl, 1)) == "last: 45 lb × 12"


def test_a_set_saved_on_the_page_keeps_its_last_time_hint(lifter: Lifter) -> None:
    first = lifter.start(lifter.monday)
    log_done(lifter, first, lifter.bench, 1, "60", "12")
    lifter.client.post(f"/workouts/{first}/finish", {"confirm": "on"})
    second = lifter.start(lifter.monday)
    page = lifter.client.get(f"/workouts/{second}").content.decode()
    fields = row_fields(page, second, lifter.bench, 1)

    saved = lifter.client.post(
        set_url(second, lifter.bench, 1), {**fields, "weight": "62.5", "reps": "8"}, headers=HTMX
    ).content.decode()
    without_js = lifter.client.post(
        set_url(second, lifter.bench, 1), {**fields, "weight": "62.5", "reps": "9"}, follow=True
    ).content.decode()

    # The hint sits outside the part of the row a save's answer replaces (that answer costs one call: no
    # lookup); without JavaScript the whole page comes back, hint included.
    assert "data-last" not in saved and "data-row-sub" in saved
    assert _last(row_html(without_js, lifter.bench, 1)) == "last: 60 kg × 12"


def test_the_session_page_costs_two_calls_on_first_load_and_none_on_reload(demo: Demo, settings: Any) -> None:
    routine, monday = _upper_monday(demo)
    read_whole_history(demo.client, monday["exercises"][0]["exercise"]["id"], settings)
    session_id = _start(demo, routine, monday)
    demo.backend.reset()

    first = demo.client.get(f"/workouts/{session_id}")
    first_load = demo.backend.api_calls()
    demo.backend.reset()
    assert demo.client.get(f"/workouts/{session_id}").status_code == 200
    reload = demo.backend.api_calls()

    assert first.status_code == 200 and "last: " in first.content.decode()  # the hints are there
    assert sorted(first_load) == sorted(
        [
            f"GET /api/workouts/sessions/{session_id}",  # the session with its logs
            f"GET /api/routines/{routine['id']}",  # notes and RIR
        ]
    )  # "last time" and records: the training index, in the cache
    assert reload == []


def test_a_workout_finished_on_another_device_is_the_last_time_from_the_next_start(lifter: Lifter) -> None:
    here = lifter.start(lifter.monday)  # the training index is read (nothing yet), then holds this one
    log_done(lifter, here, lifter.bench, 1, "60", "10")
    lifter.client.post(f"/workouts/{here}/finish", {"confirm": "on"})
    elsewhere = lifter.api.start(lifter.routine)["id"]
    lifter.api.log_set(elsewhere, lifter.bench, 1, weight=70, reps=8, isCompleted=True)
    lifter.api.finish(elsewhere)
    before = len(lifter.backend.api_calls())

    session_id = lifter.start(lifter.monday)
    start_calls = lifter.calls_since(before)
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()

    assert _last(row_html(page, lifter.bench, 1)) == "last: 70 kg × 8"
    assert sorted(start_calls) == sorted(
        [
            "POST /api/workouts/sessions/start",
            "GET /api/workouts/sessions",  # the newest finished workouts, for the training index
            f"GET /api/workouts/sessions/{elsewhere}",  # not held yet (the one finished here is)
        ]
    )


def test_a_failing_history_read_at_start_still_opens_the_workout_without_hints(demo: Demo) -> None:
    routine, monday = _upper_monday(demo)
    demo.backend.add_fault("/api/workouts/sessions", "status", method="GET", status=500)

    started = demo.client.post(
        "/workouts/start", {"routine_id": routine["id"], "routine_day_id": monday["id"]}
    )
    response = demo.client.get(started["Location"])

    assert started.status_code == 302
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-set-row" in page and "data-last" not in page
    assert "Still reading your past workouts: some “last” hints and records may be missing." in text_of(page)


def test_while_the_history_is_read_the_hints_come_from_the_newest_workouts_and_the_page_says_so(
    demo: Demo,
) -> None:
    routine, monday = _upper_monday(demo)
    finished = [s for s in demo.sessions() if s["status"] != "IN_PROGRESS"]
    newest = sorted(finished, key=lambda s: moment(s["endedAt"]), reverse=True)[:2]
    held = {
        log["exerciseId"]
        for s in newest
        for log in demo.api.session(s["id"])["setLogs"]
        if log["isCompleted"]
    }

    session_id = _start(demo, routine, monday)  # reads the two newest workouts into the index
    page = demo.client.get(f"/workouts/{session_id}").content.decode()

    assert f"Still reading your past workouts (2 of {len(finished)})" in text_of(page)
    for exercise in monday["exercises"]:
        hinted = "data-last" in row_html(page, exercise, 1)
        assert hinted == (exercise["exercise"]["id"] in held)  # from those two, or none yet


def test_last_time_is_the_latest_workout_with_a_done_set_of_the_exercise() -> None:
    older = indexed_workout(
        "a", "2026-11-02T18:00:00+00:00", {"bench": [(1, 60, 10, True)], "curl": [(1, 20, 12, True)]}
    )
    newer = indexed_workout(
        "b", "2026-11-05T18:00:00+00:00", {"bench": [(1, 62.5, 8, True)], "curl": [(1, 22, 9, False)]}
    )
    twice = indexed_workout(
        "c", "2026-11-06T18:00:00+00:00", {"row": [(1, 50, 10, True), (1, 55, 8, True), (2, 50, 9, True)]}
    )
    current = indexed_workout("now", "2026-11-09T18:00:00+00:00", {"bench": [(1, 100, 1, True)]})

    last = LastTime.of([older, current, twice, newer], "now", UTC)

    assert last_set_text(last.for_set("bench", 1), "KG") == "last: 62.5 kg × 8"  # the newest, not the session
    assert last_set_text(last.for_set("curl", 1), "KG") == "last: 20 kg × 12"  # its newer curl was not done
    assert last.date("bench") == "Thu 5 Nov" and last.date("curl") == "Mon 2 Nov"
    assert last.for_set("row", 1) is None  # done twice that day (two slots): no telling which
    assert last_set_text(last.for_set("row", 2), "KG") == "last: 50 kg × 9"
    assert last.for_set("squat", 1) is None and last.date("squat") == ""
