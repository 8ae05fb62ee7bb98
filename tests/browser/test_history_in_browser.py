"""The workout history on a phone (headless Chromium): filter, open, come back; Load more to the end; a
finished session's sets without sideways scrolling; times in the browser's zone; and without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.browser.conftest import PHONE, sign_in, start_signed_in
from tests.browser.workout_page import SESSION_URL
from tests.contract.contract_kit import Api
from tests.history.kit import expected_ids, moment
from tests.localbackend import LocalBackend
from workouts.presenters import row_dom_id

pytestmark = pytest.mark.browser


@pytest.fixture
def zoned_page(browser: Browser) -> Iterator[Callable[[str], Page]]:
    """A phone whose clock is in the given IANA time zone."""
    contexts: list[BrowserContext] = []

    def make(zone: str) -> Page:
        context = browser.new_context(
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="en-US",
            timezone_id=zone,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def api(backend: LocalBackend, user: dict) -> Iterator[Api]:
    with httpx.Client(timeout=30) as http:
        yield Api(http, backend.api_url, backend.sign_in(user["email"], user["password"]))


def _settled(page: Page) -> None:
    """htmx has wired up what it swapped in (it does so a moment after the swap, when it settles)."""
    page.wait_for_function("() => !document.querySelector('.htmx-added, .htmx-settling')")


def _ids(page: Page) -> list[str]:
    return page.locator("li.history-item").evaluate_all("items => items.map(i => i.dataset.sessionId)")


def test_filter_by_routine_and_date_open_an_item_and_back_keeps_the_filters(
    zoned_page: Callable[[str], Page], web: str, user: dict, api: Api
) -> None:
    zone = "America/New_York"
    page = zoned_page(zone)
    sessions = api.list_all_sessions(limit=50)
    upper = next(r for r in api.ok("GET", "/routines") if r["name"] == "Upper/Lower")
    newest = moment(sessions[0]["endedAt"]).astimezone(ZoneInfo(zone)).date()  # type: ignore[union-attr]
    day_from = newest - timedelta(days=28)
    expected = expected_ids(sessions, routine_id=upper["id"], day_from=day_from, zone=ZoneInfo(zone))
    sign_in(page, web, user["email"], user["password"])

    page.get_by_role("link", name="History").click()
    expect(page.get_by_text(f"Days and times in {zone}")).to_be_visible()  # the browser's zone (by script)
    _settled(page)
    page.get_by_text("Filter and sort").click()  # folded away on a phone
    page.get_by_label("Routine", exact=True).select_option(label="Upper/Lower")
    expect(page).to_have_url(re.compile(rf"\?routine={upper['id']}$"))
    page.get_by_label("From", exact=True).fill(day_from.isoformat())
    expect(page).to_have_url(re.compile(rf"\?routine={upper['id']}&from={day_from.isoformat()}$"))
    expect(page.get_by_text("Routine: Upper/Lower")).to_be_visible()
    expect(page.get_by_text(f"From {day_from:%a} {day_from.day} {day_from:%b %Y}")).to_be_visible()
    expect(page.locator("li.history-item")).to_have_count(len(expected))
    assert _ids(page) == expected and len(expected) >= 3
    filtered_url = page.url
    page.screenshot(path="test-artifacts/history-filtered-390.png", full_page=True)

    page.locator("li.history-item a").nth(1).click()
    expect(page).to_have_url(SESSION_URL)
    expect(page.get_by_role("heading", name="Workout complete")).to_be_visible()
    assert page.url.endswith(expected[1])
    page.go_back()

    expect(page).to_have_url(filtered_url)
    expect(page.get_by_label("Routine", exact=True)).to_have_value(upper["id"])
    expect(page.get_by_label("From", exact=True)).to_have_value(day_from.isoformat())
    expect(page.locator("li.history-item")).to_have_count(len(expected))
    assert _ids(page) == expected


def test_load_more_until_the_end_of_the_history(
    page: Page, web: str, user: dict, backend: LocalBackend, api: Api
) -> None:
    everything = expected_ids(api.list_all_sessions(limit=50), status=None)
    start_signed_in(page, web, backend, user["email"], at=None)
    page.goto(f"{web}/workouts/history?status=all")
    expect(page.locator("li.history-item")).to_have_count(20)
    page.screenshot(path="test-artifacts/history-390.png")

    for _ in range(10):  # scrolling "Load more" into view loads the next page, until the end
        end = page.get_by_text("You have reached the end of the list.")
        if end.is_visible():
            break
        more = page.locator("#history-more a")
        more.scroll_into_view_if_needed()
        expect(more).to_have_count(0)  # replaced by the next page (and its own "Load more", or the end)
        expect(page.locator("li.history-item").nth(19)).to_be_visible()

    expect(page.get_by_text("You have reached the end of the list.")).to_be_visible()
    assert _ids(page) == everything  # every session once, in order
    assert page.url.endswith("/workouts/history?status=all")  # pages are not history entries
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_load_more_is_also_a_button_to_tap(page: Page, web: str, user: dict, backend: LocalBackend) -> None:
    start_signed_in(page, web, backend, user["email"], at=None)
    page.set_viewport_size({"width": 390, "height": 4000})  # tall: the link is in view, so it loads at once
    page.goto(f"{web}/workouts/history?status=all")

    expect(page.get_by_text("You have reached the end of the list.")).to_be_visible()
    assert len(_ids(page)) == len(set(_ids(page))) > 20


def test_times_and_days_follow_the_browsers_time_zone(
    zoned_page: Callable[[str], Page], web: str, user: dict, api: Api
) -> None:
    zone = "Pacific/Auckland"
    page = zoned_page(zone)
    latest = api.list_sessions(status="COMPLETED", limit=1)["items"][0]
    started = moment(latest["startedAt"]).astimezone(ZoneInfo(zone))  # type: ignore[union-attr]
    sign_in(page, web, user["email"], user["password"])

    page.goto(f"{web}/workouts/history")

    expect(page.get_by_text(f"Days and times in {zone}")).to_be_visible()
    first = page.locator("li.history-item").first
    day = f"{started:%a} {started.day} {started:%b %Y}"
    expect(first.locator("time")).to_have_text(f"{day} · {started:%H:%M}")
    first.click()
    expect(page.locator("[data-summary=when]")).to_contain_text(f"{day}, {started:%H:%M}")


def test_a_finished_session_fits_a_phone_without_sideways_scrolling(
    page: Page, web: str, user: dict, backend: LocalBackend, api: Api
) -> None:
    latest = api.list_sessions(status="COMPLETED", limit=1)["items"][0]
    start_signed_in(page, web, backend, user["email"], at=None)

    for width, height in ((390, 844), (360, 640)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{web}/workouts/{latest['id']}")
        expect(page.get_by_role("heading", name="Set by set")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        rows = page.locator("tr.record-row")
        assert rows.count() >= 10
        for index in range(rows.count()):
            box = rows.nth(index).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
            assert box["height"] <= 60  # a compact row: two short lines
        page.screenshot(path=f"test-artifacts/history-session-{width}.png", full_page=True)


def test_history_screens_on_a_small_phone(page: Page, web: str, user: dict, backend: LocalBackend) -> None:
    start_signed_in(page, web, backend, user["email"], at=None)
    page.set_viewport_size({"width": 360, "height": 640})

    page.goto(f"{web}/workouts/history?status=all&q=zzz")
    expect(page.get_by_text("No workouts match these filters.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="test-artifacts/history-empty-360.png", full_page=True)
    page.goto(f"{web}/workouts/history")
    expect(page.locator("li.history-item").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="test-artifacts/history-360.png")


def test_the_session_page_shows_last_time_and_the_first_set_stays_in_view(
    page: Page, web: str, user: dict, backend: LocalBackend, api: Api
) -> None:
    upper = next(r for r in api.ok("GET", "/routines") if r["name"] == "Upper/Lower")
    start_signed_in(page, web, backend, user["email"], at=None)
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{web}/routines/")
    page.get_by_role("button", name="Start Upper/Lower, Monday").click()
    expect(page).to_have_url(SESSION_URL)

    first_row = page.locator(f"#{row_dom_id(upper['days'][0]['exercises'][0]['id'], 1)}")
    expect(first_row.locator("[data-last]")).to_have_text(re.compile(r"^last: \d+(\.\d+)? kg × \d+$"))
    expect(page.locator("[data-last-date]").first).to_have_text(re.compile(r"^Last time \w{3} \d+ \w{3}$"))
    expect(first_row.get_by_role("button", name="Set 1 done")).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="test-artifacts/history-last-time-360.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="test-artifacts/history-last-time-390.png")

    first_row.get_by_role("button", name="Set 1 done").click()  # a save keeps the hint
    expect(first_row.locator("[data-status]")).to_have_text("Saved")
    expect(first_row.locator("[data-last]")).to_be_visible()


def test_a_bookmarked_filter_url_works_without_javascript(
    no_js_page: Page, web: str, user: dict, backend: LocalBackend, api: Api
) -> None:
    page = no_js_page
    sessions = api.list_all_sessions(limit=50)
    start_signed_in(page, web, backend, user["email"], at=None)

    page.goto(f"{web}/workouts/history?status=all&sort=started_asc")

    expected = expected_ids(sessions, status=None, sort="startedAt:asc")
    assert _ids(page) == expected[:20]
    expect(page.get_by_text("Status: All")).to_be_visible()
    page.get_by_text("Filter and sort").click()
    page.get_by_label("Status", exact=True).select_option("aborted")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"status=aborted"))
    assert _ids(page) == expected_ids(sessions, status="ABORTED", sort="startedAt:asc")
    page.get_by_role("link", name="Clear all").click()
    expect(page).to_have_url(f"{web}/workouts/history")
    page.get_by_role("link", name="Load more").click()
    expect(page.get_by_role("link", name="Back to the first page")).to_be_visible()
    assert _ids(page) == expected_ids(sessions)[20:40]


def test_from_after_to_is_explained_in_place_and_fixing_it_brings_the_list_back(
    page: Page, web: str, user: dict, backend: LocalBackend
) -> None:
    start_signed_in(page, web, backend, user["email"], at=None)
    page.goto(f"{web}/workouts/history?from=2026-03-10&to=2026-03-01")  # e.g. a hand-edited bookmark

    problem = "“From” must be on or before “To”."
    expect(page.get_by_role("alert")).to_contain_text(problem)
    expect(page.locator(".history-filters .field__error")).to_have_text(problem)  # beside the field, too
    page.screenshot(path="test-artifacts/history-problem-390.png")
    _settled(page)
    page.get_by_label("To", exact=True).fill("2026-12-31")

    expect(page.locator("li.history-item").first).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator(".history-filters .field__error")).to_have_count(0)
    expect(page).to_have_url(f"{web}/workouts/history?from=2026-03-10&to=2026-12-31")
    page.get_by_label("From", exact=True).fill("2027-01-01")  # after "To" again: refused in place, no list
    expect(page.get_by_role("alert")).to_contain_text(problem)
    expect(page.locator("li.history-item")).to_have_count(0)


# Counts the page's requests for the zone (each costs a phone tens of milliseconds the first time).
COUNT_ZONE_LOOKUPS = """
window.__zoneLookups = 0;
const original = Intl.DateTimeFormat;
Intl.DateTimeFormat = function (...args) { window.__zoneLookups += 1; return original(...args); };
"""


def test_a_phone_asks_for_its_zone_once_and_again_only_after_travelling(
    browser: Browser, web: str, user: dict
) -> None:
    home = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, timezone_id="America/New_York")
    home.add_init_script(COUNT_ZONE_LOOKUPS)
    page = home.new_page()
    sign_in(page, web, user["email"], user["password"])  # the login page asks, and sets the cookie
    page.goto(f"{web}/workouts/history")
    expect(page.get_by_text("Days and times in America/New_York")).to_be_visible()
    page.wait_for_load_state("load")
    assert page.evaluate("window.__zoneLookups") == 0  # known from the sign-in page, not asked again
    stored = home.storage_state()  # the same phone's cookies and storage, landed in Tokyo
    home.close()

    away = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, timezone_id="Asia/Tokyo", storage_state=stored
    )
    away.add_init_script(COUNT_ZONE_LOOKUPS)
    page = away.new_page()
    page.goto(f"{web}/workouts/history")
    expect(page.get_by_text("Days and times in Asia/Tokyo")).to_be_visible()  # drawn again in the new zone
    page.reload()
    expect(page.get_by_text("Days and times in Asia/Tokyo")).to_be_visible()
    page.wait_for_load_state("load")
    assert page.evaluate("window.__zoneLookups") == 0  # asked once on arrival, not on every page
    away.close()


def test_a_filter_typed_before_the_page_scripts_arrive_still_filters(
    page_without_worker: Page, web: str, user: dict, backend: LocalBackend
) -> None:
    page = page_without_worker  # the worker keeps no script: each comes from the network
    start_signed_in(page, web, backend, user["email"], at=None)
    held: list[Route] = []
    page.route("**/*.js", lambda route: held.append(route))  # a slow gym connection: the scripts are late
    with page.expect_request("**/*.js"):
        page.goto(f"{web}/workouts/history", wait_until="commit")
    expect(page.locator("li.history-item").first).to_be_visible()

    page.get_by_text("Filter and sort").click()  # the page is already usable
    page.get_by_label("Notes contain").fill("zzz")
    while held:
        held.pop(0).continue_()

    expect(page.get_by_text("No workouts match these filters.")).to_be_visible()
    expect(page.locator("li.history-item")).to_have_count(0)
    page.screenshot(path="test-artifacts/history-filtered-early-390.png")
