"""Weights in the user's unit: plate-sized steps, no float noise, stable round trips, logged ones as typed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workouts.units import (
    display_to_kg,
    format_logged,
    format_weight,
    kg_to_display,
    logged_to_display,
    max_display,
    plain,
)


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


@pytest.mark.parametrize(
    ("typed", "unit"),
    [("62.3", "KG"), ("61.23", "KG"), ("0.001", "KG"), ("46.25", "LB"), ("46.125", "LB"), ("135", "LB")],
)
def test_a_logged_weight_reads_back_as_it_was_typed_not_rounded_to_a_step(typed: str, unit: str) -> None:
    assert plain(logged_to_display(display_to_kg(Decimal(typed), unit), unit)) == typed


def test_every_pound_weight_typed_to_the_hundredth_reads_back_as_typed() -> None:
    for hundredths in range(0, 50_001):  # 0 to 500 lb
        typed = Decimal(hundredths) / 100
        assert logged_to_display(display_to_kg(typed, "LB"), "LB") == typed, typed


def test_a_logged_weight_always_saves_back_to_the_same_kilograms() -> None:
    for thousandths in range(0, 500_001, 37):  # 0 to 500, to the thousandth
        for unit in ("KG", "LB"):
            kg = display_to_kg(Decimal(thousandths) / 1000, unit)
            shown = logged_to_display(kg, unit)
            assert shown is not None and display_to_kg(shown, unit) == kg, (kg, unit)


def test_the_prescribed_weight_logged_reads_as_the_prescription_anything_else_without_float_noise() -> None:
    assert plain(logged_to_display(60, "LB", prescribed=60)) == "132.5"
    assert plain(logged_to_display(60, "LB")) == "132.277"  # 60 kg logged elsewhere: saves back as 60 kg
    assert plain(logged_to_display(0.1 + 0.2, "KG")) == "0.3"
    assert logged_to_display(None, "KG") is None


@pytest.mark.parametrize(
    ("kg", "unit", "read"),
    [
        (62.3, "KG", "62.3 kg"),  # typed in kilograms: exactly
        (display_to_kg(Decimal("46.25"), "LB"), "LB", "46.25 lb"),  # typed in pounds: exactly
        (60, "LB", "132.5 lb"),  # a kilogram prescription done as prescribed: in pound steps, like the plan
        (45.36, "LB", "100 lb"),  # rounded to two decimals by another app: no "100.002 lb"
        (102.06, "LB", "225 lb"),
        (61.23, "LB", "135 lb"),
        (None, "KG", ""),
    ],
)
def test_a_logged_weight_reads_in_history_and_hints_as_it_was_typed(kg, unit, read) -> None:  # type: ignore[no-untyped-def]
    assert format_logged(kg, unit) == read
