"""The live workout with JavaScript disabled: every row, start, finish and the choice are forms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import start_signed_in
from tests.browser.test_workout_flow import row
from tests.workouts.lifters import (  # noqa: F401
    Lifter,
    http_fixture,
    lifter_fixture,
    log_done,
    make_lifter_fixture,
    session_id_in,
)

pytestmark = pytest.mark.browser


def test_start_log_finish_and_summary_without_javascript(no_js_page: Page, web: str, lifter: Lifter) -> None:
    page = no_js_page
    start_signed_in(page, web, lifter.backend, lifter.account["email"], at=None)
    page.goto(f"{web}/routines/")
    page.get_by_role("button", name="Start Push Pull A, Monday").click()
    expect(page.get_by_role("heading", name="Push Pull A · Monday")).to_be_visible()
    first, second, curl = row(page, lifter.bench, 1), row(page, lifter.bench, 2), row(page, lifter.curl, 1)

    first.get_by_role("button", name="Set 1 done").click()  # one tap, as prescribed
    expect(first.locator("[data-done]")).to_have_attribute("aria-pressed", "true")
    second.get_by_label("Set 2 reps").fill("9")
    second.get_by_role("button", name="Set 2 done").click()
    expect(second.get_by_label("Set 2 reps")).to_have_value("9")
    curl.get_by_label("Set 1 weight (kg)").fill("22.5")
    curl.get_by_label("Set 1 weight (kg)").press("Enter")  # saves without marking it done
    expect(curl.locator("[data-status]")).to_have_text("Saved")
    expect(curl.locator("[data-done]")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#progress-text")).to_have_text("2 / 3 sets")

    page.get_by_role("button", name="Finish workout").click()  # one set left: asked first
    expect(page.get_by_text("You have 1 set left. Finish anyway?")).to_be_visible()
    page.get_by_role("link", name="Keep training").click()
    curl.get_by_role("button", name="Set 1 done").click()
    expect(page.locator("#progress-text")).to_have_text("3 / 3 sets")
    page.get_by_label("Notes (optional)").fill("no js today")
    page.get_by_role("button", name="Finish workout").click()

    expect(page.get_by_role("heading", name="Workout complete")).to_be_visible()
    expect(page.locator("[data-summary=sets]")).to_have_text("3 / 3")
    expect(page.locator("[data-summary=progression]")).to_contain_text("Barbell Curl: 20 → 22.5 kg")
    expect(page.get_by_text("no js today")).to_be_visible()


def test_a_set_done_and_cleared_without_javascript_is_back_to_its_prescription(
    no_js_page: Page, web: str, lifter: Lifter
) -> None:
    # The row's form posts to its page with no CSRF field: the browser's Origin and Sec-Fetch-Site pass it.
    page = no_js_page
    start_signed_in(page, web, lifter.backend, lifter.account["email"], at=None)
    page.goto(f"{web}/routines/")
    page.get_by_role("button", name="Start Push Pull A, Monday").click()
    first = row(page, lifter.bench, 1)
    first.get_by_label("Set 1 reps").fill("7")
    first.get_by_role("button", name="Set 1 done").click()
    expect(first.get_by_role("button", name="Clear set 1")).to_be_visible()
    expect(page.locator("#progress-text")).to_have_text("1 / 3 sets")

    first.get_by_role("button", name="Clear set 1").click()

    expect(first.get_by_role("button", name="Clear set 1")).to_have_count(0)
    expect(first.get_by_label("Set 1 reps")).to_have_value("12")  # the prescription again
    expect(first.locator("[data-done]")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#progress-text")).to_have_text("0 / 3 sets")
    assert lifter.api.session(session_id_in(page.url))["setLogs"] == []


def test_the_active_session_choice_is_a_page_without_javascript(
    no_js_page: Page, web: str, lifter: Lifter
) -> None:
    page = no_js_page
    current = lifter.start(lifter.monday)
    log_done(lifter, current, lifter.bench, 1, "60", "10")  # a set done: finished, not discarded
    start_signed_in(page, web, lifter.backend, lifter.account["email"])
    expect(page.get_by_role("link", name=re.compile("Workout in progress"))).to_be_visible()
    page.goto(f"{web}/routines/{lifter.routine['id']}")

    page.get_by_role("button", name="Start Push Pull A, Thursday").click()

    expect(page.get_by_role("heading", name="Active Session Detected")).to_be_visible()
    expect(page.get_by_text("Saves the current workout as completed (1 set done")).to_be_visible()
    page.get_by_role("button", name="Finish Current & Start New").click()
    expect(page.get_by_role("heading", name="Push Pull A · Thursday")).to_be_visible()
    assert lifter.api.session(current)["status"] == "COMPLETED"
    page.get_by_role("link", name="See its summary").click()
    expect(page.get_by_role("heading", name="Workout complete")).to_be_visible()


def test_discarding_without_javascript(no_js_page: Page, web: str, lifter: Lifter) -> None:
    page = no_js_page
    session_id = lifter.start(lifter.monday)
    start_signed_in(page, web, lifter.backend, lifter.account["email"], at=None)
    page.goto(f"{web}/workouts/{session_id}")

    page.get_by_role("link", name="Discard workout").click()
    page.get_by_role("button", name="Discard workout").click()

    expect(page).to_have_url(f"{web}/routines/")
    expect(page.get_by_text("The workout was discarded.")).to_be_visible()
    assert lifter.api.session(session_id)["status"] == "ABORTED"
