"""A finished session set by set: what the routine planned against what was done (user's unit and zone).

The backend keeps no copy of the plan as it was: a session's routine day is the routine as it is now (already
progressed by later workouts). The plan as it was is known only for a session finished here, from what
finishing changed; otherwise the record says that the planned weights are today's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo

from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.timezones import iso_utc, local_date, local_time, zone_name
from workouts.presenters import ordered_exercises, reps_text
from workouts.types import SetLog, WorkoutSession
from workouts.units import format_logged, format_weight, plain

NOTHING = "–"
OTHER_EXERCISE = "An exercise no longer in this routine day"


@dataclass(frozen=True)
class RecordRow:
    set_number: int
    planned: str  # "8–12 × 60 kg", "12 reps", or "–" for a set beyond the plan
    reps: str
    weight: str
    rpe: str
    done: bool
    logged: bool = True  # anything was saved for this set


@dataclass(frozen=True)
class RecordBlock:
    name: str
    rows: list[RecordRow]
    exercise_id: str = ""  # the catalogue's, for its progress page ("" for a set of no exercise known)


@dataclass(frozen=True)
class SessionRecord:
    date: str  # "Mon 3 Nov 2025"
    start: str  # "17:42"
    end: str  # "18:47" ("" while unknown)
    started_iso: str
    zone: str
    blocks: list[RecordBlock]
    plan_is_current: bool  # the planned weights are the routine's today, not necessarily those of that day


Weights = tuple[float | None, ...]


def session_record(
    session: WorkoutSession, unit: WeightUnit, zone: tzinfo, weights_before: Mapping[str, Weights] | None
) -> SessionRecord:
    """`weights_before`: the prescribed weights per exercise name before finishing (None: not known)."""
    logs: dict[str, dict[int, SetLog]] = {}
    for log in session.set_logs or []:
        logs.setdefault(log.routine_exercise_id, {})[log.set_number] = log
    blocks = []
    for exercise in ordered_exercises(session.routine_day.exercises):
        done = logs.pop(exercise.id, {})
        before = (weights_before or {}).get(exercise.exercise.name)
        rows = []
        for index, planned in enumerate(sorted(exercise.sets, key=lambda s: s.set_number)):
            weight = before[index] if before is not None and index < len(before) else planned.weight
            reps = reps_text(planned.rep_type, planned.reps, planned.min_reps, planned.max_reps)
            logged = done.pop(planned.set_number, None)
            rows.append(_row(planned.set_number, _planned_text(reps, weight, unit), logged, unit))
        rows += [_row(number, NOTHING, log, unit) for number, log in sorted(done.items())]  # beyond the plan
        blocks.append(RecordBlock(exercise.exercise.name, rows, exercise.exercise.id))
    for leftover in logs.values():  # the routine day was rebuilt since: the sets still count
        rows = [_row(number, NOTHING, log, unit) for number, log in sorted(leftover.items())]
        blocks.append(RecordBlock(OTHER_EXERCISE, rows, next(iter(leftover.values())).exercise_id))
    return SessionRecord(
        date=local_date(session.started_at, zone),
        start=local_time(session.started_at, zone),
        end=local_time(session.trained_until, zone) if session.trained_until else "",
        started_iso=iso_utc(session.started_at),
        zone=zone_name(zone),
        blocks=blocks,
        plan_is_current=weights_before is None,
    )


def _planned_text(reps: str, weight_kg: float | None, unit: WeightUnit) -> str:
    weight = format_weight(weight_kg, unit).replace(" ", "\u00a0")
    if reps and weight:
        return f"{reps} × {weight}"
    return weight or (f"{reps}\u00a0reps" if reps else NOTHING)


def _row(set_number: int, planned: str, log: SetLog | None, unit: WeightUnit) -> RecordRow:
    if log is None:
        return RecordRow(set_number, planned, NOTHING, NOTHING, NOTHING, done=False, logged=False)
    return RecordRow(
        set_number=set_number,
        planned=planned,
        reps=str(log.reps) if (log.reps or log.is_completed) else NOTHING,  # a log saved without reps reads 0
        weight=format_logged(log.weight, unit).replace(" ", "\u00a0") or NOTHING,
        rpe=plain(log.rpe) or NOTHING,
        done=log.is_completed,
    )
