"""Toasts and error pages as a person sees them on a phone."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.browser.conftest import start_signed_in
from tests.localbackend import LocalBackend

pytestmark = pytest.mark.browser


def test_a_toast_appears_and_can_be_closed(page: Page, web: str, user: dict, backend: LocalBackend) -> None:
    start_signed_in(page, web, backend, user["email"])
    page.get_by_role("link", name="Profile").click()  # on a phone, signing out lives on Profile
    page.get_by_role("button", name="Sign out").click()
    toast = page.get_by_role("status").filter(has_text="You have been signed out.")
    expect(toast).to_be_visible()
    toast.get_by_role("button", name="Close notification").click()
    expect(toast).to_be_hidden()


def test_an_error_toast_from_an_htmx_request_stays_until_closed(
    page: Page, web: str, user: dict, backend: LocalBackend
) -> None:
    start_signed_in(page, web, backend, user["email"])
    backend.add_fault("/api/routines", "status", method="GET", status=500)
    cache.clear()  # the home page's routines are no longer fresh
    page.evaluate("htmx.ajax('GET', '/', {target: '#main', swap: 'none'})")
    toast = page.get_by_role("alert").filter(has_text="A server error occurred. Please try again later")
    expect(toast).to_be_visible()
    expect(toast).to_contain_text("Server Error")
    toast.get_by_role("button", name="Close notification").click()
    expect(toast).to_be_hidden()


def test_the_404_page(page: Page, web: str, user: dict, backend: LocalBackend) -> None:
    start_signed_in(page, web, backend, user["email"])
    response = page.goto(f"{web}/nothing-here")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Not Found")).to_be_visible()
    page.get_by_role("link", name="Go home").click()
    expect(page).to_have_url(f"{web}/")


def test_the_503_page_when_the_backend_is_unavailable(
    page: Page, web: str, user: dict, backend: LocalBackend
) -> None:
    start_signed_in(page, web, backend, user["email"])
    backend.add_fault("/api/routines", "drop", method="GET")
    cache.clear()  # the home page's routines are no longer fresh
    response = page.goto(f"{web}/")
    assert response is not None and response.status == 503
    expect(page.get_by_role("heading", name="Service Unavailable")).to_be_visible()
    backend.clear_faults()
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", name="Hi, " + user["email"].split("@")[0])).to_be_visible()


def test_a_region_that_fails_to_load_offers_retry_in_place(
    page: Page, web: str, user: dict, backend: LocalBackend
) -> None:
    start_signed_in(page, web, backend, user["email"], at=None)
    page.goto(f"{web}/workouts/history")
    items = page.locator("#history-list li.history-item")
    expect(items.first).to_be_visible()
    first_page = items.count()
    backend.add_fault("/api/workouts/sessions", "status", method="GET", status=500)

    page.get_by_role("link", name="Load more").click()

    notice = page.locator(".inline-retry")
    expect(notice).to_contain_text("This part could not be loaded.")
    expect(page.get_by_role("alert").filter(has_text="A server error occurred")).to_be_visible()
    assert items.count() == first_page  # what was already on the page stays usable
    backend.clear_faults()
    notice.get_by_role("button", name="Retry").click()
    expect(notice).to_be_hidden()
    expect(page.get_by_text("You have reached the end of the list.")).to_be_visible()
    assert items.count() > first_page
