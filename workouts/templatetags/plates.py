"""The plate calculator of the live page's set rows (workouts.plates): the user's bar and plates once on
the page (`{% plate_setup as plate %}`, for static/js/session/plates.js), and each row's text for the weight
in its input (`{% plate_text row as plates %}`)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from django import template

from sunnsteel_web.forms import decimal_text
from workouts.plate_settings import PlateSettings, plate_settings
from workouts.plates import plates_for, plates_text
from workouts.presenters import SetRow
from workouts.units import plain, unit_label

register = template.Library()
NUMBER = re.compile(r"\d+(\.\d*)?|\.\d+")  # as static/js/session/plates.js reads one


@register.simple_tag(takes_context=True)
def plate_setup(context: template.Context) -> dict[str, str]:
    """The bar, the plates (heaviest first) and the unit, as the page's script reads them."""
    settings = _settings(context)
    return {
        "bar": plain(settings.bar),
        "plates": " ".join(plain(p) for p in settings.plates),
        "unit": unit_label(settings.unit),
    }


@register.simple_tag(takes_context=True)
def plate_text(context: template.Context, row: SetRow) -> str:
    """Nothing for a set without a weight (a bodyweight exercise); else its plates, or what to type."""
    if row.slot.weight is None and not row.weight:
        return ""
    return _text(row.weight, _settings(context))


def _settings(context: template.Context) -> PlateSettings:
    settings: PlateSettings | None = context.render_context.get("plate-settings")
    if settings is None:  # once per page: every row of it has the same bar and plates
        settings = context.render_context["plate-settings"] = plate_settings(context["request"])
    return settings


@lru_cache(maxsize=1024)  # a page's rows share a few weights (and settings are a frozen value)
def _text(typed: str, settings: PlateSettings) -> str:
    text = decimal_text(typed)
    if not NUMBER.fullmatch(text) or (weight := Decimal(text)) <= 0:
        return "Type a weight to see its plates."
    return plates_text(plates_for(weight, settings.bar, settings.plates), settings.unit)
