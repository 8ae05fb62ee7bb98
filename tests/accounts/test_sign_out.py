"""Sign out ends this browser's sign-in only; "Sign out everywhere" on Profile is a separate, explicit act."""

from __future__ import annotations

import re

from django.test import Client

from accounts.tokens import SESSION_KEY
from tests.auth_kit import make_renewal_due
from tests.localbackend import LocalBackend


def _still_signed_in(client: Client) -> bool:
    """Loads a page that asks the backend, after renewing the token: both must still work."""
    make_renewal_due(client)
    page = client.get("/")
    return page.status_code == 200 and SESSION_KEY in client.session


def _logouts(backend: LocalBackend) -> list[str]:
    return [r["query"] for r in backend.requests() if r["path"] == "/auth/v1/logout"]


def test_signing_out_on_the_laptop_leaves_the_phone_signed_in(
    backend: LocalBackend, user: dict, client_for
) -> None:
    phone, laptop = client_for(user), client_for(user)

    signed_out = laptop.post("/logout")

    assert signed_out["Location"] == "/login"
    assert SESSION_KEY not in laptop.session
    assert _logouts(backend) == ["scope=local"]
    assert _still_signed_in(phone)


def test_profile_offers_sign_out_here_and_sign_out_everywhere_separately(signed_in: Client) -> None:
    page = signed_in.get("/profile").content.decode()
    assert re.search(r'<form method="post" action="/logout"', page)
    assert "Signs out this browser only" in page
    assert 'href="/profile/sign-out-everywhere"' in page  # asks first, on a page of its own


def test_sign_out_everywhere_asks_first_then_ends_every_devices_sign_in(
    backend: LocalBackend, user: dict, client_for
) -> None:
    phone, laptop = client_for(user), client_for(user)
    asked = laptop.get("/profile/sign-out-everywhere").content.decode()
    assert "Sign out everywhere?" in asked and "every device" in asked
    assert _logouts(backend) == []  # asking changes nothing

    done = laptop.post("/profile/sign-out-everywhere", follow=True)

    assert done.redirect_chain[-1][0] == "/login"
    assert "You have been signed out on every device." in done.content.decode()
    assert _logouts(backend) == ["scope=global"]
    assert phone.get("/", follow=True).redirect_chain[-1][0] == "/login"  # the phone must sign in again


def test_sign_out_everywhere_needs_the_csrf_token(backend: LocalBackend, user: dict) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.get("/login")
    token = browser.cookies["csrftoken"].value
    browser.post(
        "/login", {"email": user["email"], "password": user["password"], "csrfmiddlewaretoken": token}
    )
    assert SESSION_KEY in browser.session

    forged = browser.post("/profile/sign-out-everywhere")  # e.g. a form on another site

    assert forged.status_code == 403
    assert _logouts(backend) == [] and SESSION_KEY in browser.session
    token = browser.cookies["csrftoken"].value
    assert browser.post("/profile/sign-out-everywhere", {"csrfmiddlewaretoken": token}).status_code == 302
    assert _logouts(backend) == ["scope=global"]


def test_sign_out_everywhere_that_cannot_reach_the_auth_service_says_so_and_changes_nothing(
    backend: LocalBackend, user: dict, client_for
) -> None:
    phone, laptop = client_for(user), client_for(user)
    backend.add_fault("/auth/v1/logout", "status", status=503)

    refused = laptop.post("/profile/sign-out-everywhere")

    assert refused.status_code == 503
    assert "your other devices are still signed in" in refused.content.decode()
    assert SESSION_KEY in laptop.session  # not pretended: still signed in here, free to try again
    backend.clear_faults()
    assert _still_signed_in(phone)
