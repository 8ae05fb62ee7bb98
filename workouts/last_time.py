""" "Last time" by exercise: each set row's hint is that set in the most recent finished workout (completed or
discarded) in which the same exercise had a set marked done, whatever its routine or day; so it survives a
routine edited into a new one and serves an exercise shared by two days.

Read from the training index (progress/index.py), never from the backend: the live page spends no call on it.
The index is read newest first, so while it is still being built the hints come from the workouts read so
far, which are the latest ones: an exercise found there has its true last time, one not found there has no
hint yet.
Sets match by set number; where that workout had the exercise twice (two slots of one day), the numbers both
had are left out (no telling which was which).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from progress.index import IndexedSet, IndexedWorkout
from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.timezones import local_short_date
from workouts.units import format_logged


@dataclass(frozen=True)
class Previous:
    ended_at: datetime
    sets: dict[int, IndexedSet]  # the done sets, by set number


@dataclass(frozen=True)
class LastTime:
    zone: tzinfo
    exercises: dict[str, Previous] = field(default_factory=dict)  # by the catalogue's exercise id

    @classmethod
    def of(cls, workouts: list[IndexedWorkout], session_id: str, zone: tzinfo) -> LastTime:
        """From the indexed workouts (any order), leaving out the session being trained."""
        found: dict[str, Previous] = {}
        for workout in sorted(workouts, key=lambda w: w.ended_at, reverse=True):
            if workout.id == session_id:
                continue
            for exercise in workout.exercises:
                done = [s for s in exercise.sets if s.done]
                if exercise.id in found or not done:
                    continue
                twice = {n for n, count in Counter(s.number for s in done).items() if count > 1}
                found[exercise.id] = Previous(
                    workout.ended_at, {s.number: s for s in done if s.number not in twice}
                )
        return cls(zone, found)

    def for_set(self, exercise_id: str, set_number: int) -> IndexedSet | None:
        previous = self.exercises.get(exercise_id)
        return None if previous is None else previous.sets.get(set_number)

    def date(self, exercise_id: str) -> str:
        """ "Mon 3 Nov" (the user's zone) when the exercise was last done, "" if never."""
        previous = self.exercises.get(exercise_id)
        return "" if previous is None else local_short_date(previous.ended_at, self.zone)


def last_set_text(done: IndexedSet | None, unit: WeightUnit) -> str:
    """ "last: 60 kg × 10" (in the user's unit), "last: 12 reps" without a weight, "" for nothing."""
    if done is None:
        return ""
    reps = done.reps or 0
    if not done.weight:
        return f"last: {reps} reps"
    return f"last: {format_logged(done.weight, unit)} × {reps}"
