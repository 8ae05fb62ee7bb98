"""Weights in the user's unit: plate-sized steps, no float noise, stable round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workouts.units import display_to_kg, format_weight, kg_to_display, max_display, plain


@pytest.mark.parametrize(
    ("kg", "unit", "shown"),
    [
        (60, "KG", "60 kg"),
        (62.5, "KG", "62.5 kg"),
        (0.1 + 0.2, "KG", "0.25 kg"),
        (61.3, "KG", "61.25 kg"),
        (60, "LB", "132.5 lb"),
        (20, "LB", "44 lb"),
        (100, "LB", "220.5 lb"),
        (None, "KG", ""),
    ],
)
def test_weights_show_in_plate_sized_steps_of_the_users_unit(kg, unit, shown) -> None:  # type: ignore[no-untyped-def]
    assert format_weight(kg, unit) == shown


@pytest.mark.parametrize("pounds", ["135", "132.5", "45", "2204.5", "0"])
def test_pounds_typed_come_back_as_typed(pounds: str) -> None:
    kg = display_to_kg(Decimal(pounds), "LB")

    assert plain(kg_to_display(kg, "LB")) == pounds


def test_pounds_are_sent_as_kilograms_to_the_gram() -> None:
    assert display_to_kg(Decimal("135"), "LB") == 61.235
    assert display_to_kg(Decimal("62.5"), "KG") == 62.5


def test_the_largest_weight_is_1000_kg_in_either_unit() -> None:
    assert (max_display("KG"), max_display("LB")) == ("1000", "2204.6")
