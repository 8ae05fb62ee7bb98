"""No signal in the gym: the app installs, and the workout page opens from what the phone kept."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import PHONE, sign_in
from tests.browser.workout_page import start_monday, wait_for_the_worker
from tests.localbackend import LocalBackend
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser

# Any JWT: a header and a payload, each base64url-encoded JSON (so each starts with `eyJ`, `{"`), and a dot
# after each. A bare `eyJ` is not one: a row's signature or a CSRF mask holds those letters now and then.
JWT = re.compile(r"eyJ[\w-]*\.eyJ[\w-]*\.")


def _controlled(page: Page) -> None:
    """Waits for the service worker to run the page, then loads it again through it (so it is kept)."""
    wait_for_the_worker(page)
    page.reload()
    page.wait_for_load_state("load")


def test_without_signal_the_workout_page_opens_from_what_was_kept_and_says_so(
    context: BrowserContext, page: Page, web: str, lifter: Lifter
) -> None:
    start_monday(page, web, lifter)
    _controlled(page)
    workout_url = page.url

    context.set_offline(True)
    page.reload()

    expect(page.get_by_role("heading", name="Push Pull A · Monday")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Offline")).to_have_text(
        re.compile(r"^Offline — showing your workout as of \d\d:\d\d\.$")
    )
    page.goto(f"{web}/workouts/history")  # never visited: the offline page, in our layout
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    page.goto(workout_url)
    expect(page.get_by_role("heading", name="Push Pull A · Monday")).to_be_visible()

    context.set_offline(False)
    page.reload()
    expect(page.get_by_role("status").filter(has_text="Offline")).to_have_count(0)


def test_a_second_user_on_the_same_phone_never_sees_the_first_ones_kept_pages(
    browser: Browser, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    start_monday(page, web, lifter)
    _controlled(page)
    workout_url = page.url
    page.goto(f"{web}/profile")
    page.get_by_role("button", name="Sign out").first.click()
    other = backend.create_user(name="Second Person")
    sign_in(page, web, other["email"], other["password"])

    context.set_offline(True)
    page.goto(workout_url)

    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_text("Push Pull A")).to_have_count(0)
    kept = page.evaluate(
        """async () => {
            const names = await caches.keys();
            const pages = [];
            for (const name of names.filter(n => n.startsWith("sunnsteel-pages-"))) {
                for (const request of await (await caches.open(name)).keys()) pages.push(request.url);
            }
            return pages;
        }"""
    )
    assert not [url for url in kept if "/workouts/" in url]
    context.close()


def test_no_kept_page_holds_a_token(context: BrowserContext, page: Page, web: str, lifter: Lifter) -> None:
    start_monday(page, web, lifter)
    _controlled(page)

    bodies = page.evaluate(
        """async () => {
            const texts = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                    texts.push(await (await cache.match(request)).text());
                }
            }
            return texts.join("\\n");
        }"""
    )

    token = lifter.backend.sign_in(lifter.account["email"], lifter.account["password"])
    assert not JWT.search(bodies) and token[:20] not in bodies  # no JWT of any kind
    assert "Push Pull A" in bodies  # the workout page was kept


def test_chromium_finds_the_app_installable(
    full_chromium_page: Page, web: str, backend: LocalBackend
) -> None:
    """Chromium's own installability check (the one behind its install prompt, which Lighthouse's dropped
    PWA audit used; the full browser's, which the headless shell has not): manifest fields, icons it can
    download, the service worker. Test contexts are incognito-like, which Chromium always reports; nothing
    else may be wrong. The sign-in pages carry only their own small script (no service worker there); the
    worker registers on the first signed-in page."""
    page = full_chromium_page
    account = backend.create_user()
    sign_in(page, web, account["email"], account["password"])
    wait_for_the_worker(page)
    cdp = page.context.new_cdp_session(page)

    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]

    assert [error["errorId"] for error in errors] == ["in-incognito"]
    assert cdp.send("Page.getAppManifest")["errors"] == []
