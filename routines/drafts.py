"""A routine being built or edited: kept on the server, as typed, until it is saved.

The builder is a long form used on a phone between other things, so nothing typed may be lost: every post
(an action, or a field changed, with htmx) stores the whole draft here before anything else happens. It
lives in the state cache (never evicted to make room for cached answers) under the user's id, like
`sunnsteel_web.kept`, not in the browser's session, so it survives a reload, a lost connection, a backend
outage on Save and the sign-in ending: the same person finds it again after signing in. Values stay the
strings they were typed as; `routines.builder` validates them on Save.

A user has one draft of a new routine (`new`) and one per routine being edited (its id).
"""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from routines.types import WEEKDAYS, Routine, RoutineExercise, RoutineSet
from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.state import state_cache
from workouts.units import kg_to_display, plain

if TYPE_CHECKING:
    from sunnsteel_web.http import SignedInRequest

KEEP_SECONDS = 30 * 24 * 60 * 60  # a half-built routine waits a month
NEW = "new"
MAX_SETS = 10
WEEK = (1, 2, 3, 4, 5, 6, 0)  # the order days are shown in: Monday first (the backend's 0 is Sunday)

Scheme = Literal["NONE", "DOUBLE_PROGRESSION", "DYNAMIC_DOUBLE_PROGRESSION"]


def new_key() -> str:
    """A short id for an exercise or set, stable across reorders (its form fields are named by it)."""
    return secrets.token_hex(4)


class SetDraft(BaseModel):
    key: str = Field(default_factory=new_key)
    reps: str = "8"  # fixed reps, or the bottom of a range
    reps_to: str = "12"  # the top of a range; empty for fixed reps
    weight: str = ""  # in the draft's unit, as typed
    rir: str = ""
    # The stored kilograms this set was loaded with, and how they were shown: saved unchanged, a weight keeps
    # its exact kilograms (60 kg shown as 132.5 lb must not come back as 60.101 kg).
    weight_kg: float | None = None
    weight_shown: str = ""

    def copy_new(self) -> SetDraft:
        return self.model_copy(update={"key": new_key()})


class ExerciseDraft(BaseModel):
    key: str = Field(default_factory=new_key)
    exercise_id: str
    name: str
    rest: str = "90"
    scheme: Scheme = "DOUBLE_PROGRESSION"
    increment: str = "2.5"
    increment_kg: float | None = None
    increment_shown: str = ""
    note: str = ""
    sets: list[SetDraft] = []


class DayDraft(BaseModel):
    day_of_week: int
    exercises: list[ExerciseDraft] = []


class Removed(BaseModel):
    """The last day or exercise removed, so one tap brings it back."""

    day: DayDraft | None = None
    exercise: ExerciseDraft | None = None
    day_of_week: int = 0
    position: int = 0

    @property
    def label(self) -> str:
        if self.exercise is not None:
            return self.exercise.name
        return "the day" if self.day is None else day_label(self.day.day_of_week)


class Draft(BaseModel):
    key: str  # NEW, or the id of the routine being edited
    unit: WeightUnit = "KG"  # what weights were typed in
    name: str = ""
    description: str = ""
    days: list[DayDraft] = []
    removed: Removed | None = None
    left_out: list[str] = []  # template exercises the backend's catalogue does not have
    source: str = ""  # "Full body 3× a week" (a template), "Copy of …": said at the top of the builder
    history: str = ""  # "12 past workouts": of the routine being edited, when the builder opened it
    favorite: bool = False  # the routine being edited is a favourite (its new version will be too)
    changed_since: bool = False  # the routine changed after the draft was made (said, with "Start over")
    based_on: str = ""  # the edited routine's `fingerprint` when the draft was made (progression changes it)
    tried_to_save: bool = False  # from then on, every problem is shown next to its field

    @property
    def routine_id(self) -> str | None:
        return None if self.key == NEW else self.key

    @property
    def is_empty(self) -> bool:
        return not self.name.strip() and not self.days

    def day(self, day_of_week: int) -> DayDraft | None:
        return next((d for d in self.days if d.day_of_week == day_of_week), None)

    def find(self, exercise_key: str) -> tuple[DayDraft, int] | None:
        for day in self.days:
            for index, exercise in enumerate(day.exercises):
                if exercise.key == exercise_key:
                    return day, index
        return None

    def sort_days(self) -> None:
        self.days.sort(key=lambda d: WEEK.index(d.day_of_week))


def day_label(day_of_week: int) -> str:
    return WEEKDAYS[day_of_week % 7]


