"""Plate maths, worked by hand: the fewest plates a side, heaviest first, else the closest below."""

from __future__ import annotations

from decimal import Decimal as D

from workouts.plates import DEFAULT_BAR, DEFAULT_PLATES, plates_for, plates_text

KG_PLATES = DEFAULT_PLATES["KG"]  # 25, 20, 15, 10, 5, 2.5, 1.25


def test_100_kg_on_a_20_kg_bar_is_25_and_15_per_side() -> None:
    answer = plates_for(D(100), DEFAULT_BAR["KG"], KG_PLATES)

    assert answer.per_side == (D(25), D(15))  # 40 a side: as few plates as 20 + 20, heavier first
    assert answer.exact
    assert plates_text(answer, "KG") == "Per side: 25 + 15 (20 kg bar)"


def test_the_fewest_plates_win_even_where_taking_the_heaviest_first_would_fail() -> None:
    # 90 kg: 35 a side. 25 first leaves 10, which these plates cannot make; 20 + 15 can.
    answer = plates_for(D(90), D(20), [D(25), D(20), D(15)])

    assert answer.per_side == (D(20), D(15)) and answer.exact


def test_a_heavy_weight_uses_pairs_of_the_same_plate() -> None:
    answer = plates_for(D("142.5"), D(20), KG_PLATES)  # 61.25 a side

    assert answer.per_side == (D(25), D(25), D(10), D("1.25"))


def test_a_weight_the_plates_cannot_make_says_so_with_the_closest_below() -> None:
    answer = plates_for(D(101), D(20), KG_PLATES)  # 40.5 a side: 40 is the most that fits

    assert not answer.exact and answer.total == D(100) and answer.per_side == (D(25), D(15))
    assert plates_text(answer, "KG") == (
        "Not with your plates: the closest below is 100 kg, 25 + 15 per side."
    )
    just_over = plates_for(D(21), D(20), KG_PLATES)  # 0.5 a side, the smallest plate is 1.25
    assert plates_text(just_over, "KG") == (
        "Not with your plates: the closest below is 20 kg, the bar alone."
    )


def test_the_bar_alone_and_less_than_the_bar() -> None:
    assert plates_text(plates_for(D(20), D(20), KG_PLATES), "KG") == "Just the bar (20 kg)."
    assert plates_text(plates_for(D("12.5"), D(20), KG_PLATES), "KG") == "Less than the bar (20 kg)."


def test_pounds_on_a_45_lb_bar() -> None:
    assert plates_text(plates_for(D(225), DEFAULT_BAR["LB"], DEFAULT_PLATES["LB"]), "LB") == (
        "Per side: 45 + 45 (45 lb bar)"
    )
    # 185 lb: 70 a side, 45 + 25 (two plates; 35 + 35 is two as well, the heavier first wins).
    assert plates_for(D(185), D(45), DEFAULT_PLATES["LB"]).per_side == (D(45), D(25))
    assert plates_text(plates_for(D("137.5"), D(45), DEFAULT_PLATES["LB"]), "LB") == (
        "Not with your plates: the closest below is 135 lb, 45 per side."
    )
