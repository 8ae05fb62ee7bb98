"""The plate calculator on a set row, with the bar and plates each user sets on Profile (no backend call)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from tests.routines.builder_kit import page_text
from tests.workouts.lifters import Lifter, row_fields, row_html, set_url

ALL_KG = ["25", "20", "15", "10", "5", "2.5", "1.25"]


def _plates_of(lifter: Lifter, session_id: str, slot: dict, set_number: int) -> str:
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    found = re.search(r"data-plates-text[^>]*>([^<]*)<", row_html(page, slot, set_number))
    assert found, "no plate calculator on the row"
    return html.unescape(found.group(1))


def test_each_set_row_shows_the_plates_for_its_weight_on_a_20_kg_bar(lifter: Lifter) -> None:
    session_id = lifter.start()

    assert _plates_of(lifter, session_id, lifter.bench, 1) == "Per side: 20 (20 kg bar)"  # 60 kg
    assert _plates_of(lifter, session_id, lifter.curl, 1) == "Just the bar (20 kg)."  # 20 kg


def test_the_plates_follow_a_weight_saved_without_javascript(lifter: Lifter) -> None:
    session_id = lifter.start()
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    fields = row_fields(page, session_id, lifter.bench, 1)

    saved = lifter.client.post(set_url(session_id, lifter.bench, 1), {**fields, "weight": "101", "reps": "5"})

    assert saved.status_code == 302
    assert _plates_of(lifter, session_id, lifter.bench, 1) == (
        "Not with your plates: the closest below is 100 kg, 25 + 15 per side."
    )


def test_a_bar_set_on_profile_changes_the_answer_and_costs_no_backend_call(lifter: Lifter) -> None:
    session_id = lifter.start()
    before = len(lifter.backend.api_calls())

    saved = lifter.client.post("/profile/plates", {"bar": "15", "plates": ALL_KG}, follow=True)

    assert "Your bar and plates have been saved." in saved.content.decode()
    assert [c for c in lifter.calls_since(before) if c != "GET /api/workouts/sessions/active"] == []
    assert re.search(r'name="bar" value="15"', saved.content.decode())
    # 60 kg on 15 kg: 22.5 a side.
    assert _plates_of(lifter, session_id, lifter.bench, 1) == "Per side: 20 + 2.5 (15 kg bar)"


def test_the_plates_someone_has_decide_what_can_be_made(lifter: Lifter) -> None:
    session_id = lifter.start()
    lifter.client.post("/profile/plates", {"bar": "20", "plates": ["25", "15"]})

    # 60 kg: 20 a side, which 25s and 15s cannot make; 15 is the closest below.
    assert _plates_of(lifter, session_id, lifter.bench, 1) == (
        "Not with your plates: the closest below is 50 kg, 15 per side."
    )


def test_pounds_use_a_45_lb_bar_and_pound_plates(make_lifter: Callable[..., Lifter]) -> None:
    lifter = make_lifter(weight_unit="LB")
    session_id = lifter.start()

    # 60 kg reads 132.5 lb: 43.75 a side; with 45/35/25/10/5/2.5 the closest is 42.5 (35 + 5 + 2.5).
    assert _plates_of(lifter, session_id, lifter.bench, 1) == (
        "Not with your plates: the closest below is 130 lb, 35 + 5 + 2.5 per side."
    )
    profile = page_text(lifter.client.get("/profile").content.decode())
    assert "Bar weight (lb)" in profile and "45 lb" in profile


def test_bad_bar_and_plates_are_refused_with_clear_messages(lifter: Lifter) -> None:
    cases = [
        ({"bar": "heavy", "plates": ALL_KG}, "Enter the bar's weight as a number in kg, e.g. 20."),
        ({"bar": "", "plates": ALL_KG}, "Enter the bar's weight in kg, e.g. 20."),
        ({"bar": "150", "plates": ALL_KG}, "A bar weighs at most 100 kg."),
        ({"bar": "-5", "plates": ALL_KG}, "The bar cannot weigh less than nothing."),
        ({"bar": "20.125", "plates": ALL_KG}, "Use at most 2 decimals."),
        ({"bar": "20"}, "Tick at least one plate."),
        ({"bar": "20", "plates": ["7"]}, "Pick plates from the list."),
    ]
    for data, message in cases:
        response = lifter.client.post("/profile/plates", data)

        assert response.status_code == 400, data
        assert message in html.unescape(page_text(response.content.decode())), data

    refused = lifter.client.post(
        "/profile/plates", {"bar": "17,5", "plates": ALL_KG}
    )  # a decimal comma is fine
    assert refused.status_code == 302
    assert 'name="bar" value="17.5"' in lifter.client.get("/profile").content.decode()
