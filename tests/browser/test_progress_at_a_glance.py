"""On a phone (390×844, and 360×640 where it is tight): History's twelve-week strip, and the plate calculator
on a set row, whose bar is set on Profile."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import start_signed_in
from tests.browser.workout_page import row, start_monday
from tests.people import Person, make_person_fixture  # noqa: F401
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _room_to_build(settings) -> None:  # type: ignore[no-untyped-def]
    """As in tests/history/test_weeks_strip.py: the index is built faster than one user's share allows."""
    settings.BACKEND_USER_SHARE = 100


def _this_monday() -> datetime:
    now = datetime.now(UTC)
    return (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)


def _no_sideways_scrolling(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_strip_on_history_is_readable_on_a_phone(
    page: Page, web: str, make_person: Callable[..., Person]
) -> None:
    person = make_person(demo_data=True, demo_as_of=_this_monday().isoformat())  # 26 completed, see the test
    start_signed_in(page, web, person.backend, person.account["email"])
    page.clock.install()

    page.goto(f"{web}/workouts/history")

    strip = page.locator("#history-weeks")
    expect(strip.get_by_role("status")).to_have_text(
        "Building your history… 6 of 30 workouts. The weeks fill in as it goes."
    )
    page.clock.fast_forward(5_000)  # it refreshes itself every 5 s
    expect(strip.get_by_role("status")).to_contain_text("8 of 30")
    for _ in range(30):  # the rest of the index, built the same way, faster than every 5 s
        if (
            "Building"
            not in person.client.get(
                "/workouts/history", headers={"HX-Request": "true", "HX-Target": "history-weeks"}
            ).content.decode()
        ):
            break
    page.reload()

    expect(strip.get_by_role("heading", name="Last 12 weeks")).to_be_visible()
    expect(strip.locator("[data-weeks-total]")).to_have_text("26 workouts")
    expect(strip.get_by_role("img", name="Last 12 weeks")).to_be_visible()
    expect(strip.locator("rect[data-bar]")).to_have_count(10)
    label = strip.locator(".weeks__label").first.bounding_box()
    assert label is not None and label["height"] >= 10  # the dates read at about 11 px, not shrunk away
    box = strip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    _no_sideways_scrolling(page, 390)
    page.screenshot(path="test-artifacts/history-weeks-390.png")

    strip.get_by_text("Week by week", exact=True).click()

    rows = strip.locator("tr[data-week]")
    expect(rows).to_have_count(12)
    expect(rows.first.locator("td").nth(1)).to_have_text("0")  # this week, nothing yet
    expect(rows.nth(1).locator("td").nth(1)).to_have_text("3")  # last week
    page.set_viewport_size({"width": 360, "height": 640})
    _no_sideways_scrolling(page, 360)
    strip.screenshot(path="test-artifacts/history-weeks-table-360.png")


def test_the_plate_calculator_opens_from_a_set_and_follows_the_bar_set_on_profile(
    page: Page, web: str, lifter: Lifter
) -> None:
    start_monday(page, web, lifter)
    first, second, curl = row(page, lifter.bench, 1), row(page, lifter.bench, 2), row(page, lifter.curl, 1)

    first.get_by_label("Set 1 weight (kg)").click()  # a tap on the weight

    plates = first.locator("[data-plates-text]")
    expect(plates).to_be_visible()
    expect(plates).to_have_text("Per side: 20 (20 kg bar)")  # 60 kg
    first.get_by_label("Set 1 weight (kg)").fill("100")
    expect(plates).to_have_text("Per side: 25 + 15 (20 kg bar)")
    first.get_by_label("Set 1 weight (kg)").fill("101")
    expect(plates).to_have_text("Not with your plates: the closest below is 100 kg, 25 + 15 per side.")
    toggle = curl.get_by_text("Plates", exact=True)
    box = toggle.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44
    page.screenshot(path="test-artifacts/plates-390.png")
    toggle.click()  # the disclosure itself, as without JavaScript
    expect(curl.locator("[data-plates-text]")).to_have_text("Just the bar (20 kg).")
    page.set_viewport_size({"width": 360, "height": 640})
    _no_sideways_scrolling(page, 360)
    first.scroll_into_view_if_needed()
    page.screenshot(path="test-artifacts/plates-360.png")
    session_url = page.url

    page.goto(f"{web}/profile")
    page.get_by_label("Bar weight (kg)").fill("15")
    page.get_by_role("button", name="Save bar and plates").click()
    expect(page.get_by_text("Your bar and plates have been saved.")).to_be_visible()
    page.locator("#plates").screenshot(path="test-artifacts/profile-plates-390.png")
    page.goto(session_url)
    second.get_by_label("Set 2 weight (kg)").click()

    expect(second.locator("[data-plates-text]")).to_have_text("Per side: 20 + 2.5 (15 kg bar)")  # 60 kg on 15