def default_increment(unit: WeightUnit) -> str:
    return "5" if unit == "LB" else "2.5"


def new_exercise(exercise_id: str, name: str, unit: WeightUnit, sets: int = 3) -> ExerciseDraft:
    """The sensible default: 3 × 8–12, 90 s rest, double progression, 2.5 kg / 5 lb steps."""
    return ExerciseDraft(
        exercise_id=exercise_id,
        name=name,
        increment=default_increment(unit),
        sets=[SetDraft() for _ in range(sets)],
    )


# --- from what the backend has -------------------------------------------------------------------------


def from_routine(routine: Routine, unit: WeightUnit, *, key: str, name: str | None = None) -> Draft:
    """A draft of an existing routine (to edit it, `key` = its id; to copy it, `key` = NEW), weights as they
    stand today, i.e. after progression."""
    days = [
        DayDraft(
            day_of_week=day.day_of_week,
            exercises=[_exercise(e, unit) for e in sorted(day.exercises, key=lambda e: e.order)],
        )
        for day in routine.days
    ]
    draft = Draft(
        key=key, unit=unit, name=routine.name if name is None else name, description=routine.description or ""
    )
    draft.days = days
    draft.favorite = routine.is_favorite and key != NEW
    draft.based_on = fingerprint(routine)
    draft.sort_days()
    return draft


def _exercise(item: RoutineExercise, unit: WeightUnit) -> ExerciseDraft:
    increment = _shown(item.min_weight_increment, unit)
    return ExerciseDraft(
        exercise_id=item.exercise.id,
        name=item.exercise.name,
        rest=str(item.rest_seconds),
        scheme=item.progression_scheme,
        increment=increment,
        increment_kg=item.min_weight_increment,
        increment_shown=increment,
        note=item.note or "",
        sets=[_set(s, unit) for s in sorted(item.sets, key=lambda s: s.set_number)],
    )


def _set(prescribed: RoutineSet, unit: WeightUnit) -> SetDraft:
    if prescribed.rep_type == "RANGE":
        low, high = prescribed.min_reps, prescribed.max_reps
    else:
        low, high = prescribed.reps, None
    weight = _shown(prescribed.weight, unit)
    return SetDraft(
        reps="" if low is None else str(low),
        reps_to="" if high is None else str(high),
        weight=weight,
        rir="" if prescribed.rir is None else str(prescribed.rir),
        weight_kg=prescribed.weight,
        weight_shown=weight,
    )


def _shown(kg: float | None, unit: WeightUnit) -> str:
    if kg is None:
        return ""
    shown = kg_to_display(Decimal(str(kg)), unit)
    return plain(shown)


def fingerprint(routine: Routine) -> str:
    """Changes whenever what the builder shows of the routine does (a workout's progression included)."""
    shown = routine.model_dump_json(include={"name", "description", "days"})
    return hashlib.sha256(shown.encode()).hexdigest()[:16]


# --- the store -------------------------------------------------------------------------------------------


def load(request: SignedInRequest, key: str) -> Draft | None:
    raw = state_cache().get(_cache_key(request, key))
    return None if raw is None else Draft.model_validate_json(raw)


def store(request: SignedInRequest, draft: Draft) -> None:
    state_cache().set(_cache_key(request, draft.key), draft.model_dump_json(), KEEP_SECONDS)


def forget(request: SignedInRequest, key: str) -> None:
    state_cache().delete(_cache_key(request, key))


def claim_save(request: SignedInRequest, key: str) -> bool:
    """Only one Save of a draft at a time (a double tap, two tabs): False while another one is under way."""
    return bool(state_cache().add(_cache_key(request, key) + ":saving", 1, timeout=SAVE_SECONDS))


def saved(request: SignedInRequest, key: str, routine_id: str) -> None:
    """The draft became this routine: a Save arriving late (the second tap) goes there instead."""
    state_cache().set(_cache_key(request, key) + ":saved", routine_id, timeout=SAVE_SECONDS)
    state_cache().delete(_cache_key(request, key) + ":saving")


def release_save(request: SignedInRequest, key: str) -> None:
    state_cache().delete(_cache_key(request, key) + ":saving")


def saved_as(request: SignedInRequest, key: str) -> str | None:
    value = state_cache().get(_cache_key(request, key) + ":saved")
    return value if isinstance(value, str) else None


SAVE_SECONDS = 60


def _cache_key(request: SignedInRequest, key: str) -> str:
    return f"routine-draft:{request.user.pk}:{key}"
