"""Time helpers that keep every timestamp at millisecond precision, like the production backend.

Stored values are truncated to milliseconds when written, so what a client reads back (and sends
back as a cursor or filter) compares equal to what is stored.
"""

from __future__ import annotations

import datetime as dt
import re

UTC = dt.UTC

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def now() -> dt.datetime:
    """The current UTC time, truncated to milliseconds."""
    return truncate_ms(dt.datetime.now(UTC))


def truncate_ms(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def iso(value: dt.datetime | None) -> str | None:
    """ISO-8601 UTC with milliseconds and Z, as JavaScript's Date.toISOString() writes it."""
    if value is None:
        return None
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def iso_micro(value: dt.datetime | None) -> str | None:
    """RFC 3339 with microseconds, as GoTrue writes its timestamps."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_bound(raw: str, *, end_of_day: bool) -> dt.datetime | None:
    """Parse a list filter bound: an ISO datetime, or a plain date (start or end of that UTC day)."""
    raw = raw.strip()
    if _DATE_ONLY.match(raw):
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            return None
        start = dt.datetime.combine(day, dt.time.min, tzinfo=UTC)
        return start + dt.timedelta(days=1, milliseconds=-1) if end_of_day else start
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
