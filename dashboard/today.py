"""Home as its template reads it: what to train today (in the user's time zone), and how the week went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from routines.types import WEEKDAYS, Routine, RoutineDay
from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.timezones import local_date
from workouts.types import SessionSummary, WorkoutSession
from workouts.units import format_weight


@dataclass(frozen=True)
class PlannedDay:
    routine: Routine
    day: RoutineDay
    session_id: str | None  # the workout of this day in progress, to resume instead of starting again


@dataclass(frozen=True)
class LastWorkout:
    id: str
    title: str  # "Upper/Lower · Monday"
    date: str  # "Mon 3 Nov 2025"
    volume: str  # "4,250 kg" ("" when it could not be read)


@dataclass(frozen=True)
class HomePage:
    weekday: str  # today, "Tuesday"
    today: list[PlannedDay]
    next_label: str  # "Tomorrow", "Thursday": when today has nothing planned
    upcoming: list[PlannedDay]
    last: LastWorkout | None
    this_week: int  # workouts finished since Monday
    this_week_more: bool  # at least that many (only the latest were asked for)
    has_routines: bool


def home_page(
    routines: list[Routine],
    active: WorkoutSession | None,
    recent: list[SessionSummary],
    *,
    zone: tzinfo,
    unit: WeightUnit,
    now: datetime,
    recent_limit: int,
    last_volume: str = "",
) -> HomePage:
    local = now.astimezone(zone)
    today = (local.weekday() + 1) % 7  # the backend counts from Sunday (0)
    training = [r for r in routines if not r.is_completed]

    def planned(day_of_week: int) -> list[PlannedDay]:
        return [
            PlannedDay(r, d, active.id if active and active.routine_day_id == d.id else None)
            for r in training
            for d in r.days
            if d.day_of_week == day_of_week
        ]

    next_label, upcoming = "", []
    todays = planned(today)
    if not todays:
        for ahead in range(1, 8):
            upcoming = planned((today + ahead) % 7)
            if upcoming:
                next_label = "Tomorrow" if ahead == 1 else WEEKDAYS[(today + ahead) % 7]
                break
    week_start = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    this_week = sum(1 for s in recent if s.ended_at is not None and s.ended_at >= week_start)
    last = recent[0] if recent else None
    return HomePage(
        weekday=WEEKDAYS[today],
        today=todays,
        next_label=next_label,
        upcoming=upcoming,
        last=None if last is None else _last_workout(last, zone, unit, last_volume),
        this_week=this_week,
        this_week_more=this_week == recent_limit == len(recent),
        has_routines=bool(training),
    )


def _last_workout(item: SessionSummary, zone: tzinfo, unit: WeightUnit, volume: str) -> LastWorkout:
    day = f" · {item.routine.day_name}" if item.routine.day_name else ""
    moment = item.ended_at or item.started_at
    if item.total_volume:
        volume = format_weight(item.total_volume, unit)
    return LastWorkout(
        id=item.id, title=f"{item.routine.name}{day}", date=local_date(moment, zone), volume=volume
    )
