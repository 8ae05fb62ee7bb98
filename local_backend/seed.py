"""Seed data: the exercise catalog, the demo user, and the demo routines with ten weeks of history.

The same content is given to users created through the control API with `demoData`, so each gets
an identical, independent copy (dates relative to the moment it is created). Randomness is seeded,
so every copy is the same.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from local_backend.api.users import ensure_app_user
from local_backend.catalog import EXERCISES
from local_backend.gotrue.users import create_user, find_user
from local_backend.models import (
    AppUser,
    Exercise,
    Routine,
    RoutineDay,
    RoutineExercise,
    RoutineSet,
    SetLog,
    WorkoutSession,
)
from local_backend.timeutil import now, truncate_ms

DEMO_EMAIL = "demo@sunnsteel.test"
DEMO_PASSWORD = "sunnsteel-demo"  # noqa: S105 (published demo login)
DEMO_NAME = "Demo Lifter"


@dataclass(frozen=True)
class S:
    """A prescribed set: FIXED when `reps` is given, else RANGE min..max."""

    weight: float | None
    reps: int | None = None
    min: int | None = None
    max: int | None = None
    rir: int | None = None


@dataclass(frozen=True)
class X:
    """A routine exercise template."""

    name: str
    scheme: str
    increment: float
    rest: int
    sets: tuple[S, ...]
    note: str | None = None


DOUBLE, DYNAMIC = "DOUBLE_PROGRESSION", "DYNAMIC_DOUBLE_PROGRESSION"

ROUTINES: tuple[dict[str, Any], ...] = (
    {
        "name": "Upper/Lower",
        "description": "Strength split: a heavy upper day and a heavy lower day each week.",
        "favorite": True,
        "days": {
            1: (  # Monday: upper
                X("Bench Press", DOUBLE, 2.5, 150,
                  (S(80, min=6, max=10, rir=2), S(80, min=6, max=10, rir=1), S(75, reps=8)),
                  note="Pause the first rep on the chest"),
                X("Bent-over Row", DOUBLE, 2.5, 120, (S(70, reps=8),) * 3),
                X("Overhead Press", DYNAMIC, 2.5, 120, (S(45, min=8, max=12),) * 3),
                X("Barbell Curl", "NONE", 1.25, 60, (S(30, reps=12),) * 2),
            ),
            4: (  # Thursday: lower
                X("Back Squat", DOUBLE, 5, 180, (S(110, min=5, max=8, rir=2),) * 3,
                  note="Belt on the last two sets"),
                X("Romanian Deadlift", DYNAMIC, 2.5, 120, (S(90, min=8, max=12),) * 3),
                X("Leg Press", "NONE", 5, 90, (S(160, reps=12),) * 3),
                X("Standing Calf Raise", "NONE", 2.5, 60, (S(60, min=10, max=15),) * 3),
            ),
        },
    },
    {
        "name": "Push Pull Legs",
        "description": "Hypertrophy block, three days a week.",
        "favorite": False,
        "days": {
            2: (  # Tuesday: push
                X("Incline Dumbbell Press", DYNAMIC, 2, 120, (S(28, min=8, max=12),) * 3),
                X("Cable Fly", "NONE", 2.5, 60, (S(15, reps=15),) * 3, note="Slow negatives"),
                X("Dumbbell Lateral Raises", DYNAMIC, 1, 60, (S(10, min=12, max=20),) * 3),
                X("Triceps Pushdown", DOUBLE, 2.5, 60, (S(30, min=10, max=15),) * 3),
            ),
            3: (  # Wednesday: pull
                X("Lat Pulldown", DOUBLE, 2.5, 90, (S(60, min=8, max=12),) * 3),
                X("Cable Row", "NONE", 2.5, 90, (S(55, reps=10),) * 3),
                X("Face Pull", "NONE", 2.5, 60, (S(20, reps=15),) * 2, note="Squeeze the shoulder blades"),
                X("Hammer Curl", DYNAMIC, 1, 60, (S(14, min=10, max=12),) * 2),
            ),
            5: (  # Friday: legs
                X("Deadlift", DOUBLE, 5, 180, (S(140, reps=5),) * 2),
                X("Bulgarian Split Squat", DYNAMIC, 2, 90, (S(20, min=8, max=12),) * 3),
                X("Lying Leg Curl", "NONE", 2.5, 60, (S(40, reps=12),) * 3),
                X("Hanging Leg Raise", "NONE", 0, 60, (S(None, reps=12),) * 2),
            ),
        },
    },
)  # fmt: skip

NOTES = (
    "Felt strong today",
    "Short on sleep, kept it easy",
    "New rep PR on the first set",
    "Gym was packed, swapped the exercise order",
    "Left knee a bit sore, went lighter",
    "Great pump",
    "Quick session before work",
)
ABORT_NOTES = ("Had to leave early", None, "Shoulder felt off, stopped")
WEEKS = 11


def ensure_catalog() -> dict[str, Exercise]:
    """Add catalog exercises that are missing (by name); existing rows are left alone."""
    existing = {e.name: e for e in Exercise.objects.all()}
    missing = [
        Exercise(
            name=name, primary_muscles=list(primary), secondary_muscles=list(secondary), equipment=equipment
        )
        for name, primary, secondary, equipment in EXERCISES
        if name not in existing
    ]
    if missing:
        Exercise.objects.bulk_create(missing)
        existing = {e.name: e for e in Exercise.objects.all()}
    return existing


def ensure_demo_user() -> bool:
    """Create the demo login with its routines and history; False when it already exists."""
    if find_user(DEMO_EMAIL) is not None:
        return False
    with transaction.atomic():
        auth_user = create_user(
            DEMO_EMAIL, password=DEMO_PASSWORD, metadata={"name": DEMO_NAME}, confirmed=True
        )
        add_demo_content(ensure_app_user(auth_user))
    return True


def add_demo_content(user: AppUser, reference: dt.datetime | None = None) -> None:
    """The demo routines and their history for `user`, as a handful of bulk inserts (tests create demo users
    by the hundred, so the rows are built in memory and written per table, not one query per row)."""
    catalog = ensure_catalog()
    rng = random.Random(20261123)
    with transaction.atomic():
        days: dict[int, _Day] = {}
        for index, template in enumerate(ROUTINES):
            days.update(_create_routine(user, template, catalog, index))
        _create_history(user, days, reference or now(), rng)


@dataclass(frozen=True)
class _Day:
    """A routine day as written, with its exercises in order and each one's sets by number."""

    day: RoutineDay
    items: tuple[tuple[RoutineExercise, tuple[RoutineSet, ...]], ...]


