"""Records while training: whether a set beats the user's best before this workout, from the training index.

The bests are those of the exercise page (progress/records.py): the heaviest weight and the best estimated
1RM (Epley) of the sets marked done in other finished workouts that ended before this one. No backend call:
the index is read from the cache. Claimed only from a complete index (a history still being read could hold a
heavier set not read yet) and only for an exercise done before (a first time beats nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from progress.index import TrainingIndex
from progress.records import DoneSet, Session, e1rm
from sunnsteel_web.backend.schema import WeightUnit
from workouts.units import format_logged, format_weight

NEW_E1RM = "New best e1RM"
HEAVIEST = "Heaviest yet"
_EPSILON = 1e-9  # a tie is not a record


@dataclass(frozen=True)
class Best:
    e1rm: float
    weight: float


@dataclass(frozen=True)
class RecordSet:
    """A record set in a workout: its kind (NEW_E1RM or HEAVIEST) and the set that did it."""

    exercise_id: str
    exercise: str
    kind: str
    weight: float  # kg
    reps: int

    def text(self, unit: WeightUnit) -> str:
        """ "New best e1RM 116.75 kg (100 kg × 5)", "Heaviest yet 102.5 kg × 3" (e1RM on the unit's step)."""
        done = f"{format_logged(self.weight, unit)} × {self.reps}"
        if self.kind == NEW_E1RM:
            return f"{self.kind} {format_weight(e1rm(self.weight, self.reps), unit)} ({done})"
        return f"{self.kind} {done}"


@dataclass(frozen=True)
class Bests:
    exercises: dict[str, Best] = field(default_factory=dict)  # by the catalogue's exercise id

    def beaten(self, exercise_id: str, weight: float | None, reps: int | None, done: bool) -> tuple[str, ...]:
        """Which records this set beats: ("New best e1RM", "Heaviest yet"), either, or none."""
        best = self.exercises.get(exercise_id)
        if best is None or not done or weight is None or not reps:
            return ()
        kinds = []
        if e1rm(weight, reps) > best.e1rm + _EPSILON:
            kinds.append(NEW_E1RM)
        if weight > best.weight + _EPSILON:
            kinds.append(HEAVIEST)
        return tuple(kinds)

    def set_in(self, exercises: list[tuple[str, str, list[DoneSet]]]) -> list[RecordSet]:
        """The records a workout set: per exercise (id, name, its done sets) at most one of each kind, the
        best set of that kind (the most reps breaking a tie)."""
        found = []
        for exercise_id, name, sets in exercises:
            for kind, key in ((NEW_E1RM, "e1rm"), (HEAVIEST, "weight")):
                beating = [s for s in sets if kind in self.beaten(exercise_id, s.weight, s.reps, True)]
                if beating:
                    top = max(beating, key=lambda s: (getattr(s, key), s.reps))
                    found.append(RecordSet(exercise_id, name, kind, top.weight, top.reps))
        return found


def bests_before(index: TrainingIndex, session_id: str, ended_at: datetime | None) -> Bests:
    """The bests of the workouts other than `session_id` that ended before `ended_at` (None: all of them)."""
    if not index.complete:
        return Bests()
    done: dict[str, list[DoneSet]] = {}
    for workout in index.workouts.values():
        if workout.id == session_id or (ended_at is not None and workout.ended_at >= ended_at):
            continue
        for exercise in workout.exercises:
            session = Session(workout.id, workout.title, workout.ended_at, exercise.sets)
            done.setdefault(exercise.id, []).extend(session.done)
    return Bests(
        {
            exercise_id: Best(max(s.e1rm for s in sets), max(s.weight for s in sets))
            for exercise_id, sets in done.items()
            if sets
        }
    )
