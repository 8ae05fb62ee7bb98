"""Exercises and routines as the backend sends them (`GET /exercises`, `GET /routines...`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sunnsteel_web.backend.schema import BackendModel

WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
ProgressionScheme = Literal["NONE", "DOUBLE_PROGRESSION", "DYNAMIC_DOUBLE_PROGRESSION"]
RepType = Literal["FIXED", "RANGE"]


class Exercise(BackendModel):
    id: str
    name: str
    primary_muscles: list[str] = []
    secondary_muscles: list[str] = []
    equipment: str | None = None


class ExerciseRef(BackendModel):
    id: str
    name: str
    primary_muscles: list[str] = []


class RoutineSet(BackendModel):
    id: str | None = None  # present on a session's copy of the routine day
    set_number: int
    rep_type: RepType
    reps: int | None = None
    min_reps: int | None = None
    max_reps: int | None = None
    weight: float | None = None
    rir: int | None = None

    @property
    def target_reps(self) -> int | None:
        """The reps that count as reaching the set (the top of a range)."""
        return self.max_reps if self.rep_type == "RANGE" else self.reps


class RoutineExercise(BackendModel):
    id: str
    order: int = 0
    rest_seconds: int = 60
    note: str | None = None
    progression_scheme: ProgressionScheme = "NONE"
    min_weight_increment: float = 2.5
    exercise: ExerciseRef
    sets: list[RoutineSet] = []


class RoutineDay(BackendModel):
    id: str
    day_of_week: int
    order: int = 0
    exercises: list[RoutineExercise] = []

    @property
    def day_name(self) -> str:
        return WEEKDAYS[self.day_of_week % 7]


class Routine(BackendModel):
    id: str
    user_id: str | None = None
    name: str
    description: str | None = None
    is_periodized: bool = False
    is_favorite: bool = False
    is_completed: bool = False
    days: list[RoutineDay] = []
    created_at: datetime | None = None
    updated_at: datetime | None = None


# --- What the app sends: CreateRoutine (POST /routines), also the whole body of a PATCH ---------------


class PlannedSet(BackendModel):
    set_number: int
    rep_type: RepType
    reps: int | None = None
    min_reps: int | None = None
    max_reps: int | None = None
    weight: float | None = None  # kg
    rir: int | None = None


class PlannedExercise(BackendModel):
    exercise_id: str
    order: int
    rest_seconds: int
    note: str | None = None
    progression_scheme: ProgressionScheme
    min_weight_increment: float  # kg
    sets: list[PlannedSet]


class PlannedDay(BackendModel):
    day_of_week: int
    order: int
    exercises: list[PlannedExercise]


class RoutinePlan(BackendModel):
    """A whole routine as the builder sends it; validated by the builder before it is made."""

    name: str
    description: str | None = None
    is_periodized: bool = False
    days: list[PlannedDay]

    def as_body(self, *, for_update: bool = False) -> dict[str, object]:
        """camelCase JSON with only the fields the backend takes (it refuses unknown ones, and a null it
        does not expect). An update sends the description even when empty, so clearing it clears it."""
        body: dict[str, object] = self.model_dump(by_alias=True, exclude_none=True)
        if for_update and self.description is None:
            body["description"] = ""
        return body
