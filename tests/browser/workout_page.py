"""Getting to a live workout page in the browser, shared by the browser suites."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import start_signed_in
from tests.workouts.lifters import Lifter
from workouts.presenters import row_dom_id

SESSION_URL = re.compile(r"/workouts/[0-9a-f-]{36}$")


def open_monday(page: Page, web: str, lifter: Lifter) -> None:
    """Start Monday's workout; the page is shown, its scripts may still be on their way."""
    start_signed_in(page, web, lifter.backend, lifter.account["email"], at="/routines/")
    page.get_by_role("button", name="Start Push Pull A, Monday").click()
    expect(page).to_have_url(SESSION_URL)
    expect(page.get_by_role("heading", name="Push Pull A · Monday")).to_be_visible()


def start_monday(page: Page, web: str, lifter: Lifter) -> None:
    """Start Monday's workout and wait until the page has loaded, scripts included."""
    open_monday(page, web, lifter)
    page.wait_for_load_state("load")


def row(page: Page, slot: dict, set_number: int) -> Locator:
    return page.locator(f"#{row_dom_id(slot['id'], set_number)}")


def wait_for_the_worker(page: Page) -> None:
    """Until the service worker runs the page. A page that was opened while the worker was still
    installing (the first signed-in page, moments after signing in) may be left to the network until it is
    loaded again: it is then reloaded once, as the next visit would be."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
        page.wait_for_load_state("load")
    assert page.evaluate("navigator.serviceWorker.controller !== null"), "the service worker runs no page"