def _create_routine(
    user: AppUser, template: dict[str, Any], catalog: dict[str, Exercise], index: int
) -> dict[int, _Day]:
    created = now() - dt.timedelta(days=7 * WEEKS + 7 - index)
    routine = Routine.objects.create(
        user=user,
        name=template["name"],
        description=template["description"],
        is_favorite=template["favorite"],
        created_at=created,
        updated_at=created,
    )
    days: dict[int, _Day] = {}
    rows: list[RoutineExercise] = []
    sets: list[RoutineSet] = []
    for order, (day_of_week, exercises) in enumerate(template["days"].items()):
        day = RoutineDay(routine=routine, day_of_week=day_of_week, order=order)
        items = []
        for position, item in enumerate(exercises):
            row = RoutineExercise(
                day=day,
                exercise=catalog[item.name],
                order=position,
                rest_seconds=item.rest,
                note=item.note,
                progression_scheme=item.scheme,
                min_weight_increment=item.increment,
            )
            row_sets = tuple(
                RoutineSet(
                    routine_exercise=row,
                    set_number=number,
                    rep_type="FIXED" if s.reps is not None else "RANGE",
                    reps=s.reps,
                    min_reps=s.min,
                    max_reps=s.max,
                    weight=s.weight,
                    rir=s.rir,
                )
                for number, s in enumerate(item.sets, start=1)
            )
            rows.append(row)
            sets.extend(row_sets)
            items.append((row, row_sets))
        days[day_of_week] = _Day(day, tuple(items))
    RoutineDay.objects.bulk_create(d.day for d in days.values())
    RoutineExercise.objects.bulk_create(rows)
    RoutineSet.objects.bulk_create(sets)
    return days


