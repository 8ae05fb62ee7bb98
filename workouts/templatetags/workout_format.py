"""Template filters for weights in the user's unit, rep targets and rest times."""

from __future__ import annotations

from django import template

from routines.types import RoutineSet
from sunnsteel_web.backend.schema import WeightUnit
from workouts.presenters import muscle_name, reps_text, rest_text
from workouts.units import format_weight

register = template.Library()


@register.filter
def weight(kg: float | None, unit: WeightUnit) -> str:
    """{{ set.weight|weight:unit }} -> "62.5 kg" / "137.5 lb" ("–" for none)."""
    return format_weight(kg, unit) or "–"


@register.filter
def reps(prescribed: RoutineSet) -> str:
    """{{ set|reps }} -> "8–12" or "10"."""
    return reps_text(prescribed.rep_type, prescribed.reps, prescribed.min_reps, prescribed.max_reps) or "–"


@register.filter
def rest(seconds: int) -> str:
    return rest_text(seconds)


@register.filter
def muscle(code: str) -> str:
    return muscle_name(code)
