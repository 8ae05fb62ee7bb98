"""What a finished workout amounted to: duration, sets, volume, best sets, what progressed for next time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from progress.bests import Bests, RecordSet
from progress.records import DoneSet
from routines.types import RoutineDay
from sunnsteel_web.backend.schema import WeightUnit
from workouts.durations import duration_text
from workouts.presenters import ordered_exercises
from workouts.types import WorkoutSession
from workouts.units import format_logged, kg_to_display, plain, unit_label


@dataclass(frozen=True)
class BestSet:
    exercise: str
    weight_kg: float | None
    reps: int
    exercise_id: str = ""  # the catalogue's: its progress page

    def text(self, unit: WeightUnit) -> str:
        if not self.weight_kg:
            return f"{self.reps} reps"
        return f"{format_logged(self.weight_kg, unit)} × {self.reps}"


@dataclass(frozen=True)
class Progression:
    """One exercise's prescribed weights before and after finishing (kg, per set)."""

    exercise: str
    before: tuple[float | None, ...]
    after: tuple[float | None, ...]

    def text(self, unit: WeightUnit) -> str:
        """ "Bench Press: 60 → 62.5 kg" (per set when the sets differ: "60, 60 → 65, 62.5 kg")."""
        before, after = _weights(self.before, unit), _weights(self.after, unit)
        return f"{self.exercise}: {before} → {after} {unit_label(unit)}"

    def as_dict(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "before": list(self.before), "after": list(self.after)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Progression:
        return cls(exercise=data["exercise"], before=tuple(data["before"]), after=tuple(data["after"]))


@dataclass(frozen=True)
class WorkoutSummary:
    session: WorkoutSession
    unit: WeightUnit
    duration_sec: int
    completed_sets: int
    total_sets: int
    volume_kg: float
    best_sets: list[BestSet]
    progressions: list[Progression]
    records: list[RecordSet] = field(default_factory=list)  # the personal records set in this workout

    @property
    def completed(self) -> bool:
        return self.session.status == "COMPLETED"

    @property
    def best_lines(self) -> list[tuple[BestSet, str]]:
        return [(best, best.text(self.unit)) for best in self.best_sets]

    @property
    def record_lines(self) -> list[tuple[RecordSet, str]]:
        return [(found, found.text(self.unit)) for found in self.records]

    @property
    def progression_lines(self) -> list[str]:
        return [change.text(self.unit) for change in self.progressions]

    @property
    def duration(self) -> str:
        return duration_text(self.duration_sec)

    @property
    def volume(self) -> str:
        shown = kg_to_display(self.volume_kg, self.unit) or 0
        return f"{round(shown):,} {unit_label(self.unit)}"


def progressions(before: RoutineDay, after: RoutineDay) -> list[Progression]:
    """Exercises whose prescribed weights changed between the day as the session started and as it ended."""
    previous = {exercise.id: exercise for exercise in before.exercises}
    changed = []
    for exercise in ordered_exercises(after.exercises):
        old = previous.get(exercise.id)
        if old is None:
            continue
        was = tuple(s.weight for s in sorted(old.sets, key=lambda s: s.set_number))
        now = tuple(s.weight for s in sorted(exercise.sets, key=lambda s: s.set_number))
        if was != now:
            changed.append(Progression(exercise=exercise.exercise.name, before=was, after=now))
    return changed


def summarize(
    session: WorkoutSession, changes: list[Progression], unit: WeightUnit, bests: Bests | None = None
) -> WorkoutSummary:
    """`bests`: the records before this workout (progress/bests.py), for the records it set."""
    names = {exercise.id: exercise.exercise.name for exercise in session.routine_day.exercises}
    prescribed = {(e.id, s.set_number) for e in session.routine_day.exercises for s in e.sets}
    done = [log for log in session.set_logs or [] if log.is_completed]
    best: dict[str, BestSet] = {}
    for log in done:
        name = names.get(log.routine_exercise_id, "Exercise")
        candidate = BestSet(name, log.weight, log.reps or 0, log.exercise_id)
        current = best.get(log.routine_exercise_id)
        if current is None or _heavier(candidate, current):
            best[log.routine_exercise_id] = candidate
    order = [exercise.id for exercise in ordered_exercises(session.routine_day.exercises)]
    duration = session.duration_sec
    if duration is None:  # a swept session has none: count to its last set, not to the sweep two days on
        duration = int(((session.trained_until or session.started_at) - session.started_at).total_seconds())
    return WorkoutSummary(
        session=session,
        unit=unit,
        duration_sec=max(0, duration),
        completed_sets=sum(1 for log in done if (log.routine_exercise_id, log.set_number) in prescribed),
        total_sets=len(prescribed),
        volume_kg=sum((log.weight or 0) * (log.reps or 0) for log in done),
        best_sets=[best[exercise_id] for exercise_id in order if exercise_id in best],
        progressions=changes,
        records=_records(session, bests) if bests else [],
    )


def _records(session: WorkoutSession, bests: Bests) -> list[RecordSet]:
    """Per exercise in the day's order, the done sets (as the exercise page counts them) against the bests."""
    sets: dict[str, list[DoneSet]] = {}
    for log in session.set_logs or []:
        if log.is_completed and log.weight is not None and log.reps:
            sets.setdefault(log.exercise_id, []).append(DoneSet(log.weight, log.reps))
    exercises = []
    for exercise in ordered_exercises(session.routine_day.exercises):
        if exercise.exercise.id in sets:
            exercises.append((exercise.exercise.id, exercise.exercise.name, sets.pop(exercise.exercise.id)))
    return bests.set_in(exercises)


def _heavier(one: BestSet, other: BestSet) -> bool:
    return (one.weight_kg or 0, one.reps) > (other.weight_kg or 0, other.reps)


def _weights(weights: tuple[float | None, ...], unit: WeightUnit) -> str:
    shown = [plain(kg_to_display(w, unit)) if w is not None else "–" for w in weights]
    return shown[0] if len(set(shown)) == 1 else ", ".join(shown)
