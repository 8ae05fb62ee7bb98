"""No failure signs anyone out: a failed sign-in elsewhere, a refresh whose answer was lost, an outage."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.tokens import SESSION_KEY
from tests.auth_kit import make_renewal_due, wait_until
from tests.localbackend import LocalBackend


def _still_signed_in(client: Client) -> bool:
    """Loads a page that asks the backend, after renewing the token: both must still work."""
    make_renewal_due(client)
    page = client.get("/")
    return page.status_code == 200 and SESSION_KEY in client.session


def _refreshes(backend: LocalBackend) -> list[dict]:
    return [r for r in backend.requests() if r["path"] == "/auth/v1/token" and "refresh_token" in r["query"]]


@pytest.mark.parametrize(
    "fault",
    [{"kind": "status", "status": 429}, {"kind": "slow", "delay": 2}],  # rate limited; slower than 1 s
    ids=["429", "timeout"],
)
def test_a_sign_in_that_meets_a_backend_error_signs_no_other_device_out(
    backend: LocalBackend, user: dict, client_for, fault: dict, read_timeout: float
) -> None:
    phone = client_for(user)  # mid-workout
    backend.add_fault("/api/auth/supabase/verify", method="POST", times=1, **fault)

    laptop = Client().post("/login", {"email": user["email"], "password": user["password"]})

    assert laptop.status_code == 200 and "form" in laptop.content.decode()  # not signed in, told why
    logouts = [r["query"] for r in backend.requests() if r["path"] == "/auth/v1/logout"]
    assert "scope=global" not in logouts  # at most the new, unfinished sign-in itself is ended
    assert _still_signed_in(phone)


def test_a_refresh_whose_answer_was_lost_to_a_timeout_does_not_sign_the_user_out(
    backend: LocalBackend, user: dict, client_for, read_timeout: float
) -> None:
    """The auth service rotated the refresh token but answered after the app had given up (the read
    timeout). Asked again with the same refresh token, it hands back the new pair (GoTrue: the answer was
    lost)."""
    client = client_for(user)
    make_renewal_due(client)
    backend.add_fault("/auth/v1/token", "slow", method="POST", delay=2, times=1)

    during = client.get("/")  # the refresh times out; the token still has 30 s, so the page is served
    wait_until(lambda: _refreshes(backend) and _refreshes(backend)[0]["status"] == 200)  # rotated, too late
    after = client.get("/")  # renews again, with the refresh token it still holds

    assert during.status_code == 200 and after.status_code == 200
    assert [r["status"] for r in _refreshes(backend)] == [200, 200]
    assert SESSION_KEY in client.session
    assert _still_signed_in(client)  # and the pair it got back keeps working
