"""A sign-in outlives its access tokens without the user noticing, and ends cleanly when it is really over."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

import httpx
from django.core.cache import cache
from django.test import Client

from accounts.tokens import SESSION_KEY
from tests.auth_kit import make_renewal_due, make_renewal_due_for_cookie
from tests.localbackend import LocalBackend

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/?from=htmx"}


def _refreshes(backend: LocalBackend) -> int:
    return sum(
        1 for r in backend.requests() if r["path"] == "/auth/v1/token" and "refresh_token" in r["query"]
    )


def test_a_token_living_shorter_than_the_refresh_margin_is_not_renewed_on_every_request(
    backend: LocalBackend, user: dict, client_for
) -> None:
    backend.configure(accessTokenTtl=30)  # shorter than the refresh margin (60 s)
    client = client_for(user)
    for headers in ({}, HTMX, {}, HTMX):
        assert client.get("/", headers=headers).status_code == 200
    assert _refreshes(backend) == 0  # renewed once half its life is gone, not on each request


def test_short_lived_tokens_are_renewed_across_page_loads_and_htmx_actions(
    backend: LocalBackend, user: dict, client_for
) -> None:
    backend.configure(accessTokenTtl=30)
    client = client_for(user)
    seen = {client.session[SESSION_KEY]["refresh_token"]}
    for headers in ({}, HTMX, {}, HTMX):
        make_renewal_due(client, seconds_left=10)
        response = client.get("/", headers=headers)
        assert response.status_code == 200
        seen.add(client.session[SESSION_KEY]["refresh_token"])
    assert len(seen) == 5  # renewed (rotating refresh tokens) each time, and the user saw only pages
    assert _refreshes(backend) == 4
    assert not [r for r in backend.requests() if r["status"] == 401]


def test_a_token_refused_mid_page_is_renewed_and_the_call_repeated(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    backend.control("POST", f"/users/{user['email']}/expire-access-tokens")
    response = client.get("/")
    assert response.status_code == 200
    calls = [r for r in backend.requests() if r["path"].startswith("/api/")]
    refused = [r["path"] for r in calls if r["status"] == 401]
    assert len(refused) == 1  # the page's first call was refused, renewed, and made again
    assert [r["status"] for r in calls if r["path"] == refused[0]] == [401, 200]
    assert _refreshes(backend) == 1


def test_an_htmx_action_with_a_refused_token_is_renewed_too(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    backend.control("POST", f"/users/{user['email']}/expire-access-tokens")
    response = client.get("/", headers=HTMX)
    assert response.status_code == 200
    assert "HX-Redirect" not in response


def test_requests_arriving_together_refresh_the_token_once(
    backend: LocalBackend, user: dict, web_server
) -> None:
    browser = httpx.Client(base_url=web_server, follow_redirects=False)
    page = browser.get("/login")
    csrf = page.cookies.get("csrftoken") or browser.cookies.get("csrftoken")
    signed = browser.post(
        "/login", data={"email": user["email"], "password": user["password"], "csrfmiddlewaretoken": csrf}
    )
    assert signed.status_code == 302
    backend.reset()
    cookies = dict(browser.cookies)
    make_renewal_due_for_cookie(cookies["sunnsteel_session"])  # the next requests must renew

    def load(_: int) -> int:
        return httpx.get(f"{web_server}/", cookies=cookies, follow_redirects=False).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(load, range(4)))
    assert statuses == [200, 200, 200, 200]
    assert _refreshes(backend) == 1  # one refresh; the others used its result (no "already used" lockout)
    assert backend.api_calls().count("GET /api/users/profile") == 1  # caught up once, by the renewing request


def test_a_stale_session_copy_reuses_the_renewed_tokens(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    make_renewal_due(client)
    backend.reset()
    stale = client.session[SESSION_KEY]
    assert client.get("/").status_code == 200  # renews, using up the old refresh token
    session = client.session
    session[SESSION_KEY] = stale  # a request that loaded the session before the renewal was saved
    session.save()
    assert client.get("/").status_code == 200
    assert _refreshes(backend) == 1


def test_an_ended_session_goes_to_login_and_back_to_the_page(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    backend.control("POST", f"/users/{user['email']}/revoke-sessions")
    make_renewal_due(client)  # the next request tries to renew, and the auth server refuses
    response = client.get("/?week=3", follow=True)
    login_url, _ = response.redirect_chain[-1]
    assert unquote(login_url) == "/login?next=/?week=3"
    assert "Your session has ended. Please sign in to continue." in response.content.decode()
    back = client.post(login_url, {"email": user["email"], "password": user["password"], "next": "/?week=3"})
    assert back["Location"] == "/?week=3"


def test_a_revoked_session_found_mid_page_asks_to_sign_in_again(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    backend.control("POST", f"/users/{user['email']}/revoke-sessions")
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/login"
    body = response.content.decode()
    assert "Authentication Error" in body and "Please sign in to continue" in body
    assert SESSION_KEY not in client.session


def test_an_htmx_action_after_the_session_ended_redirects_the_whole_page(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    backend.control("POST", f"/users/{user['email']}/revoke-sessions")
    response = client.get("/", headers=HTMX)
    assert response.status_code == 200
    assert unquote(response["HX-Redirect"]) == "/login?next=/?from=htmx"
    assert b"<form" not in response.content  # never a login form swapped into a fragment


def test_an_htmx_request_without_a_sign_in_redirects_the_whole_page(backend: LocalBackend) -> None:
    response = Client().get("/", headers=HTMX)
    assert unquote(response["HX-Redirect"]) == "/login?next=/?from=htmx"


def test_when_the_auth_service_is_down_the_user_is_told_and_stays_signed_in(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    backend.control("POST", f"/users/{user['email']}/expire-access-tokens")
    backend.add_fault("/auth/v1/token", "status", status=503)  # the token cannot be renewed for now

    during = client.get("/")
    backend.clear_faults()
    after = client.get("/")

    assert during.status_code == 503
    assert "The sign-in service is not answering." in during.content.decode()
    assert after.status_code == 200 and "Sign out" in after.content.decode()  # no need to sign in again


def test_a_weight_unit_changed_on_another_device_arrives_with_the_next_renewal(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    assert _unit_shown(client) == "KG"
    token = backend.sign_in(user["email"], user["password"])  # another device, another app
    httpx.patch(
        f"{backend.api_url}/users/profile",
        json={"weightUnit": "LB"},
        headers={"Authorization": f"Bearer {token}"},
    ).raise_for_status()
    cache.clear()  # minutes later: this server's copy of the profile is no longer fresh

    make_renewal_due(client)  # the hourly renewal is due
    client.get("/")

    assert _unit_shown(client) == "LB"


def _unit_shown(client: Client) -> str:
    return _unit_shown_in(client.get("/profile").content.decode())


def _unit_shown_in(page: str) -> str:
    (unit,) = re.findall(r'value="(KG|LB)"[^>]*\bchecked', page)
    return unit


def test_a_bar_refresh_that_cannot_renew_leaves_the_page_and_the_next_form_keeps_what_was_typed(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    backend.control("POST", f"/users/{user['email']}/revoke-sessions")  # e.g. signed out on another device
    make_renewal_due(client)  # the renewal is due, and the auth service refuses it
    backend.reset()

    bar = client.get("/workouts/banner", headers={**HTMX, "HX-Current-URL": "http://testserver/profile"})
    sent = client.post(
        "/profile",
        {"name": "Typed Name", "weight_unit": "LB"},
        headers={"Referer": "http://testserver/profile"},
    )
    back = client.post(sent["Location"], {"email": user["email"], "password": user["password"]})

    assert bar.status_code == 204 and "HX-Redirect" not in bar  # the page being filled in stays
    assert unquote(sent["Location"]) == "/login?next=/profile"
    assert back["Location"] == "/profile"
    form = client.get("/profile").content.decode()
    assert 'value="Typed Name"' in form and _unit_shown_in(form) == "LB"
    refused = [r["path"] for r in backend.requests() if r["path"].startswith("/api/") and r["status"] == 401]
    assert refused == []  # the old token was never sent, only to be refused


def test_while_the_auth_service_is_down_an_expired_token_is_not_sent_and_nobody_is_signed_out(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    backend.control("POST", f"/users/{user['email']}/expire-access-tokens")
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "expires_at": int(time.time()) - 1}  # as it ran out
    session.save()
    backend.add_fault("/auth/v1/token", "status", status=503)
    before = len(backend.requests())

    during = client.get("/")
    calls_during = [r["path"] for r in backend.requests()[before:] if r["path"].startswith("/api/")]
    backend.clear_faults()
    after = client.get("/")

    assert during.status_code == 503 and "The sign-in service is not answering." in during.content.decode()
    assert calls_during == []  # a token that has run out is not sent only to be refused
    assert after.status_code == 200 and "Sign out" in after.content.decode()
