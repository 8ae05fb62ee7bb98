"""Starter programs a new user can begin from, written as exercise names.

They are resolved against the backend's catalogue (`GET /exercises`) when used: a backend whose catalogue
lacks an exercise gets the program without it, and the builder says which were left out. Weights are left
empty: the lifter fills in what they lift while adjusting the program in the builder.
"""

from __future__ import annotations

from dataclasses import dataclass

from routines.drafts import NEW, DayDraft, Draft, ExerciseDraft, SetDraft, default_increment
from routines.types import Exercise
from sunnsteel_web.backend.schema import WeightUnit

MON, TUE, WED, THU, FRI, SAT = 1, 2, 3, 4, 5, 6


@dataclass(frozen=True)
class Move:
    """One exercise of a starter: sets × reps (a range when `top` is above `reps`), rest in seconds."""

    name: str
    sets: int = 3
    reps: int = 8
    top: int = 12
    rest: int = 90


@dataclass(frozen=True)
class Starter:
    slug: str
    name: str
    summary: str
    days: tuple[tuple[int, tuple[Move, ...]], ...]

    @property
    def day_count(self) -> int:
        return len(self.days)


_SQUAT = Move("Back Squat", 3, 5, 8, rest=180)
_BENCH = Move("Bench Press", 3, 5, 8, rest=150)
_ROW = Move("Bent-over Row", 3, 6, 10, rest=120)
_DEADLIFT = Move("Deadlift", 2, 3, 5, rest=180)
_PRESS = Move("Overhead Press", 3, 6, 10, rest=120)
_PULLDOWN = Move("Lat Pulldown", 3, 8, 12)
_RDL = Move("Romanian Deadlift", 3, 8, 10, rest=120)
_CURL = Move("Barbell Curl", 2, 10, 15, rest=60)
_PUSHDOWN = Move("Triceps Pushdown", 2, 10, 15, rest=60)
_CRUNCH = Move("Crunches", 2, 12, 20, rest=60)

STARTERS: tuple[Starter, ...] = (
    Starter(
        "full-body-3",
        "Full body, 3× a week",
        "Squat, press and pull every session, a day's rest between. The classic way to start.",
        (
            (MON, (_SQUAT, _BENCH, _ROW, _CRUNCH)),
            (WED, (_DEADLIFT, _PRESS, _PULLDOWN, _CURL)),
            (FRI, (_SQUAT, _BENCH, _ROW, _PUSHDOWN)),
        ),
    ),
    Starter(
        "upper-lower-4",
        "Upper / lower, 4× a week",
        "Upper body and legs on alternate days: more volume per muscle, shorter sessions.",
        (
            (MON, (_BENCH, _ROW, _PRESS, _PULLDOWN, _CURL)),
            (
                TUE,
                (_SQUAT, _RDL, Move("Leg Press", 3, 10, 15), Move("Standing Calf Raise", 3, 10, 15, rest=60)),
            ),
            (
                THU,
                (
                    Move("Incline Dumbbell Press", 3, 8, 12),
                    Move("Cable Row", 3, 8, 12),
                    Move("Dumbbell Lateral Raises", 3, 12, 15, rest=60),
                    _PUSHDOWN,
                ),
            ),
            (
                FRI,
                (
                    _DEADLIFT,
                    Move("Bulgarian Split Squat", 3, 8, 12),
                    Move("Lying Leg Curl", 3, 10, 15),
                    _CRUNCH,
                ),
            ),
        ),
    ),  # fmt: skip
    Starter(
        "push-pull-legs",
        "Push / pull / legs",
        "Chest, shoulders and triceps; back and biceps; then legs. Three focused days a week.",
        (
            (
                MON,
                (
                    _BENCH,
                    _PRESS,
                    Move("Incline Dumbbell Press", 3, 8, 12),
                    _PUSHDOWN,
                    Move("Dumbbell Lateral Raises", 3, 12, 15, rest=60),
                ),
            ),
            (
                WED,
                (
                    _DEADLIFT,
                    Move("Pull-ups", 3, 5, 10, rest=120),
                    Move("Cable Row", 3, 8, 12),
                    _CURL,
                    Move("Face Pull", 3, 12, 15, rest=60),
                ),
            ),
            (
                FRI,
                (
                    _SQUAT,
                    _RDL,
                    Move("Leg Press", 3, 10, 15),
                    Move("Lying Leg Curl", 3, 10, 15),
                    Move("Standing Calf Raise", 3, 10, 15, rest=60),
                ),
            ),
        ),
    ),  # fmt: skip
    Starter(
        "beginner-2",
        "Beginner, 2 days a week",
        "Two short full-body sessions with machines and dumbbells: easy to learn, easy to fit in.",
        (
            (
                TUE,
                (
                    Move("Goblet Squat", 3, 8, 12),
                    Move("Machine Chest Press", 3, 8, 12),
                    Move("Lat Pulldown", 3, 8, 12),
                    _CRUNCH,
                ),
            ),
            (
                FRI,
                (
                    Move("Leg Press", 3, 10, 15),
                    Move("Dumbbell Bench Press", 3, 8, 12),
                    Move("Seated Machine Row", 3, 8, 12),
                    Move("Dead Bug", 2, 8, 12, rest=60),
                ),
            ),
        ),
    ),  # fmt: skip
)


def starter_named(slug: str) -> Starter | None:
    return next((s for s in STARTERS if s.slug == slug), None)


def draft_from_starter(starter: Starter, catalogue: list[Exercise], unit: WeightUnit) -> Draft:
    """The program as a new-routine draft, with the exercises this catalogue has; the others are named in
    `left_out`."""
    by_name = {e.name.casefold(): e for e in catalogue}
    left_out: list[str] = []
    days = []
    for day_of_week, moves in starter.days:
        exercises = []
        for move in moves:
            found = by_name.get(move.name.casefold())
            if found is None:
                if move.name not in left_out:
                    left_out.append(move.name)
                continue
            top = "" if move.top == move.reps else str(move.top)
            exercises.append(
                ExerciseDraft(
                    exercise_id=found.id,
                    name=found.name,
                    rest=str(move.rest),
                    increment=default_increment(unit),
                    sets=[SetDraft(reps=str(move.reps), reps_to=top) for _ in range(move.sets)],
                )
            )
        days.append(DayDraft(day_of_week=day_of_week, exercises=exercises))
    draft = Draft(key=NEW, unit=unit, name=starter.name, days=days, left_out=left_out, source=starter.name)
    draft.sort_days()
    return draft
