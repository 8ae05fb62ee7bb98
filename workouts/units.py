"""Weights in the user's unit: the backend always stores kilograms; LB users see and type pounds.

Conversion happens only here, at the boundary between what the user reads or types and what the backend
keeps. Display values are rounded to plate-sized steps (0.25 kg, 0.5 lb) so no float noise ever shows, except
a logged weight back in its input: as it was typed (`logged_to_display`), so saving it again changes nothing.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sunnsteel_web.backend.schema import WeightUnit

KG_PER_LB = Decimal("0.45359237")
MAX_KG = Decimal(1000)
_STEP = {"KG": Decimal("0.25"), "LB": Decimal("0.5")}


def unit_label(unit: WeightUnit) -> str:
    return "lb" if unit == "LB" else "kg"


def kg_to_display(kg: float | Decimal | None, unit: WeightUnit) -> Decimal | None:
    """A stored weight in the user's unit, rounded to the unit's step (0.25 kg or 0.5 lb)."""
    if kg is None:
        return None
    value = Decimal(str(kg))
    if unit == "LB":
        value = value / KG_PER_LB
    step = _STEP.get(unit, _STEP["KG"])
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def display_to_kg(value: Decimal, unit: WeightUnit) -> float:
    """A weight typed in the user's unit, in kilograms for the backend (3 decimals: grams)."""
    kg = value * KG_PER_LB if unit == "LB" else value
    return float(kg.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def logged_to_display(
    kg: float | Decimal | None, unit: WeightUnit, prescribed: float | Decimal | None = None
) -> Decimal | None:
    """A logged weight in the user's unit as it was typed, not rounded to a step.

    The prescribed weight (what tapping done on the prefilled row saves) shows as the prescription does, and
    saves back as the prescribed kilograms (forms.SetLogForm.clean_weight). Any other weight is the shortest
    number in the user's unit (at most 3 decimals) that saves back to the same kilograms: 62.3 kg is 62.3 kg,
    46.25 lb typed (20.979 kg) is 46.25 lb again.
    """
    if kg is None:
        return None
    if prescribed is not None and float(kg) == float(prescribed):
        return kg_to_display(prescribed, unit)
    value = Decimal(str(kg))
    if unit == "LB":
        value = value / KG_PER_LB
    candidates = [value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) for places in range(4)]
    # Stored finer than a gram (not saved from here): 3 decimals, the most a weight may be typed with.
    return next((shown for shown in candidates if display_to_kg(shown, unit) == float(kg)), candidates[-1])


def plain(value: Decimal | float | None) -> str:
    """A number without trailing zeros or exponent: 62.50 -> "62.5", 60.0 -> "60"."""
    if value is None:
        return ""
    number = Decimal(str(value))
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_weight(kg: float | Decimal | None, unit: WeightUnit) -> str:
    """ "62.5 kg" / "137.5 lb" ("" for no weight)."""
    shown = kg_to_display(kg, unit)
    return "" if shown is None else f"{plain(shown)} {unit_label(unit)}"


def format_logged(kg: float | Decimal | None, unit: WeightUnit) -> str:
    """A weight someone logged, to read back ("62.3 kg", "46.25 lb"): as it was typed, not rounded to a step.

    It reads on the unit's step when it is there to within 10 g: a weight another app rounded to two decimals
    (45.36 kg) reads "100 lb", not "100.002 lb". In pounds, a weight on a kilogram step (a kilogram
    prescription done as prescribed, whose plan may have moved on since) reads in pound steps like the plan
    did: 60 kg is "132.5 lb", not "132.28 lb".
    """
    if kg is None:
        return ""
    stepped = kg_to_display(kg, unit)
    assert stepped is not None
    near_a_step = abs(display_to_kg(stepped, unit) - float(kg)) <= 0.01
    on_a_kg_step = unit == "LB" and Decimal(str(kg)) % _STEP["KG"] == 0
    shown = stepped if near_a_step or on_a_kg_step else logged_to_display(kg, unit)
    return f"{plain(shown)} {unit_label(unit)}"


def max_display(unit: WeightUnit) -> str:
    """The largest weight the user may type, in their unit (1000 kg = 2204.5 lb)."""
    if unit == "LB":
        return plain((MAX_KG / KG_PER_LB).quantize(Decimal("0.1"), rounding="ROUND_DOWN"))
    return plain(MAX_KG)


def format_volume(kg: float, unit: WeightUnit) -> str:
    """Weight × reps summed, to the whole unit: "5,730 kg"."""
    shown = kg_to_display(kg, unit) or 0
    return f"{round(shown):,} {unit_label(unit)}"
