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


# The strip as an SVG drawn by the server (the History page): 12 bars of volume, each week's workouts above
# its bar, a date under every fourth week. In viewBox units; it scales to the card's width (about 300 px on
# a 360 px phone, where 12 px type reads at about 11 px).
SLOT, BAR, TOP, BASE, HEIGHT = 28, 20, 20, 96, 116
WIDTH = SLOT * WEEKS


@dataclass(frozen=True)
class Bar:
    week: Week
    x: int  # left edge
    y: int  # top edge
    height: int
    middle: int  # where the workouts' count is centred
    label: str  # the week's date under every fourth bar and "This week" under the last; "" for the others
    label_x: int
    anchor: str  # the label's text-anchor: the first and last stay inside the picture


@dataclass(frozen=True)
class Strip:
    weeks: list[Week]
    bars: list[Bar]
    workouts: int  # in the twelve weeks
    volume: str  # "85,300 kg"
    width: int = WIDTH
    height: int = HEIGHT
    base: int = BASE
    top: int = TOP
    track: int = BASE - TOP  # each week's slot, drawn faintly, so an empty week (this one, often) shows
    bar_width: int = BAR
    text_y: int = HEIGHT - 4

    @property
    def this_week(self) -> Week:
        return self.weeks[-1]


def strip(weeks: list[Week], unit: WeightUnit) -> Strip:
    """The bars of `weekly_strip`'s weeks: a week with workouts but no weighed volume still shows a sliver."""
    bars = []
    for i, week in enumerate(weeks):
        height = round((BASE - TOP) * week.height / 100) or (2 if week.workouts else 0)
        label = "This week" if i == WEEKS - 1 else (week.starts if i % 4 == 0 else "")
        middle = i * SLOT + SLOT // 2
        label_x, anchor = (0, "start") if i == 0 else (WIDTH, "end") if i == WEEKS - 1 else (middle, "middle")
        bars.append(
            Bar(
                week=week,
                x=i * SLOT + (SLOT - BAR) // 2,
                y=BASE - height,
                height=height,
                middle=middle,
                label=label,
                label_x=label_x,
                anchor=anchor,
            )
        )
    volume = sum(w.volume_kg for w in weeks)
    return Strip(
        weeks=weeks,
        bars=bars,
        workouts=sum(w.workouts for w in weeks),
        volume=format_volume(volume, unit) if volume else "",
    )
