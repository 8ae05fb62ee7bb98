"""One exercise's history and personal records, from the training index. Only sets marked done count.

Estimated one-rep max (e1RM) by Epley: weight × (1 + reps / 30); a single is its own weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from progress.index import IndexedSet, IndexedWorkout

PERIODS = {"3m": ("3 months", 91), "1y": ("1 year", 365), "all": ("All", None)}


def e1rm(weight: float, reps: int) -> float:
    """Epley's estimate of the most that could be lifted once."""
    return weight if reps == 1 else weight * (1 + reps / 30)


@dataclass(frozen=True)
class DoneSet:
    weight: float  # kg
    reps: int

    @property
    def e1rm(self) -> float:
        return e1rm(self.weight, self.reps)

    @property
    def volume(self) -> float:
        return self.weight * self.reps


@dataclass(frozen=True)
class Session:
    """This exercise in one workout."""

    workout_id: str
    title: str
    ended_at: datetime
    sets: list[IndexedSet]  # as logged, done or not

    @property
    def done(self) -> list[DoneSet]:
        return [DoneSet(s.weight, s.reps) for s in self.sets if s.done and s.weight is not None and s.reps]

    @property
    def best_e1rm(self) -> float | None:
        return max((s.e1rm for s in self.done), default=None)

    @property
    def top_weight(self) -> float | None:
        return max((s.weight for s in self.done), default=None)

    @property
    def volume(self) -> float:
        return sum(s.volume for s in self.done)


@dataclass(frozen=True)
class Best:
    value: float
    set: DoneSet | None
    session: Session


@dataclass(frozen=True)
class Records:
    heaviest: Best | None
    best_e1rm: Best | None
    best_set_volume: Best | None
    best_workout_volume: Best | None
    reps_at_weight: list[tuple[float, int, Session]]  # (kg, most reps, when), heaviest first


@dataclass(frozen=True)
class ExerciseHistory:
    exercise_id: str
    name: str
    sessions: list[Session]  # newest first, within the period
    records: Records


def exercise_history(
    workouts: list[IndexedWorkout], exercise_id: str, *, period: str, now: datetime
) -> ExerciseHistory | None:
    """None when the exercise was never logged."""
    days = PERIODS.get(period, PERIODS["all"])[1]
    since = None if days is None else now - timedelta(days=days)
    sessions, name = [], None
    for workout in sorted(workouts, key=lambda w: w.ended_at, reverse=True):
        for exercise in workout.exercises:
            if exercise.id != exercise_id:
                continue
            name = name or exercise.name
            if since is None or workout.ended_at >= since:
                sessions.append(Session(workout.id, workout.title, workout.ended_at, exercise.sets))
    if name is None:
        return None
    return ExerciseHistory(exercise_id, name, sessions, records(sessions))


def records(sessions: list[Session]) -> Records:
    done = [(s, d) for s in sessions for d in s.done]

    def best(key: str) -> Best | None:
        if not done:
            return None
        session, top = max(done, key=lambda pair: (getattr(pair[1], key), pair[1].reps))
        return Best(getattr(top, key), top, session)

    by_weight: dict[float, tuple[int, Session]] = {}
    for session, item in done:
        current = by_weight.get(item.weight)
        if current is None or item.reps > current[0]:
            by_weight[item.weight] = (item.reps, session)
    trained = [s for s in sessions if s.done]
    workout = max(trained, key=lambda s: s.volume, default=None)
    return Records(
        heaviest=best("weight"),
        best_e1rm=best("e1rm"),
        best_set_volume=best("volume"),
        best_workout_volume=None if workout is None else Best(workout.volume, None, workout),
        reps_at_weight=[(w, reps, s) for w, (reps, s) in sorted(by_weight.items(), reverse=True)],
    )