def _training_days(reference: dt.datetime, rng: random.Random) -> list[dt.datetime]:
    """About three weekday sessions a week for WEEKS weeks, all before today."""
    today = reference.date()
    starts: list[dt.datetime] = []
    first_monday = today - dt.timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    for week in range(WEEKS):
        monday = first_monday + dt.timedelta(weeks=week)
        for offset in sorted(rng.sample(range(5), 3)):
            day = monday + dt.timedelta(days=offset)
            start = dt.datetime.combine(day, dt.time(17, 0), tzinfo=dt.UTC) + dt.timedelta(
                minutes=rng.randrange(0, 150), seconds=rng.randrange(60), milliseconds=rng.randrange(1000)
            )
            if day < today:
                starts.append(start)
    return starts


def _create_history(user: AppUser, days: dict[int, _Day], reference: dt.datetime, rng: random.Random) -> None:
    starts = _training_days(reference, rng)
    sessions: list[WorkoutSession] = []
    logs: list[SetLog] = []
    for count, started in enumerate(starts):
        day = days[(started.weekday() + 1) % 7]
        weeks_ago = (reference - started).days // 7
        aborted = (len(starts) - 1 - count) % 8 == 3  # never the latest one
        session = WorkoutSession(
            user=user,
            routine_id=day.day.routine_id,
            routine_day=day.day,
            status="ABORTED" if aborted else "COMPLETED",
            started_at=truncate_ms(started),
            notes=rng.choice(ABORT_NOTES) if aborted else (rng.choice(NOTES) if rng.random() < 0.4 else None),
        )
        moment = started + dt.timedelta(minutes=4)
        items = day.items
        for item, item_sets in items[: rng.randint(1, 2)] if aborted else items:
            for routine_set in item_sets:
                moment += dt.timedelta(seconds=item.rest_seconds + rng.randrange(30, 60))
                logs.append(_set_log(session, item, routine_set, weeks_ago, moment, rng))
        ended = truncate_ms(moment + dt.timedelta(minutes=rng.randint(2, 6)))
        session.ended_at = ended
        session.last_activity_at = truncate_ms(moment)
        session.duration_sec = int((ended - session.started_at).total_seconds())
        sessions.append(session)
    WorkoutSession.objects.bulk_create(sessions)
    SetLog.objects.bulk_create(logs)


def _set_log(
    session: WorkoutSession,
    item: RoutineExercise,
    routine_set: RoutineSet,
    weeks_ago: int,
    moment: dt.datetime,
    rng: random.Random,
) -> SetLog:
    """A realistic log: weights climb one increment every two weeks up to today's prescription."""
    weight = routine_set.weight
    if weight is not None and item.min_weight_increment:
        weight = max(item.min_weight_increment, weight - item.min_weight_increment * (weeks_ago // 2))
    if routine_set.rep_type == "FIXED":
        target = routine_set.reps or 1
        reps = target if rng.random() < 0.75 else max(1, target - rng.randint(1, 2))
    else:
        reps = rng.randint(routine_set.min_reps or 1, routine_set.max_reps or 1)
    stamp = truncate_ms(moment)
    return SetLog(
        session=session,
        routine_exercise_id=item.id,
        exercise_id=item.exercise_id,
        set_number=routine_set.set_number,
        reps=reps,
        weight=weight,
        rpe=rng.choice((None, 7, 7.5, 8, 8.5, 9)),
        is_completed=True,
        completed_at=stamp,
        created_at=stamp,
        updated_at=stamp,
    )
