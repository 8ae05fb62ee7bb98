"""A server-rendered SVG line chart of an exercise over time: no chart library in the browser.

Two lines per workout, in the user's unit: the best estimated 1RM and the top set's weight. The template draws
the SVG from these coordinates and puts the same numbers in a table beside it (the chart's accessible form).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from progress.records import Session
from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.timezones import local_short_date
from workouts.units import kg_to_display, plain

WIDTH, HEIGHT = 340, 180
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 26


@dataclass(frozen=True)
class Point:
    date: str  # "Mon 3 Nov"
    e1rm: str  # "92.5"
    top: str  # "80"
    x: float
    y_e1rm: float
    y_top: float


@dataclass(frozen=True)
class Chart:
    points: list[Point]  # oldest first
    low: str
    high: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM

    @property
    def e1rm_line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y_e1rm:.1f}" for p in self.points)

    @property
    def top_line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y_top:.1f}" for p in self.points)

    @property
    def first(self) -> str:
        return self.points[0].date

    @property
    def last(self) -> str:
        return self.points[-1].date


def chart(sessions: list[Session], unit: WeightUnit, zone: tzinfo) -> Chart | None:
    """None with fewer than two trained workouts (a line needs two points)."""
    trained = [s for s in reversed(sessions) if s.best_e1rm is not None and s.top_weight is not None]
    if len(trained) < 2:
        return None
    values = [(float(_shown(s.best_e1rm, unit)), float(_shown(s.top_weight, unit))) for s in trained]
    low = min(v for pair in values for v in pair)
    high = max(v for pair in values for v in pair)
    span = (high - low) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / span)

    points = [
        Point(
            date=local_short_date(s.ended_at, zone),
            e1rm=plain(_shown(s.best_e1rm, unit)),
            top=plain(_shown(s.top_weight, unit)),
            x=LEFT + plot_w * i / (len(trained) - 1),
            y_e1rm=y(e1),
            y_top=y(top),
        )
        for i, (s, (e1, top)) in enumerate(zip(trained, values, strict=True))
    ]
    return Chart(points=points, low=plain(low), high=plain(high))


def _shown(kg: float | None, unit: WeightUnit) -> float:
    value = kg_to_display(kg, unit)
    assert value is not None
    return float(value)
