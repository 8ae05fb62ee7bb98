"""Finish and Discard on the live page, which loads no htmx (issue 16): their dialogs come through the page's
own loader (static/js/session/dialogs.js), with the same toasts, redirects and retries as htmx gave."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import sign_in
from tests.browser.workout_page import SESSION_URL, row, start_monday
from tests.localbackend import LocalBackend
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser


def test_discard_asks_in_a_dialog_that_keep_training_closes_then_ends_the_workout(
    page: Page, web: str, lifter: Lifter
) -> None:
    start_monday(page, web, lifter)
    assert page.evaluate("typeof window.htmx") == "undefined"  # the live page runs without htmx
    discard = page.get_by_role("link", name="Discard workout")

    discard.click()
    dialog = page.get_by_role("dialog", name="Discard workout?")
    expect(dialog).to_contain_text("This workout ends without counting")
    expect(page).to_have_url(SESSION_URL)  # asked in place, not on another page
    dialog.get_by_role("button", name="Keep training").click()
    expect(page.get_by_role("dialog")).to_have_count(0)

    discard.click()
    page.get_by_role("dialog", name="Discard workout?").get_by_role("button", name="Discard workout").click()
    expect(page).to_have_url(f"{web}/routines/")
    expect(page.get_by_text("The workout was discarded.")).to_be_visible()


def test_a_discard_dialog_that_cannot_be_reached_offers_retry_in_place(
    page: Page, web: str, lifter: Lifter, context: BrowserContext
) -> None:
    start_monday(page, web, lifter)
    first = row(page, lifter.bench, 1)
    context.set_offline(True)

    page.get_by_role("link", name="Discard workout").click()

    expect(page.get_by_role("alert").filter(has_text="Could not reach Sunnsteel")).to_be_visible()
    notice = page.locator("#dialog-slot .inline-retry")
    expect(notice).to_contain_text("This part could not be loaded.")
    expect(page).to_have_url(SESSION_URL)
    expect(first.get_by_label("Set 1 weight (kg)")).to_be_editable()  # the page stays usable
    context.set_offline(False)
    notice.get_by_role("button", name="Retry").click()
    expect(page.get_by_role("dialog", name="Discard workout?")).to_be_visible()
    expect(notice).to_have_count(0)


def test_a_finish_the_backend_refuses_is_told_and_keeps_the_notes_for_another_try(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    start_monday(page, web, lifter)
    for slot, number in ((lifter.bench, 1), (lifter.bench, 2), (lifter.curl, 1)):
        row(page, slot, number).get_by_role("button", name=f"Set {number} done").click()
    expect(page.locator("#progress-text")).to_have_text("3 / 3 sets")
    expect(page.locator("form[data-set-row][data-state=saving]")).to_have_count(0)
    notes = page.get_by_label("Notes (optional)")
    notes.fill("heavy day")
    backend.add_fault("/api/workouts/sessions/*/finish", "status", method="PATCH", status=500, times=1)
    finish = page.get_by_role("button", name="Finish workout")

    finish.click()

    expect(page.get_by_role("alert").filter(has_text="Failed to finish workout.")).to_be_visible()
    expect(page).to_have_url(SESSION_URL)
    expect(notes).to_have_value("heavy day")
    expect(finish).to_be_enabled()
    finish.click()
    expect(page.get_by_role("heading", name="Workout complete")).to_be_visible()
    expect(page.locator('[data-summary="notes"]')).to_have_text("heavy day")


def test_finish_from_a_page_opened_before_signing_in_again_asks_for_one_more_tap(
    page: Page, web: str, lifter: Lifter, context: BrowserContext
) -> None:
    start_monday(page, web, lifter)
    other = context.new_page()
    other.goto(f"{web}/profile")
    other.get_by_role("button", name="Sign out").first.click()
    expect(other).to_have_url(f"{web}/login")
    sign_in(other, web, lifter.account["email"], lifter.account["password"])  # a new CSRF token
    finish = page.get_by_role("button", name="Finish workout")

    finish.click()

    expect(page.get_by_role("status").filter(has_text="Tap again to send it.")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(finish).to_be_enabled()
    finish.click()  # with the new token
    dialog = page.get_by_role("dialog", name="Finish workout?")
    expect(dialog).to_contain_text("You have 3 sets left. Finish anyway?")
