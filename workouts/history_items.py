"""One line of the history list as the template reads it, in the user's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from sunnsteel_web.timezones import iso_utc, local_date, local_time
from workouts.durations import duration_text
from workouts.types import SessionSummary

STATUS_LABELS = {"COMPLETED": "Completed", "ABORTED": "Aborted", "IN_PROGRESS": "In progress"}


@dataclass(frozen=True)
class HistoryItem:
    id: str
    title: str  # "Upper/Lower · Monday"
    status: str  # the backend's status, for styling
    date: str  # "Mon 3 Nov 2025" (the day it started)
    start: str  # "17:42"
    started_iso: str
    duration: str  # "1 h 05 min", "42 min"
    note: str  # the first line of the notes

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status.title())

    @classmethod
    def of(cls, item: SessionSummary, zone: tzinfo) -> HistoryItem:
        seconds = item.duration_sec
        # Production always sends durationSec for a finish; an ABORTED item without one was closed by its idle
        # sweep, whose endedAt is days after the last set: no duration is shown rather than a made-up one.
        if seconds is None and item.ended_at is not None and item.status != "ABORTED":
            seconds = int((item.ended_at - item.started_at).total_seconds())
        day = f" · {item.routine.day_name}" if item.routine.day_name else ""
        lines = (item.notes or "").strip().splitlines()
        return cls(
            id=item.id,
            title=f"{item.routine.name}{day}",
            status=item.status,
            date=local_date(item.started_at, zone),
            start=local_time(item.started_at, zone),
            started_iso=iso_utc(item.started_at),
            duration=duration_text(seconds),
            note=lines[0].strip() if lines else "",
        )
