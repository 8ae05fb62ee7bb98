"""CreateRoutine validation (NestJS-style messages) into plain dataclasses the views persist."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from local_backend.validation import Checker

SCHEMES = ("NONE", "DOUBLE_PROGRESSION", "DYNAMIC_DOUBLE_PROGRESSION")
SCHEME_MESSAGE = "must be one of: NONE, DOUBLE_PROGRESSION, DYNAMIC_DOUBLE_PROGRESSION"
REP_TYPES = ("FIXED", "RANGE")


@dataclass
class SetInput:
    set_number: int
    rep_type: str
    reps: int | None
    min_reps: int | None
    max_reps: int | None
    weight: float | None
    rir: int | None


@dataclass
class ExerciseInput:
    exercise_id: str
    order: int
    rest_seconds: int
    note: str | None
    progression_scheme: str
    min_weight_increment: float
    sets: list[SetInput] = field(default_factory=list)


@dataclass
class DayInput:
    day_of_week: int
    order: int
    exercises: list[ExerciseInput] = field(default_factory=list)


@dataclass
class RoutineInput:
    """Parsed body; for PATCH, `present` names the top-level fields that were sent."""

    name: str | None
    description: str | None
    is_periodized: bool | None
    days: list[DayInput] | None
    present: set[str]


def parse_routine(body: dict[str, Any], *, partial: bool) -> RoutineInput:
    check = Checker(body)
    check.forbid_unknown(["name", "description", "isPeriodized", "days"])
    name = check.string("name", required=not partial, not_empty=True)
    description = check.string("description")
    is_periodized = check.boolean("isPeriodized")
    raw_days = check.array("days")
    days: list[DayInput] | None = None
    if raw_days is not None:
        days = []
        for index, raw in enumerate(raw_days):
            sub = check.nested("days", index, raw)
            if sub is not None:
                days.append(_parse_day(sub, index))
        _check_unique(
            [d.day_of_week for d in days], "days.{}.dayOfWeek must be unique within a routine", check
        )
    check.raise_if_errors()
    return RoutineInput(name, description, is_periodized, days, set(body))


def _parse_day(check: Checker, index: int) -> DayInput:
    check.forbid_unknown(["dayOfWeek", "order", "exercises"])
    day_of_week = check.integer("dayOfWeek", required=True, minimum=0, maximum=6)
    order = check.integer("order", minimum=0)
    exercises: list[ExerciseInput] = []
    for position, raw in enumerate(check.array("exercises") or []):
        sub = check.nested("exercises", position, raw)
        if sub is not None:
            exercises.append(_parse_exercise(sub, position))
    return DayInput(
        day_of_week if day_of_week is not None else -1, order if order is not None else index, exercises
    )


def _parse_exercise(check: Checker, position: int) -> ExerciseInput:
    check.forbid_unknown(
        ["exerciseId", "order", "restSeconds", "note", "progressionScheme", "minWeightIncrement", "sets"]
    )
    exercise_id = check.string("exerciseId", required=True, not_empty=True)
    order = check.integer("order", minimum=0)
    rest = check.integer("restSeconds", minimum=0, maximum=600)
    note = check.string("note")
    scheme = check.enum("progressionScheme", SCHEMES, message=SCHEME_MESSAGE)
    increment = check.number("minWeightIncrement", minimum=0)
    sets: list[SetInput] = []
    for number, raw in enumerate(check.array("sets") or []):
        sub = check.nested("sets", number, raw)
        if sub is not None:
            sets.append(_parse_set(sub))
    _check_unique(
        [s.set_number for s in sets],
        check.prefix + "sets.{}.setNumber must be unique within an exercise",
        check,
    )
    return ExerciseInput(
        exercise_id=exercise_id or "",
        order=order if order is not None else position,
        rest_seconds=rest if rest is not None else 60,
        note=note,
        progression_scheme=scheme or "NONE",
        min_weight_increment=increment if increment is not None else 2.5,
        sets=sets,
    )


def _parse_set(check: Checker) -> SetInput:
    check.forbid_unknown(["setNumber", "repType", "reps", "minReps", "maxReps", "weight", "rir"])
    set_number = check.integer("setNumber", required=True, minimum=1, maximum=10)
    rep_type = check.enum("repType", REP_TYPES, required=True)
    fixed, ranged = rep_type == "FIXED", rep_type == "RANGE"
    reps = check.integer("reps", required=fixed, minimum=1, maximum=50)
    min_reps = check.integer("minReps", required=ranged, minimum=1, maximum=50)
    max_reps = check.integer("maxReps", required=ranged, minimum=1, maximum=50)
    if ranged and min_reps is not None and max_reps is not None and min_reps > max_reps:
        check.errors.append(f"{check.prefix}minReps must not be greater than maxReps")
    weight = check.number("weight", minimum=0)
    rir = check.integer("rir", minimum=0, maximum=10)
    return SetInput(
        set_number=set_number or 0,
        rep_type=rep_type or "FIXED",
        reps=reps if fixed else None,
        min_reps=min_reps if ranged else None,
        max_reps=max_reps if ranged else None,
        weight=weight,
        rir=rir,
    )


def _check_unique(values: list[int], template: str, check: Checker) -> None:
    seen: set[int] = set()
    for index, value in enumerate(values):
        if value in seen and value >= 0:
            message = template.format(index)
            check.errors.append(message if message.startswith(check.prefix) else check.prefix + message)
        seen.add(value)
