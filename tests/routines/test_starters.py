"""Templates are written as exercise names and resolved against whatever catalogue the backend has."""

from __future__ import annotations

from routines.starters import STARTERS, draft_from_starter, starter_named
from routines.types import Exercise
from tests.people import Person


def test_every_template_resolves_completely_against_the_catalogue(newcomer: Person) -> None:
    catalogue = [Exercise.model_validate(e) for e in newcomer.api.exercises()]

    for starter in STARTERS:
        draft = draft_from_starter(starter, catalogue, "KG")
        assert draft.left_out == [], starter.slug
        assert [len(d.exercises) for d in draft.days] == [len(moves) for _, moves in starter.days]


def test_exercises_a_catalogue_lacks_are_left_out_and_named() -> None:
    starter = starter_named("full-body-3")
    assert starter is not None
    catalogue = [
        Exercise(id=f"id-{n}", name=name)
        for n, name in enumerate(["Back Squat", "bench press", "Bent-over Row", "Deadlift", "Lat Pulldown"])
    ]

    draft = draft_from_starter(starter, catalogue, "LB")

    assert draft.left_out == ["Crunches", "Overhead Press", "Barbell Curl", "Triceps Pushdown"]
    monday = draft.days[0]
    assert [e.name for e in monday.exercises] == ["Back Squat", "bench press", "Bent-over Row"]
    assert monday.exercises[1].exercise_id == "id-1"  # matched whatever the case
    assert monday.exercises[0].increment == "5"  # pounds
    assert [(s.reps, s.reps_to) for s in monday.exercises[0].sets] == [("5", "8")] * 3
