"""The last twelve weeks at a glance: workouts and volume per week (Monday to Sunday, in the user's zone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from progress.index import IndexedWorkout
from sunnsteel_web.backend.schema import WeightUnit
from workouts.units import format_volume

WEEKS = 12


@dataclass(frozen=True)
class Week:
    starts: str  # "3 Nov"
    workouts: int
    volume: str  # "4,250 kg", "" for none
    volume_kg: float
    height: int  # 0..100: this week's volume against the biggest week's, for the bar


def weekly_strip(
    workouts: list[IndexedWorkout], *, zone: tzinfo, now: datetime, unit: WeightUnit
) -> list[Week]:
    """Oldest week first, this week last. Only completed workouts' done sets count toward volume."""
    local = now.astimezone(zone)
    this_monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    starts = [this_monday - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    counts, volumes = [0] * WEEKS, [0.0] * WEEKS
    for workout in workouts:
        ended = workout.ended_at.astimezone(zone)
        index = (ended - starts[0]).days // 7
        if not 0 <= index < WEEKS or workout.status != "COMPLETED":
            continue
        counts[index] += 1
        volumes[index] += sum(
            (s.weight or 0) * (s.reps or 0) for e in workout.exercises for s in e.sets if s.done
        )
    biggest = max(volumes) or 1.0
    return [
        Week(
            starts=f"{start.day} {start:%b}",
            workouts=counts[i],
            volume=format_volume(volumes[i], unit) if volumes[i] else "",
            volume_kg=volumes[i],
            height=round(100 * volumes[i] / biggest),
        )
        for i, start in enumerate(starts)
    ]
