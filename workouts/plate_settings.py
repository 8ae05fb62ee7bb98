"""Each user's bar and plates for the plate calculator, kept on our side (the backend's profile has no such
fields: docs/api-contract.md, `PATCH /users/profile` takes name, weight unit, age, weight).

Kept in the state cache (`sunnsteel_web.state`, never evicted) under the user's id, not in the signed-in
session: a session is one browser's, so a bar set on the laptop would not reach the phone at the gym, and it
ends on signing out. One setting per unit: someone who switches to pounds gets the 45 lb bar, not "20 lb",
and finds their kilogram plates again when they switch back. No backend call either way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.state import state_cache
from workouts.plates import DEFAULT_BAR, DEFAULT_PLATES

if TYPE_CHECKING:
    from sunnsteel_web.http import SignedInRequest


@dataclass(frozen=True)
class PlateSettings:
    unit: WeightUnit
    bar: Decimal
    plates: tuple[Decimal, ...]  # heaviest first


def plate_settings(request: SignedInRequest) -> PlateSettings:
    """The user's bar and plates in their current unit (the defaults until they set their own)."""
    unit = request.user.weight_unit
    mine = _stored(request).get(unit)
    try:
        plates = tuple(sorted((Decimal(p) for p in mine["plates"]), reverse=True))  # type: ignore[index]
        return PlateSettings(unit=unit, bar=Decimal(mine["bar"]), plates=plates)  # type: ignore[index]
    except (TypeError, KeyError, ArithmeticError):  # none kept for this unit (or unreadable): the defaults
        return PlateSettings(unit=unit, bar=DEFAULT_BAR.get(unit, DEFAULT_BAR["KG"]), plates=_defaults(unit))


def plate_settings_save(request: SignedInRequest, settings: PlateSettings) -> None:
    stored = _stored(request)
    stored[settings.unit] = {"bar": str(settings.bar), "plates": [str(p) for p in settings.plates]}
    state_cache().set(_key(request), json.dumps(stored), timeout=None)


def _stored(request: SignedInRequest) -> dict[str, Any]:
    raw = state_cache().get(_key(request))
    try:
        stored = json.loads(raw) if raw else {}
    except ValueError:
        stored = {}
    return stored if isinstance(stored, dict) else {}


def _defaults(unit: str) -> tuple[Decimal, ...]:
    return DEFAULT_PLATES.get(unit, DEFAULT_PLATES["KG"])


def _key(request: SignedInRequest) -> str:
    return f"plate-settings:{request.user.pk}"
