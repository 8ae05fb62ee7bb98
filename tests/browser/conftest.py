"""Real headless Chromium (Debian's build) driven by Playwright, at phone size, against a live server.

The contexts come from pytest-playwright (`new_context`), so a failing test leaves a trace and a screenshot
under `test-artifacts/playwright/` (`--output`, `--tracing`, `--screenshot` in pyproject.toml). `playwright
install` cannot download browsers here, so the launch options point Playwright at Debian's build
(`executable_path`): its headless shell (package `chromium-headless-shell`), the same Blink that Playwright's
own headless Chromium is, without the full browser's UI processes (the browser tier took less than half the
CPU with it). What only the full browser does (its installability check) runs in `full_chromium`.
`context`, `page`, `page_without_worker` and `no_js_page` are phones (390×844); for another size,
`phone_context(new_context, viewport=...)`. The web server is Django in a thread of the test process,
pointed at the local backend.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from pytest_playwright.pytest_playwright import CreateContextCallback

from tests.conftest import signed_in_session
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


def _installed(command: str) -> str:
    path = shutil.which(command)
    if not path:
        raise RuntimeError(f"Debian's {command} is needed for the browser tests: `make test` installs it.")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options (`--headed`, `--slowmo`), with Debian's headless shell, or its full
    chromium where the shell is not installed (CHROMIUM_PATH: another build, e.g. /usr/bin/chromium, which
    `--headed` needs)."""
    return {
        "headless": True,
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium-headless-shell")
        or _installed("chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def full_chromium(playwright: Playwright) -> Iterator[Browser]:
    """Debian's full chromium, headless, for what its headless shell leaves out (the install prompt's
    check)."""
    browser = playwright.chromium.launch(executable_path=_installed("chromium"), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def web(web_server: str, backend: LocalBackend) -> str:
    """The web app's base URL (served from the test process, using the test backend)."""
    return web_server


@pytest.fixture
def new_context(
    new_context: CreateContextCallback, request: pytest.FixtureRequest
) -> Iterator[CreateContextCallback]:
    """pytest-playwright's `new_context`, whose pages are closed first after a test that passed: it takes a
    screenshot of every page still open as a context closes (keeping them only for a failure), which cost
    a passing test up to 3 s (a page with a modal dialog open)."""
    made: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        made.append(new_context(**options))
        return made[-1]

    yield cast(CreateContextCallback, make)
    report = getattr(request.node, "rep_call", None)  # set by pytest-playwright
    if report is None or not report.passed:
        return
    for ctx in made:
        for opened in ctx.pages:
            opened.close()


_PHONE_CONTEXT: dict[str, Any] = {
    "viewport": PHONE,
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-US",
}


def _context(browser: Browser, **options: Any) -> BrowserContext:
    """A phone context made by hand (not traced; prefer the `new_context` fixture)."""
    return browser.new_context(**{**_PHONE_CONTEXT, **options})


def phone_context(new_context: CreateContextCallback, **options: Any) -> BrowserContext:
    """A phone context, traced (pytest-playwright closes it after the test); options as for `new_context`."""
    ctx = new_context(**{**_PHONE_CONTEXT, **options})
    ctx.set_default_timeout(10_000)
    return ctx


@pytest.fixture
def context(new_context: CreateContextCallback) -> BrowserContext:
    """A phone (390×844), traced; pytest-playwright closes it after the test."""
    return phone_context(new_context)


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def page_without_worker(new_context: CreateContextCallback) -> Page:
    """A page no service worker serves: for what happens on a first visit, before the worker keeps anything
    (Playwright's `page.route` does not see the worker's own requests either)."""
    return phone_context(new_context, service_workers="block").new_page()


@pytest.fixture
def no_js_page(new_context: CreateContextCallback) -> Page:
    return phone_context(new_context, java_script_enabled=False).new_page()


@pytest.fixture
def full_chromium_page(full_chromium: Browser) -> Iterator[Page]:
    """A phone page in Debian's full chromium (not traced)."""
    ctx = _context(full_chromium)
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


def sign_in(page: Page, web: str, email: str, password: str) -> None:
    """Signs in through the login form and lands on Home (for tests about signing in; others start signed
    in with `start_signed_in`)."""
    page.goto(f"{web}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{web}/")


def start_signed_in(page: Page, web: str, backend: LocalBackend, email: str, *, at: str | None = "/") -> None:
    """The phone is signed in as `email` without the login form, and shows `at` (None: nothing yet): the
    session cookie a sign-in leaves (`signed_in_session`: tokens from the control API, verified by the
    backend, stored as the login view stores them), set as the login's answer sets it."""
    session_key = signed_in_session(backend, email)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_key,
                "url": web,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    if at is not None:
        page.goto(f"{web}{at}")
