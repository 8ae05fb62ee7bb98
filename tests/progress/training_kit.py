"""What the progress tests share: routines sharing an exercise, finished workouts arranged straight through
the backend, and reading the whole history into the training index through the web app."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.test import Client

from progress.index import IndexedExercise, IndexedSet, IndexedWorkout
from tests.contract.contract_kit import exercise_slot, fixed_set, routine_body
from tests.people import Person
from tests.routines.builder_kit import page_text

HTMX = {"HX-Request": "true"}


def two_routines(person: Person) -> tuple[dict, dict]:
    """ "Push" (Monday: bench 3 × 5 × 100 kg) and "Other" (Thursday: squat, then bench): bench in both."""
    ids = {e["name"]: e["id"] for e in person.api.exercises()}
    bench = exercise_slot(ids["Bench Press"], [fixed_set(n, 5, 100) for n in (1, 2, 3)])
    squat = exercise_slot(ids["Back Squat"], [fixed_set(1, 5, 120)])
    push = person.api.create_routine(routine_body("Push", [{"dayOfWeek": 1, "exercises": [bench]}]))
    other = person.api.create_routine(
        routine_body("Other", [{"dayOfWeek": 4, "exercises": [squat, {**bench, "order": 1}]}])
    )
    return push, other


def train(person: Person, routine: dict, sets: list[tuple[int, float, int, bool]], slot: int = 0) -> str:
    """A finished workout with these (set number, kg, reps, done) logged for the day's `slot` exercise."""
    session = person.api.start(routine)
    exercise = routine["days"][0]["exercises"][slot]
    for number, weight, reps, done in sets:
        person.api.log_set(session["id"], exercise, number, weight=weight, reps=reps, isCompleted=done)
    person.api.finish(session["id"])
    return session["id"]


def read_whole_history(client: Client, some_exercise_id: str, settings: Any) -> None:
    """Opens an exercise's page; its "Building your history…" line refreshes until the index is whole.

    The demo's thirty workouts are more than one user's share of a route for a minute (the budget would make
    the build wait a window, as it should): here the share is lifted, since building at that pace is tested
    with the exercise page (tests/progress/test_exercise_progress.py)."""
    settings.BACKEND_USER_SHARE = 1000
    url = f"/exercises/{some_exercise_id}"
    client.get(url)
    for _ in range(100):
        if "Building your history" not in page_text(client.get(url, headers=HTMX).content.decode()):
            return
    raise AssertionError("the history was not read after 100 refreshes")


def indexed_workout(
    workout_id: str, ended: str, exercises: dict[str, list[tuple[int, float, int, bool]]]
) -> IndexedWorkout:
    """A finished workout as the index holds it: per exercise id (also its name), (set, kg, reps, done)."""
    return IndexedWorkout(
        id=workout_id,
        routine_id="r",
        title="R · Monday",
        status="COMPLETED",
        ended_at=datetime.fromisoformat(ended),
        exercises=[
            IndexedExercise(
                id=exercise,
                name=exercise,
                sets=[
                    IndexedSet(number=n, weight=kg, reps=reps, rpe=None, done=done)
                    for n, kg, reps, done in sets
                ],
            )
            for exercise, sets in exercises.items()
        ],
    )
