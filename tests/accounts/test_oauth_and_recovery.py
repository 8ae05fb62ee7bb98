"""Google sign-in (PKCE) through the stand-in's consent page, and the password-reset round trip."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
from django.test import Client

from accounts.tokens import SESSION_KEY
from accounts.views import NEXT_KEY
from tests.localbackend import LocalBackend


def _consent(authorize_url: str, *, email: str = "google.user@example.test", action: str = "continue") -> str:
    """Plays the person on the provider's consent page; returns where the provider sends them back."""
    with httpx.Client(follow_redirects=False) as browser:
        page = browser.get(authorize_url)
        assert page.status_code == 200 and "Google" in page.text
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
        target = re.search(r'<form method="post" action="([^"]+)"', page.text)
        assert target is not None
        answer = browser.post(
            urljoin(authorize_url, target.group(1)),
            data={**{k: html.unescape(v) for k, v in fields.items()}, "email": email, "action": action},
        )
        assert answer.status_code in (302, 303), answer.text[:300]
        return answer.headers["Location"]


def _start_google(client: Client) -> str:
    response = client.get("/auth/google", {"next": "/?after=google"})  # a link: no form, no form-action
    assert response.status_code == 302
    assert "/auth/v1/authorize?" in response["Location"] and "provider=google" in response["Location"]
    assert "code_challenge=" in response["Location"]
    return response["Location"]


def test_google_sign_in_round_trip(backend: LocalBackend) -> None:
    client = Client()
    back = _consent(_start_google(client))
    parts = urlsplit(back)
    assert parts.path == "/auth/callback" and "code" in parse_qs(parts.query)
    response = client.get(f"{parts.path}?{parts.query}")
    assert response["Location"] == "/?after=google"
    assert "Hi, google.user" in client.get("/").content.decode()


def test_a_reused_google_code_lands_on_login_with_a_message(backend: LocalBackend) -> None:
    first = Client()
    back = urlsplit(_consent(_start_google(first)))
    first.get(f"{back.path}?{back.query}")
    replay = Client()
    _start_google(replay)
    response = replay.get(f"{back.path}?{back.query}", follow=True)
    assert response.redirect_chain[-1][0] == "/login"
    assert "expired or was already used" in response.content.decode()
    assert SESSION_KEY not in replay.session


def test_cancelling_at_google_lands_on_login_with_a_message(backend: LocalBackend) -> None:
    client = Client()
    back = urlsplit(_consent(_start_google(client), action="cancel"))
    response = client.get(f"{back.path}?{back.query}", follow=True)
    assert response.redirect_chain[-1][0] == "/login"
    assert "Google sign-in was cancelled. Please try again." in response.content.decode()


def test_google_sign_in_starts_from_a_link_that_carries_a_same_site_next(backend: LocalBackend) -> None:
    page = Client().get("/login", {"next": "/routines"})
    assert '<a href="/auth/google?next=/routines"' in page.content.decode()
    assert '<a href="/auth/google"' in Client().get("/signup").content.decode()
    # No form goes anywhere but this site, so the policy has no other origin for forms.
    assert "form-action 'self';" in page["Content-Security-Policy"]
    client = Client()
    _start_google(client)
    assert client.session[NEXT_KEY] == "/?after=google"


def test_google_start_keeps_only_a_same_site_next_and_is_never_cached(backend: LocalBackend) -> None:
    for unsafe in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        client = Client()
        response = client.get("/auth/google", {"next": unsafe})
        assert response.status_code == 302 and "/auth/v1/authorize?" in response["Location"]
        assert client.session[NEXT_KEY] == "/"
        assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_google_start_is_a_link_only(backend: LocalBackend) -> None:
    assert Client().post("/auth/google", {"next": "/"}).status_code == 405


def test_a_link_to_google_sign_in_from_another_site_only_leads_to_the_login_page(
    backend: LocalBackend,
) -> None:
    client = Client()
    response = client.get("/auth/google", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 302 and response["Location"] == "/login"
    assert NEXT_KEY not in client.session  # no sign-in was started
    ours = Client().get("/auth/google", headers={"Sec-Fetch-Site": "same-origin"})
    assert "/auth/v1/authorize?" in ours["Location"]


def test_google_sign_in_round_trip_through_a_provider_on_another_origin(backend: LocalBackend) -> None:
    """As real Supabase sends the browser on to Google: the consent page is on a third origin."""
    backend.configure(oauthProviderUrl=backend.other_origin)
    client = Client()
    to_provider = httpx.get(_start_google(client), follow_redirects=False)
    assert to_provider.status_code == 302
    provider_page = to_provider.headers["Location"]
    assert provider_page.startswith(f"{backend.other_origin}/provider/authorize?")
    back = urlsplit(_consent(provider_page))
    assert back.path == "/auth/callback"
    assert client.get(f"{back.path}?{back.query}")["Location"] == "/?after=google"
    assert "Hi, google.user" in client.get("/").content.decode()


def test_forgot_password_answers_the_same_whether_or_not_the_address_exists(
    backend: LocalBackend, user: dict
) -> None:
    known = Client().post("/forgot-password", {"email": user["email"]}).content.decode()
    unknown = Client().post("/forgot-password", {"email": "nobody@example.test"}).content.decode()
    sentence = "If an account exists for that address, we have sent it a link to reset the password."
    assert sentence in known and sentence in unknown
    assert [m["to"] for m in backend.outbox()] == [user["email"]]


def test_password_reset_round_trip_signs_the_user_in_with_the_new_password(
    backend: LocalBackend, user: dict
) -> None:
    client = Client()
    client.post("/forgot-password", {"email": user["email"]})
    (mail,) = backend.outbox()
    landing = httpx.get(mail["link"], follow_redirects=False).headers["Location"]  # the link in the email
    parts = urlsplit(landing)
    assert parts.path == "/reset-password"
    assert client.get(f"{parts.path}?{parts.query}")["Location"] == "/reset-password"
    form = client.get("/reset-password")
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        "/reset-password", {"password": "brand-new-pass", "confirm_password": "brand-new-pass"}
    )
    assert done["Location"] == "/"
    assert client.get("/").status_code == 200  # signed in
    fresh = Client()
    assert fresh.post("/login", {"email": user["email"], "password": user["password"]}).status_code == 200
    assert fresh.post("/login", {"email": user["email"], "password": "brand-new-pass"}).status_code == 302


def test_a_used_reset_link_is_refused_with_a_way_forward(backend: LocalBackend, user: dict) -> None:
    client = Client()
    client.post("/forgot-password", {"email": user["email"]})
    (mail,) = backend.outbox()
    landing = urlsplit(httpx.get(mail["link"], follow_redirects=False).headers["Location"])
    client.get(f"{landing.path}?{landing.query}")
    again = Client()
    again.post("/forgot-password", {"email": "someone-else@example.test"})
    response = again.get(f"{landing.path}?{landing.query}", follow=True)
    assert response.redirect_chain[-1][0] == "/forgot-password"
    assert "This reset link has expired or was already used" in response.content.decode()
