""" "Last time": what the user did in each set the last time they completed the same routine day.

Read from that session's set logs. A set is found by its routine exercise and set number; when the routine was
rebuilt since (no routine exercise in common), by its exercise and set number instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.timezones import local_short_date
from workouts.types import SetLog, WorkoutSession
from workouts.units import format_logged

SetKey = tuple[str, int]


@dataclass(frozen=True)
class LastTime:
    date: str  # "Mon 3 Nov", in the user's time zone
    by_exercise: bool  # the routine was rebuilt since: sets are keyed by exercise id, not routine exercise id
    sets: dict[SetKey, SetLog] = field(default_factory=dict)  # completed sets: (id, set number)

    @classmethod
    def of(cls, previous: WorkoutSession, current: WorkoutSession, zone: tzinfo) -> LastTime:
        done = [log for log in previous.set_logs or [] if log.is_completed]
        slots = {exercise.id for exercise in current.routine_day.exercises}
        rebuilt = bool(done) and not slots & {log.routine_exercise_id for log in done}
        sets: dict[SetKey, SetLog] = {}
        repeated: set[SetKey] = set()
        for log in done:
            key = (log.exercise_id if rebuilt else log.routine_exercise_id, log.set_number)
            if key in sets:
                repeated.add(key)  # an exercise twice in the day: without slot ids, no telling which
            sets[key] = log
        return cls(
            date=local_short_date(previous.ended_at or previous.started_at, zone),
            by_exercise=rebuilt,
            sets={key: log for key, log in sets.items() if key not in repeated},
        )

    def for_set(self, routine_exercise_id: str, exercise_id: str, set_number: int) -> SetLog | None:
        return self.sets.get((exercise_id if self.by_exercise else routine_exercise_id, set_number))

    def did_exercise(self, routine_exercise_id: str, exercise_id: str) -> bool:
        wanted = exercise_id if self.by_exercise else routine_exercise_id
        return any(key == wanted for key, _ in self.sets)


def last_set_text(log: SetLog | None, unit: WeightUnit) -> str:
    """ "last: 60 kg × 10" (in the user's unit), "last: 12 reps" without a weight, "" for nothing."""
    if log is None:
        return ""
    reps = log.reps or 0
    if not log.weight:
        return f"last: {reps} reps"
    return f"last: {format_logged(log.weight, unit)} × {reps}"
