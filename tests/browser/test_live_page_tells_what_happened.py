"""The live page on a phone says what happened, once and in the right place (issue 10): a workout finished
elsewhere, toasts that never cover the sets, a sign-in renewed in another tab, readable text at 360 px."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import _context, sign_in, start_signed_in
from tests.browser.workout_page import row, start_monday
from tests.localbackend import LocalBackend
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, log_done, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 640}


@pytest.fixture
def small_page(browser: Browser) -> Iterator[Page]:
    ctx = _context(browser)
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.set_viewport_size(SMALL_PHONE)
    yield page
    ctx.close()


def _session_id(page: Page) -> str:
    return page.url.rsplit("/", 1)[1]


def _overlaps(a: dict | None, b: dict | None) -> bool:
    assert a is not None and b is not None
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_a_workout_finished_on_another_device_is_said_once_with_its_record(
    page: Page, web: str, lifter: Lifter
) -> None:
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    lifter.api.finish(session_id, "COMPLETED")  # on the laptop

    row(page, lifter.bench, 1).get_by_role("button", name="Set 1 done").click()
    notice = page.get_by_text("This workout was finished on another device")
    expect(notice).to_be_visible()
    row(page, lifter.bench, 2).get_by_label("Set 2 reps").fill("8")
    row(page, lifter.bench, 2).get_by_label("Set 2 reps").press("Enter")

    expect(notice).to_have_count(1)  # said once
    expect(page.get_by_role("button", name="Retry")).to_have_count(0)  # no Retry that can never work
    expect(page.locator(".toast")).to_have_count(0)
    expect(page.get_by_role("link", name="See its record")).to_have_attribute(
        "href", f"/workouts/{session_id}"
    )
    page.get_by_role("button", name="Finish workout").click()  # no loop on "not saved yet": to the record
    expect(page).to_have_url(f"{web}/workouts/{session_id}")
    expect(page.get_by_role("heading", name="Workout complete")).to_be_visible()


def test_toasts_collapse_and_never_cover_the_header_or_the_sets_and_row_errors_stay_on_the_row(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    start_monday(page, web, lifter)
    first = row(page, lifter.bench, 1)
    backend.add_fault("/api/workouts/sessions/*/set-logs", "status", method="PUT", status=500)
    first.get_by_role("button", name="Set 1 done").click()
    expect(first).to_contain_text("A server error occurred")  # on the row...
    expect(page.locator(".toast")).to_have_count(0)  # ...not in a toast

    for _ in range(3):  # a stale tab: the same failure told three times (as by htmx's HX-Trigger toasts)
        page.evaluate(
            "window.sunnsteelToast({title: 'Server Error', level: 'error',"
            " message: 'A server error occurred. Please try again later'})"
        )

    toast = page.locator(".toast")
    expect(toast).to_have_count(1)
    expect(toast).to_contain_text("×3")
    page.screenshot(path="test-artifacts/workout-toast-390.png")
    box = toast.bounding_box()
    assert not _overlaps(box, page.locator(".session-head__title").bounding_box())
    assert not _overlaps(box, page.locator("#session-progress").bounding_box())
    assert not _overlaps(box, first.bounding_box())


def test_saves_recover_after_signing_out_and_in_again_in_another_tab(
    page: Page, web: str, lifter: Lifter, context: BrowserContext
) -> None:
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    other = context.new_page()
    other.goto(f"{web}/profile")
    other.get_by_role("button", name="Sign out").first.click()
    expect(other).to_have_url(f"{web}/login")
    sign_in(other, web, lifter.account["email"], lifter.account["password"])  # a new CSRF token

    first = row(page, lifter.bench, 1)
    first.get_by_role("button", name="Set 1 done").click()

    expect(first.locator("[data-status]")).to_have_text("Saved")  # by itself, no reload
    page.goto(f"{web}/workouts/{session_id}")  # drawn from the backend's copy
    expect(first.get_by_role("button", name="Set 1 done")).to_have_attribute("aria-pressed", "true")


def test_a_used_reset_link_says_so_and_offers_a_new_one(page: Page, web: str, backend: LocalBackend) -> None:
    page.goto(
        f"{web}/forgot-password#error=access_denied&error_code=otp_expired"
        "&error_description=Email+link+is+invalid+or+has+expired"
    )

    expect(page.get_by_text("That reset link has expired or was already used.")).to_be_visible()
    expect(page.get_by_role("button", name="Send reset link")).to_be_visible()
    expect(page.get_by_label("Email")).to_be_focused()


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, SMALL_PHONE])
def test_the_resume_bar_shows_the_whole_routine_name(
    page: Page, web: str, lifter: Lifter, size: dict
) -> None:
    page.set_viewport_size(size)
    lifter.start(lifter.monday)
    start_signed_in(page, web, lifter.backend, lifter.account["email"], at=None)
    page.goto(f"{web}/routines/")

    name = page.locator(".workout-banner").get_by_text("Push Pull A · Monday", exact=True)
    expect(name).to_be_visible()
    assert name.evaluate(
        "e => e.scrollWidth <= e.clientWidth && getComputedStyle(e).textOverflow !== 'ellipsis'"
    )


def test_prescriptions_and_hints_are_readable_on_a_small_phone(
    small_page: Page, web: str, user: dict
) -> None:
    sign_in(small_page, web, user["email"], user["password"])  # the demo history: sets show "last:" hints
    small_page.goto(f"{web}/routines/")
    small_page.get_by_role("button", name="Start Upper/Lower, Monday").click()
    hint = small_page.locator("[data-last]").first
    expect(hint).to_be_visible()
    small_page.screenshot(path="test-artifacts/workout-rows-360.png")

    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    assert small_page.locator(".set-row__rx").first.evaluate(size) >= 14
    assert hint.evaluate(size) >= 14
    assert small_page.locator(".set-head span").first.evaluate(size) >= 14
    assert small_page.evaluate("document.scrollingElement.scrollWidth") <= SMALL_PHONE["width"]  # no sideways
