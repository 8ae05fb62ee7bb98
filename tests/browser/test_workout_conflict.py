"""The seed's "Active Session Detected" dialog, both ways, on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import start_signed_in
from tests.browser.workout_page import SESSION_URL
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser

CHOICE = "You already have an active workout session. What would you like to do?"


def _press_start_thursday(page: Page, web: str, lifter: Lifter):  # type: ignore[no-untyped-def]
    start_signed_in(page, web, lifter.backend, lifter.account["email"], at=None)
    page.goto(f"{web}/routines/")
    page.get_by_role("button", name="Start Push Pull A, Thursday").click()
    dialog = page.get_by_role("dialog", name="Active Session Detected")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(CHOICE)
    return dialog


def test_the_dialog_can_take_you_to_the_active_session(page: Page, web: str, lifter: Lifter) -> None:
    active = lifter.start(lifter.monday)
    dialog = _press_start_thursday(page, web, lifter)
    page.screenshot(path="test-artifacts/workout-conflict-dialog-390.png")

    dialog.get_by_role("link", name="Go to Active Session").click()

    expect(page).to_have_url(f"{web}/workouts/{active}")
    expect(page.get_by_role("heading", name="Push Pull A · Monday")).to_be_visible()
    assert lifter.api.active_session()["id"] == active


def test_the_dialog_can_discard_an_untouched_current_and_start_new(
    page: Page, web: str, lifter: Lifter
) -> None:
    current = lifter.start(lifter.monday)
    dialog = _press_start_thursday(page, web, lifter)
    expect(dialog).to_contain_text("No set is done yet: the current workout is discarded")

    dialog.get_by_role("button", name="Discard Current & Start New").click()

    expect(page.get_by_role("heading", name="Push Pull A · Thursday")).to_be_visible()
    expect(page).to_have_url(SESSION_URL)
    new = page.url.rsplit("/", 1)[1]
    assert new != current
    assert lifter.api.session(current)["status"] == "ABORTED"
    assert lifter.api.active_session()["id"] == new


def test_the_dialog_can_be_closed_to_stay_where_you_are(page: Page, web: str, lifter: Lifter) -> None:
    lifter.start(lifter.monday)
    dialog = _press_start_thursday(page, web, lifter)

    dialog.get_by_role("button", name="Close").click()

    expect(dialog).to_be_hidden()
    expect(page).to_have_url(f"{web}/routines/")
    expect(page.get_by_role("button", name="Start Push Pull A, Thursday")).to_be_enabled()
