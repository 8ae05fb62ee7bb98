"""Signing up, in and out, and Google sign-in, in headless Chromium at phone size."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import sign_in
from tests.localbackend import LocalBackend

pytestmark = pytest.mark.browser


def test_login_page_is_usable_on_a_phone(page: Page, web: str) -> None:
    page.goto(f"{web}/")
    expect(page).to_have_url(re.compile(r"/login\?next=|/login$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    email = page.get_by_label("Email")
    assert email.evaluate("el => getComputedStyle(el).fontSize") == "16px"  # no zoom-on-focus on iOS
    for control in (
        email,
        page.get_by_role("button", name="Sign in"),
        page.get_by_role("link", name="Continue with Google"),
    ):
        box = control.bounding_box()
        assert box is not None and box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling


def test_sign_up_lands_on_home(page: Page, web: str, backend: LocalBackend) -> None:
    page.goto(f"{web}/signup")
    page.get_by_label("Name").fill("Phone Person")
    page.get_by_label("Email").fill(f"phone-{uuid.uuid4().hex[:8]}@example.test")
    page.get_by_label("Password", exact=True).fill("pass-word-1")
    expect(page.locator("[data-strength-for]")).to_contain_text("Strength")
    page.get_by_label("Confirm password").fill("pass-word-1")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Hi, Phone Person")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Welcome to Sunnsteel")).to_be_visible()


def test_password_can_be_shown_while_typing(page: Page, web: str, backend: LocalBackend) -> None:
    page.goto(f"{web}/login")
    password = page.get_by_label("Password", exact=True)
    password.fill("secret-words")
    page.get_by_role("button", name="Show").click()
    expect(password).to_have_attribute("type", "text")
    page.get_by_role("button", name="Hide").click()
    expect(password).to_have_attribute("type", "password")


def test_login_then_logout(page: Page, web: str, user: dict) -> None:
    sign_in(page, web, user["email"], user["password"])
    expect(page.get_by_role("heading", name=re.compile(r"^Hi, "))).to_be_visible()
    page.get_by_role("link", name="Profile").click()  # on a phone, signing out lives on Profile
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{web}/login")
    expect(page.get_by_text("You have been signed out.")).to_be_visible()
    page.goto(f"{web}/")
    expect(page).to_have_url(re.compile(r"/login"))


def test_google_sign_in_through_a_provider_on_another_origin(
    page: Page, web: str, backend: LocalBackend
) -> None:
    """As in production: app -> Supabase /authorize -> Google, three origins, under the app's real CSP.

    Chromium checks a form's `form-action` on every redirect after the submission, so starting this
    with a form POST was blocked at the hop to Google, which the stand-in on one origin never showed."""
    backend.configure(oauthProviderUrl=backend.other_origin)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{web}/login")
    page.get_by_text("Continue with Google", exact=True).click()
    try:
        page.wait_for_url(re.compile(rf"^{re.escape(backend.other_origin)}/provider/authorize\?"))
    except PlaywrightTimeoutError:
        pytest.fail(f"the way to the provider was blocked; CSP reports: {refused}")
    page.get_by_label(re.compile("email", re.I)).fill("phone.google@example.test")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{web}/")
    expect(page.get_by_role("heading", name="Hi, phone.google")).to_be_visible()
    assert refused == []


def test_a_wrong_password_is_explained_in_place(page: Page, web: str, user: dict) -> None:
    page.goto(f"{web}/login")
    page.get_by_label("Email").fill(user["email"])
    page.get_by_label("Password", exact=True).fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Incorrect email or password.")
    expect(page.get_by_label("Email")).to_have_value(user["email"])
