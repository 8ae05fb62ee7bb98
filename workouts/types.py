"""Workout sessions as the backend sends them (`/workouts/sessions...`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from routines.types import RoutineDay
from sunnsteel_web.backend.schema import BackendModel

SessionStatus = Literal["IN_PROGRESS", "COMPLETED", "ABORTED"]
IDLE_SWEEP = timedelta(hours=48)  # production aborts sessions idle this long, by a sweep every 30 min


class RoutineRef(BackendModel):
    id: str
    name: str
    description: str | None = None


class SetLog(BackendModel):
    id: str
    session_id: str
    routine_exercise_id: str
    exercise_id: str
    set_number: int
    reps: int | None = None
    weight: float | None = None
    rpe: float | None = None
    is_completed: bool = False
    completed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class WorkoutSession(BackendModel):
    id: str
    user_id: str | None = None
    routine_id: str
    routine_day_id: str
    status: SessionStatus
    started_at: datetime
    ended_at: datetime | None = None
    duration_sec: int | None = None
    notes: str | None = None
    last_activity_at: datetime | None = None
    routine: RoutineRef
    routine_day: RoutineDay  # the day as the session started it (no notes, no RIR)
    set_logs: list[SetLog] | None = None  # only on GET /workouts/sessions/:id

    @property
    def is_active(self) -> bool:
        return self.status == "IN_PROGRESS"

    @property
    def swept(self) -> bool:
        """Aborted by production's idle sweep: no `durationSec`, and `endedAt` is the sweep's time, 48 h or
        more after the last set."""
        last = self.last_activity_at or self.started_at
        return (
            self.status == "ABORTED"
            and self.duration_sec is None
            and self.ended_at is not None
            and self.ended_at - last >= IDLE_SWEEP
        )

    @property
    def trained_until(self) -> datetime | None:
        """When the workout really ended: its last activity for a swept session, else `endedAt`."""
        return (self.last_activity_at or self.started_at) if self.swept else self.ended_at


class StartResponse(BackendModel):
    id: str
    routine_id: str
    routine_day_id: str
    status: SessionStatus
    started_at: datetime
    ended_at: datetime | None = None
    reused: bool = False


class SummaryRoutine(BackendModel):
    id: str
    name: str
    day_name: str | None = None


class SessionSummary(BackendModel):
    id: str
    status: SessionStatus
    started_at: datetime
    ended_at: datetime | None = None
    duration_sec: int | None = None
    notes: str | None = None
    total_volume: float | None = None
    total_sets: int | None = None
    total_exercises: int | None = None
    routine: SummaryRoutine


class SessionPage(BackendModel):
    items: list[SessionSummary]
    next_cursor: str | None = None
