"""Template filters of the progress pages: dates in the user's zone, logged weights as typed."""

from __future__ import annotations

from datetime import datetime, tzinfo

from django import template

from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.timezones import local_short_date
from workouts.units import format_logged, format_volume, unit_label

register = template.Library()


@register.filter
def short_date(moment: datetime, zone: tzinfo) -> str:
    """{{ session.ended_at|short_date:zone }} -> "Mon 3 Nov"."""
    return local_short_date(moment, zone)


@register.filter
def logged(kg: float | None, unit: WeightUnit) -> str:
    """A weight as it was logged: "62.3 kg" (not rounded to a plate step)."""
    return format_logged(kg, unit) or "–"


@register.filter
def unit_name(unit: WeightUnit) -> str:
    return unit_label(unit)


@register.filter
def volume(kg: float, unit: WeightUnit) -> str:
    """{{ record.value|volume:unit }} -> "1,220 kg"."""
    return format_volume(kg, unit)
