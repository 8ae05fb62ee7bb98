"""The user's time zone, for calendar days and clock times.

The backend keeps UTC instants and knows no time zone; the browser tells us its zone (`static/js/timezone.js`
stores it in the `tz` cookie, or fills a hidden `tz` form field when cookies cannot be stored). Without
JavaScript the zone is UTC.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from django.http import HttpRequest

TZ_COOKIE = "tz"


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def zone_named(name: str | None) -> tzinfo | None:
    """The IANA zone called `name` ("Europe/Oslo"), or None for anything else (never a file path)."""
    if not name or name not in _known_zones():
        return None
    if name == "UTC":
        return UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def request_zone(request: HttpRequest, explicit: str | None = None) -> tzinfo:
    """The zone named in the request (a form field), else the browser's cookie, else UTC."""
    return zone_named(explicit) or zone_named(request.COOKIES.get(TZ_COOKIE)) or UTC


def zone_name(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or "UTC"


def day_start(day: date, zone: tzinfo) -> datetime:
    """The first instant of a calendar day in `zone`, in UTC."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def day_end(day: date, zone: tzinfo) -> datetime:
    """The last millisecond of a calendar day in `zone`, in UTC (the backend keeps milliseconds)."""
    return day_start(day + timedelta(days=1), zone) - timedelta(milliseconds=1)


def iso_utc(moment: datetime) -> str:
    """ "2026-11-23T22:57:19.161Z", as the backend writes its instants."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def local_date(moment: datetime, zone: tzinfo) -> str:
    """ "Mon 3 Nov 2025" in `zone`."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y}"


def local_short_date(moment: datetime, zone: tzinfo) -> str:
    """ "Mon 3 Nov" in `zone`."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}"


def local_time(moment: datetime, zone: tzinfo) -> str:
    """ "17:42" in `zone`."""
    return f"{moment.astimezone(zone):%H:%M}"
