"""Regressions found in review: each was a real way to get in, get a 500, or be signed out for nothing."""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit

import httpx
import pytest
from django.test import Client

from accounts import auth, tokens
from accounts.tokens import SESSION_KEY
from sunnsteel_web.state import state_cache
from tests.auth_kit import make_renewal_due
from tests.conftest import sign_in_client
from tests.localbackend import LocalBackend


def test_a_forwarded_recovery_token_does_not_sign_this_browser_in(backend: LocalBackend, user: dict) -> None:
    mallory = backend.create_user()
    Client().post("/forgot-password", {"email": mallory["email"]})
    (mail,) = backend.outbox()
    token = re.search(r"token=([^&]+)", mail["link"]).group(1)  # what Mallory copies out of her email
    victim = Client()
    response = victim.get(f"/reset-password?token_hash={token}&type=recovery")
    assert response["Location"] == "/forgot-password"
    assert SESSION_KEY not in victim.session


def test_being_signed_in_is_not_enough_to_set_a_new_password(signed_in: Client) -> None:
    assert signed_in.get("/reset-password")["Location"] == "/forgot-password"
    response = signed_in.post("/reset-password", {"password": "taken-over", "confirm_password": "taken-over"})
    assert response["Location"] == "/forgot-password"


def test_someone_else_signing_in_here_keeps_nothing_of_the_previous_user(
    backend: LocalBackend, user: dict
) -> None:
    client = Client()
    client.post("/login", {"email": user["email"], "password": user["password"]})
    session = client.session
    session["their.data"] = {"anything": "of the previous user"}
    session.save()
    other = backend.create_user()
    authorize = client.get("/auth/google")["Location"]  # the same browser, Google, another person
    page = httpx.get(authorize)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    back = httpx.post(
        f"{backend.root_url}/auth/v1/callback",
        data={**fields, "email": other["email"], "action": "continue"},
        follow_redirects=False,
    ).headers["Location"]
    parts = urlsplit(back)
    client.get(f"{parts.path}?{parts.query}")
    assert client.session[SESSION_KEY]["user"]["email"] == other["email"]
    assert "their.data" not in client.session


def test_a_cookie_the_backend_sets_for_one_person_is_never_sent_for_anyone(
    backend: LocalBackend, user: dict, client_for
) -> None:
    # Production's verify answers `Set-Cookie: ss_session=1` (and clears it on a refused token). Every
    # person's calls share one connection pool: a cookie kept there would go out with everybody's calls.
    sign_in_client(Client(), user["email"], user["password"])  # Alice's sign-in: verify sets the cookie
    bob = backend.create_user(demo_data=True)
    backend.reset()
    assert client_for(bob).get("/routines/").status_code == 200
    calls = [r for r in backend.requests() if r["path"].startswith("/api/")]
    assert calls, "the page asked the backend nothing"
    assert all(r["cookies"] == [] for r in calls), calls


def test_the_csrf_token_changes_at_sign_in(backend: LocalBackend, user: dict) -> None:
    client = Client()
    client.get("/login")
    before = client.cookies["csrftoken"].value
    client.post("/login", {"email": user["email"], "password": user["password"]})
    assert client.cookies["csrftoken"].value != before


def test_a_malformed_answer_from_the_auth_service_is_explained_not_a_500(
    backend: LocalBackend, user: dict
) -> None:
    backend.add_fault("/auth/v1/token", "malformed", method="POST")
    response = Client().post("/login", {"email": user["email"], "password": user["password"]})
    assert response.status_code == 200
    assert "The sign-in service is not answering" in response.content.decode()


def test_a_malformed_refresh_answer_keeps_the_page_working(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    make_renewal_due(client)  # every page load tries to renew
    backend.add_fault("/auth/v1/token", "malformed", method="POST")
    assert client.get("/").status_code == 200  # the current token is still good; renewal waits
    backend.clear_faults()
    assert client.get("/").status_code == 200


def test_the_renewed_tokens_are_published_before_the_refresh_lock_is_released(
    backend: LocalBackend, user: dict, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _, done_key = _due_for_renewal(client_for(user))
    seen_when_unlocked: list[object] = []
    state = state_cache()
    real_delete = state.delete

    def delete(key: str, *args: object, **kwargs: object) -> bool:
        if key.startswith("auth-refresh-lock:"):
            seen_when_unlocked.append(state.get(done_key))
        return real_delete(key, *args, **kwargs)

    monkeypatch.setattr(state, "delete", delete)
    assert client.get("/").status_code == 200
    assert seen_when_unlocked and seen_when_unlocked[0] is not None  # a late request finds the result


def test_a_request_that_takes_the_refresh_lock_just_after_another_renewed_uses_that_renewal(
    backend: LocalBackend, user: dict, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two requests of one browser find the token due and no renewal yet; the other takes the lock, renews,
    # publishes and lets go, all before this one asks for the lock. It must not spend the used-up token.
    client, old_refresh, done_key = _due_for_renewal(client_for(user))
    state = state_cache()
    real_add = state.add

    def add(key: str, *args: object, **kwargs: object) -> bool:
        if key.startswith("auth-refresh-lock:") and state.get(done_key) is None:
            renewed = auth.refresh(old_refresh)  # the other request, start to finish
            assert renewed is not None
            state.set(done_key, dataclasses.asdict(renewed), 60)
        return real_add(key, *args, **kwargs)

    monkeypatch.setattr(state, "add", add)
    backend.reset()
    assert client.get("/").status_code == 200
    assert _refreshes(backend) == 1  # the other request's only
    assert client.get("/").status_code == 200  # and still signed in


def _refreshes(backend: LocalBackend) -> int:
    return sum(1 for r in backend.requests() if r["path"] == "/auth/v1/token" and "refresh" in r["query"])


def _due_for_renewal(client: Client) -> tuple[Client, str, str]:
    """The signed-in client with its token due for renewal, its refresh token, and where the renewal of
    that token is published for the other requests (accounts/tokens.py)."""
    make_renewal_due(client)
    old_refresh = client.session[SESSION_KEY]["refresh_token"]
    return client, old_refresh, f"auth-refreshed:{tokens._digest(old_refresh)}"


def test_behind_a_proxy_the_address_the_proxy_added_counts(
    backend: LocalBackend, user: dict, settings
) -> None:
    settings.TRUST_X_FORWARDED_FOR = True
    settings.AUTH_ATTEMPTS_PER_MINUTE = 2
    emails = [
        backend.create_user()["email"] for _ in range(3)
    ]  # other emails: only the address limit applies
    answers = [
        Client().post(
            "/login",
            {"email": email, "password": "wrong-password"},
            headers={"X-Forwarded-For": f"10.9.1.{n}, 203.0.113.5"},
        )
        for n, email in enumerate(emails)
    ]
    assert "Too many attempts" in answers[-1].content.decode()  # a made-up first entry changes nothing


def test_a_failing_form_post_never_redirects_off_site(backend: LocalBackend, signed_in: Client) -> None:
    for referer in (
        "http://testserver//evil.example/x",
        "http://testserver/\\evil.example",
        "https://evil.example/",
    ):
        response = signed_in.post(
            "/workouts/start", {"routine_id": "x", "routine_day_id": "y"}, headers={"Referer": referer}
        )
        location = response.get("Location", "")
        assert not location.startswith("//") and "evil" not in location


def test_health_answers_head_requests(client) -> None:  # type: ignore[no-untyped-def]
    assert client.head("/health").status_code == 200
