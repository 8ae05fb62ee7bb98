"""Real headless Chromium (Debian's package) driven by Playwright, at phone size, against a live server.

`playwright install` cannot download browsers here, so Playwright drives /usr/bin/chromium through
`executable_path`. The web server is Django in a thread of the test process, pointed at the local backend.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.localbackend import LocalBackend

PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError(
            "Debian's chromium is needed for the browser tests: run `make test` (it installs it)."
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def web(web_server: str, backend: LocalBackend) -> str:
    """The web app's base URL (served from the test process, using the test backend)."""
    return web_server


def _context(browser: Browser, **options: object) -> BrowserContext:
    return browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-US", **options
    )


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = _context(browser)
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def page_without_worker(browser: Browser) -> Iterator[Page]:
    """A page no service worker serves: for what happens on a first visit, before the worker keeps anything
    (Playwright's `page.route` does not see the worker's own requests either)."""
    ctx = _context(browser, service_workers="block")
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    ctx = _context(browser, java_script_enabled=False)
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


def sign_in(page: Page, web: str, email: str, password: str) -> None:
    page.goto(f"{web}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{web}/")
