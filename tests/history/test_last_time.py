""" "Last time" on the live session page: what the user did in each set the last time they completed the same
routine day, found through the existing endpoints and cached so the page stays within its call budget."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.history.kit import Demo, moment, text_of
from tests.workouts.lifters import HTMX, Lifter, log_done, row_fields, row_html, session_id_in, set_url
from workouts.last_time import LastTime, last_set_text
from workouts.types import WorkoutSession


def _start(demo: Demo, routine: dict, day: dict) -> str:
    response = demo.client.post("/workouts/start", {"routine_id": routine["id"], "routine_day_id": day["id"]})
    assert response.status_code == 302, response.content[:300]
    return session_id_in(response["Location"])


def _upper_monday(demo: Demo) -> tuple[dict, dict]:
    routine = next(r for r in demo.routines() if r["name"] == "Upper/Lower")
    return routine, next(day for day in routine["days"] if day["dayOfWeek"] == 1)


def _latest_completed(demo: Demo, routine: dict, day_name: str) -> dict:
    listed = demo.api.list_all_sessions(
        status="COMPLETED", routineId=routine["id"], sort="finishedAt:desc", limit=50
    )
    latest = next(item for item in listed if item["routine"]["dayName"] == day_name)
    return demo.api.session(latest["id"])


def _plain(kg: float) -> str:
    return f"{kg:g}"


def _last(row: str) -> str:
    match = re.search(r'<span class="set-row__last" data-last>(.*?)</span>', row)
    return match.group(1) if match else ""


def test_a_new_session_of_a_day_with_history_shows_each_set_of_the_last_completed_one(demo: Demo) -> None:
    routine, monday = _upper_monday(demo)
    previous = _latest_completed(demo, routine, "Monday")
    session_id = _start(demo, routine, monday)

    page = demo.client.get(f"/workouts/{session_id}").content.decode()

    logs = {
        (log["routineExerciseId"], log["setNumber"]): log for log in previous["setLogs"] if log["isCompleted"]
    }
    assert len(logs) >= 10  # the demo's Monday has 4 exercises, 11 sets
    for exercise in monday["exercises"]:
        for prescribed in exercise["sets"]:
            log = logs[(exercise["id"], prescribed["setNumber"])]
            expected = f"last: {_plain(log['weight'])} kg × {log['reps']}"
            assert _last(row_html(page, exercise, prescribed["setNumber"])) == expected
    ended: datetime = moment(previous["endedAt"])  # type: ignore[assignment]
    date = f"{ended:%a} {ended.day} {ended:%b}"
    assert text_of(page).count(f"Last time {date}") == len(monday["exercises"])  # on each exercise


def test_a_day_without_history_shows_no_last_time(lifter: Lifter) -> None:
    session_id = lifter.start(lifter.thursday)

    page = lifter.client.get(f"/workouts/{session_id}").content.decode()

    assert "data-last" not in page and "Last time" not in page
    assert "last:" not in text_of(page)


def test_finishing_a_day_makes_it_that_days_last_time_in_the_users_unit(make_lifter) -> None:  # type: ignore[no-untyped-def]
    lifter: Lifter = make_lifter(weight_unit="LB")
    first = lifter.start(lifter.monday)
    assert "data-last" not in lifter.client.get(f"/workouts/{first}").content.decode()  # none yet, cached
    log_done(lifter, first, lifter.bench, 1, "135", "11")
    log_done(lifter, first, lifter.curl, 1, "45", "12")
    lifter.client.post(f"/workouts/{first}/finish", {"confirm": "on"})

    second = lifter.start(lifter.monday)
    page = lifter.client.get(f"/workouts/{second}").content.decode()
    lifter.client.post(f"/workouts/{second}/discard")
    thursday = lifter.client.get(f"/workouts/{lifter.start(lifter.thursday)}").content.decode()

    assert _last(row_html(page, lifter.bench, 1)) == "last: 135 lb × 11"
    assert _last(row_html(page, lifter.bench, 2)) == ""  # not done that time
    assert _last(row_html(page, lifter.curl, 1)) == "last: 45 lb × 12"
    assert "data-last" not in thursday  # another day of the same routine has its own last time


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


def test_the_session_page_costs_four_calls_on_first_load_and_none_on_reload(demo: Demo) -> None:
    routine, monday = _upper_monday(demo)
    previous = _latest_completed(demo, routine, "Monday")
    session_id = _start(demo, routine, monday)
    demo.backend.reset()

    assert demo.client.get(f"/workouts/{session_id}").status_code == 200
    first_load = demo.backend.api_calls()
    demo.backend.reset()
    assert demo.client.get(f"/workouts/{session_id}").status_code == 200
    reload = demo.backend.api_calls()

    assert sorted(first_load) == sorted(
        [
            f"GET /api/workouts/sessions/{session_id}",  # the session with its logs
            f"GET /api/routines/{routine['id']}",  # notes and RIR
            "GET /api/workouts/sessions",  # the routine's completed sessions, newest first
            f"GET /api/workouts/sessions/{previous['id']}",  # that session's set logs
        ]
    )
    assert reload == []


def test_last_time_is_kept_per_routine_day_until_that_day_is_completed_again(demo: Demo) -> None:
    routine, monday = _upper_monday(demo)
    first = _start(demo, routine, monday)
    demo.client.get(f"/workouts/{first}")
    demo.client.post(f"/workouts/{first}/discard")  # aborted: Monday's last completed session is unchanged
    second = _start(demo, routine, monday)
    demo.backend.reset()

    demo.client.get(f"/workouts/{second}")

    assert sorted(demo.backend.api_calls()) == sorted(
        [f"GET /api/workouts/sessions/{second}", f"GET /api/routines/{routine['id']}"]
    )


def test_a_failing_last_time_lookup_leaves_the_session_page_working(demo: Demo) -> None:
    routine, monday = _upper_monday(demo)
    session_id = _start(demo, routine, monday)
    demo.backend.add_fault("/api/workouts/sessions", "status", method="GET", status=500)

    response = demo.client.get(f"/workouts/{session_id}")

    assert response.status_code == 200
    page = response.content.decode()
    assert "data-set-row" in page and "data-last" not in page


Log = tuple[str, str, int, float, int]


def _session(day_slots: list[tuple[str, str]], logs: list[Log]) -> WorkoutSession:
    """A WorkoutSession as the backend sends it: its day's (slot id, exercise id) and (slot, exercise, set,
    kg, reps) logs, all completed."""
    return WorkoutSession.model_validate(
        {
            "id": "s",
            "routineId": "r",
            "routineDayId": "d",
            "status": "COMPLETED",
            "startedAt": "2026-11-02T17:00:00.000Z",
            "endedAt": "2026-11-02T18:00:00.000Z",
            "routine": {"id": "r", "name": "R"},
            "routineDay": {
                "id": "d",
                "dayOfWeek": 1,
                "exercises": [
                    {"id": slot, "exercise": {"id": exercise, "name": exercise}, "sets": []}
                    for slot, exercise in day_slots
                ],
            },
            "setLogs": [
                {
                    "id": f"l{i}",
                    "sessionId": "s",
                    "routineExerciseId": slot,
                    "exerciseId": exercise,
                    "setNumber": number,
                    "weight": kg,
                    "reps": reps,
                    "isCompleted": True,
                }
                for i, (slot, exercise, number, kg, reps) in enumerate(logs)
            ],
        }
    )


def test_a_rebuilt_routine_day_still_finds_last_time_by_exercise() -> None:
    previous = _session(
        [("old-a", "bench"), ("old-b", "curl")], [("old-a", "bench", 1, 60, 10), ("old-b", "curl", 1, 20, 12)]
    )
    current = _session([("new-a", "bench"), ("new-b", "curl")], [])
    unchanged = _session([("old-a", "bench"), ("old-c", "curl")], [])  # same ids: a new curl slot is new

    rebuilt = LastTime.of(previous, current, UTC)
    same = LastTime.of(previous, unchanged, UTC)

    assert last_set_text(rebuilt.for_set("new-a", "bench", 1), "KG") == "last: 60 kg × 10"
    assert last_set_text(rebuilt.for_set("new-b", "curl", 1), "KG") == "last: 20 kg × 12"
    assert last_set_text(same.for_set("old-a", "bench", 1), "KG") == "last: 60 kg × 10"
    assert same.for_set("old-c", "curl", 1) is None and not same.did_exercise("old-c", "curl")
    assert rebuilt.date == "Mon 2 Nov"
