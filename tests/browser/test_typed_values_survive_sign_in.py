"""A set typed when the sign-in has ended is not lost: sign in again, and it is back and saves."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.workout_page import row, start_monday
from tests.localbackend import LocalBackend
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_set_typed_after_the_session_ended_survives_signing_in_again(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    start_monday(page, web, lifter)
    session_url = page.url
    backend.control("POST", f"/users/{lifter.account['email']}/revoke-sessions")  # e.g. signed out elsewhere

    first = row(page, lifter.bench, 1)
    first.get_by_label("Set 1 weight (kg)").fill("57.5")
    first.get_by_label("Set 1 reps").fill("10")
    first.get_by_role("button", name="Set 1 done").click()

    expect(page).to_have_url(re.compile(r"/login\?next="))  # the whole page goes to sign-in, not a fragment
    expect(page.get_by_text("Please sign in to continue")).to_be_visible()
    page.get_by_label("Email").fill(lifter.account["email"])
    page.get_by_label("Password", exact=True).fill(lifter.account["password"])
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(session_url)  # back where the lifter was
    first = row(page, lifter.bench, 1)
    expect(first.get_by_label("Set 1 weight (kg)")).to_have_value("57.5")
    expect(first.get_by_label("Set 1 reps")).to_have_value("10")
    expect(first.locator("[data-status]")).to_have_text("Saved")  # the kept entry was sent again
    token = backend.sign_in(lifter.account["email"], lifter.account["password"])  # the old one was revoked
    session = httpx.get(
        f"{backend.api_url}/workouts/sessions/{session_url.rsplit('/', 1)[1]}",
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    (log,) = session["setLogs"]
    assert (log["weight"], log["reps"]) == (57.5, 10)
