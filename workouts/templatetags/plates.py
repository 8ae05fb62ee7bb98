"""{% plate_hint row %}: the plate calculator on a set row, for the weight in its input (workouts.plates)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import template

from sunnsteel_web.forms import decimal_text
from workouts.plate_settings import PlateSettings, plate_settings
from workouts.plates import plates_for, plates_text
from workouts.presenters import SetRow
from workouts.units import plain, unit_label

register = template.Library()
NUMBER = re.compile(r"\d+(\.\d*)?|\.\d+")  # as static/js/session/plates.js reads one


@register.inclusion_tag("workouts/_plates.html", takes_context=True)
def plate_hint(context: template.Context, row: SetRow) -> dict[str, Any]:
    """Nothing for a set without a weight (a bodyweight exercise); else its plates, or what to type."""
    if row.slot.weight is None and not row.weight:
        return {"shown": False}
    settings: PlateSettings | None = context.render_context.get("plate-settings")
    if settings is None:  # once per page: every row of it has the same bar and plates
        settings = context.render_context["plate-settings"] = plate_settings(context["request"])
    return {
        "shown": True,
        "row": row,
        "text": _text(row.weight, settings),
        "bar": plain(settings.bar),
        "plates": " ".join(plain(p) for p in settings.plates),
        "unit": unit_label(settings.unit),
    }


def _text(typed: str, settings: PlateSettings) -> str:
    text = decimal_text(typed)
    if not NUMBER.fullmatch(text) or (weight := Decimal(text)) <= 0:
        return "Type a weight to see its plates."
    return plates_text(plates_for(weight, settings.bar, settings.plates), settings.unit)
