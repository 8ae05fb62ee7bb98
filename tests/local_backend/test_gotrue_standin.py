"""The Supabase Auth stand-in, driven by the unmodified supabase-py client as the web app uses it."""

from __future__ import annotations

import base64
import json
import uuid
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from supabase import ClientOptions, create_client
from supabase_auth import SyncMemoryStorage
from supabase_auth.errors import AuthApiError, AuthWeakPasswordError

from tests.localbackend import LocalBackend, http_client

REDIRECT = "http://localhost:8000/auth/callback"


def pkce_client(backend: LocalBackend):  # type: ignore[no-untyped-def]
    """A client as a server-side app builds one per request: PKCE, its own storage, no timer."""
    options = ClientOptions(
        auto_refresh_token=False,
        persist_session=True,
        storage=SyncMemoryStorage(),
        flow_type="pkce",
        httpx_client=http_client(follow_redirects=True),
    )
    return create_client(backend.root_url, backend.anon_key, options=options)


def new_email() -> str:
    return f"auth-{uuid.uuid4().hex[:10]}@example.test"


def claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def implicit_client(backend: LocalBackend):  # type: ignore[no-untyped-def]
    options = ClientOptions(
        auto_refresh_token=False,
        persist_session=False,
        flow_type="implicit",
        httpx_client=http_client(follow_redirects=True),
    )
    return create_client(backend.root_url, backend.anon_key, options=options)


def api_status(backend: LocalBackend, token: str) -> int:
    return backend.http.get(
        f"{backend.api_url}/users/profile", headers={"Authorization": f"Bearer {token}"}
    ).status_code


def test_sign_up_signs_in_at_once_and_the_app_user_takes_the_metadata_name(backend: LocalBackend) -> None:
    email = new_email().replace("@example", "@Example")
    result = pkce_client(backend).auth.sign_up(
        {"email": email, "password": "secret-1", "options": {"data": {"name": "Una Lifter"}}}
    )
    assert result.session is not None
    assert result.user is not None and result.user.email == email.lower()
    verified = httpx.post(
        f"{backend.api_url}/auth/supabase/verify", json={"token": result.session.access_token}
    )
    assert verified.json()["user"]["name"] == "Una Lifter"


def test_signing_in_is_case_insensitive_and_refuses_a_wrong_password(backend: LocalBackend) -> None:
    account = backend.create_user(email=new_email())
    session = (
        pkce_client(backend)
        .auth.sign_in_with_password({"email": account["email"].upper(), "password": account["password"]})
        .session
    )
    assert session is not None and session.token_type == "bearer" and session.expires_in == 3600
    with pytest.raises(AuthApiError) as caught:
        pkce_client(backend).auth.sign_in_with_password({"email": account["email"], "password": "wrong-one"})
    assert (caught.value.status, caught.value.code) == (400, "invalid_credentials")


def test_a_registered_email_or_a_short_password_cannot_sign_up(backend: LocalBackend) -> None:
    account = backend.create_user(email=new_email())
    with pytest.raises(AuthApiError) as taken:
        pkce_client(backend).auth.sign_up({"email": account["email"], "password": "secret-1"})
    assert (taken.value.status, taken.value.code) == (422, "user_already_exists")
    with pytest.raises(AuthWeakPasswordError) as weak:
        pkce_client(backend).auth.sign_up({"email": new_email(), "password": "123"})
    assert weak.value.status == 422 and weak.value.reasons == ["length"]


def test_access_tokens_carry_supabases_claims(backend: LocalBackend) -> None:
    account = backend.create_user(email=new_email())
    token = backend.sign_in(account["email"], account["password"])
    found = claims(token)
    assert found["iss"] == f"{backend.root_url}/auth/v1"
    assert found["sub"] == account["supabaseUserId"]
    assert (found["aud"], found["role"], found["aal"]) == ("authenticated", "authenticated", "aal1")
    assert found["app_metadata"] == {"provider": "email", "providers": ["email"]}
    assert found["amr"][0]["method"] == "password" and isinstance(found["amr"][0]["timestamp"], int)
    assert found["exp"] - found["iat"] == 3600 and found["is_anonymous"] is False
    assert found["email"] == account["email"] and found["session_id"]


def test_refresh_tokens_rotate_and_are_used_up(backend: LocalBackend) -> None:
    backend.configure(refreshReuseInterval=0)
    account = backend.create_user(email=new_email())
    client = pkce_client(backend)
    first = client.auth.sign_in_with_password({"email": account["email"], "password": account["password"]})
    assert first.session is not None
    second = client.auth.refresh_session(first.session.refresh_token).session
    assert second is not None and second.refresh_token != first.session.refresh_token
    assert client.auth.get_user(second.access_token).user.email == account["email"]
    third = client.auth.refresh_session(second.refresh_token).session
    assert third is not None
    with pytest.raises(AuthApiError) as reused:
        pkce_client(backend).auth.refresh_session(first.session.refresh_token)  # two rotations ago
    assert (reused.value.status, reused.value.code) == (400, "refresh_token_already_used")
    with pytest.raises(AuthApiError) as unknown:
        pkce_client(backend).auth.refresh_session("no-such-token")
    assert unknown.value.code == "refresh_token_not_found"


def test_a_refresh_whose_answer_was_lost_gets_the_same_new_token_again_however_late(
    backend: LocalBackend,
) -> None:
    """GoTrue: a used-up token that is the parent of the session's active one is answered with that one."""
    backend.configure(refreshReuseInterval=0)
    account = backend.create_user(email=new_email())
    first = (
        pkce_client(backend)
        .auth.sign_in_with_password({"email": account["email"], "password": account["password"]})
        .session
    )
    assert first is not None
    lost = pkce_client(backend).auth.refresh_session(first.refresh_token).session  # its answer never arrived
    again = pkce_client(backend).auth.refresh_session(first.refresh_token).session
    assert lost is not None and again is not None
    assert again.refresh_token == lost.refresh_token
    assert pkce_client(backend).auth.refresh_session(again.refresh_token).session is not None


def test_a_used_up_refresh_token_is_accepted_within_the_reuse_interval_only(backend: LocalBackend) -> None:
    account = backend.create_user(email=new_email())
    first = (
        pkce_client(backend)
        .auth.sign_in_with_password({"email": account["email"], "password": account["password"]})
        .session
    )
    assert first is not None
    second = pkce_client(backend).auth.refresh_session(first.refresh_token).session
    assert second is not None
    third = pkce_client(backend).auth.refresh_session(second.refresh_token).session
    assert third is not None
    # Within 10 s (the default, as hosted Supabase): the grandparent still gets the active token.
    within = pkce_client(backend).auth.refresh_session(first.refresh_token).session
    assert within is not None and within.refresh_token == third.refresh_token

    backend.configure(refreshReuseInterval=0)  # the interval has passed
    with pytest.raises(AuthApiError) as replayed:
        pkce_client(backend).auth.refresh_session(first.refresh_token)
    assert replayed.value.code == "refresh_token_already_used"
    with pytest.raises(AuthApiError) as family:  # a replay revokes every refresh token of the session
        pkce_client(backend).auth.refresh_session(third.refresh_token)
    assert family.value.code == "refresh_token_already_used"


def test_signing_out_ends_the_session_for_auth_and_the_api(backend: LocalBackend) -> None:
    account = backend.create_user(email=new_email())
    client = pkce_client(backend)
    session = client.auth.sign_in_with_password(
        {"email": account["email"], "password": account["password"]}
    ).session
    assert session is not None and api_status(backend, session.access_token) == 200
    client.auth.sign_out()
    assert ("POST", "/auth/v1/logout", "scope=global", 204) in [
        (r["method"], r["path"], r["query"], r["status"]) for r in backend.requests()
    ]
    with pytest.raises(AuthApiError) as caught:
        pkce_client(backend).auth.get_user(session.access_token)
    assert (caught.value.status, caught.value.code) == (403, "session_not_found")
    assert api_status(backend, session.access_token) == 401
    with pytest.raises(AuthApiError) as refused:
        pkce_client(backend).auth.refresh_session(session.refresh_token)
    assert refused.value.code == "refresh_token_not_found"


def test_a_session_past_its_lifetime_is_refused_and_cannot_refresh(backend: LocalBackend) -> None:
    account = backend.create_user(email=new_email())
    backend.configure(sessionTtl=3600)
    session = (
        pkce_client(backend)
        .auth.sign_in_with_password({"email": account["email"], "password": account["password"]})
        .session
    )
    assert session is not None
    assert api_status(backend, session.access_token) == 200
    backend.control("POST", f"/users/{account['email']}/age-sessions", {"seconds": 3600})
    assert api_status(backend, session.access_token) == 401
    with pytest.raises(AuthApiError) as caught:
        pkce_client(backend).auth.refresh_session(session.refresh_token)
    assert (caught.value.status, caught.value.code) == (400, "session_expired")


def test_expired_access_tokens_are_refused_until_refreshed(backend: LocalBackend) -> None:
    account = backend.create_user(email=new_email())
    client = pkce_client(backend)
    session = client.auth.sign_in_with_password(
        {"email": account["email"], "password": account["password"]}
    ).session
    assert session is not None
    backend.control("POST", f"/users/{account['email']}/expire-access-tokens")
    assert api_status(backend, session.access_token) == 401
    renewed = client.auth.refresh_session(session.refresh_token).session
    assert renewed is not None and api_status(backend, renewed.access_token) == 200


def test_update_user_changes_the_password(backend: LocalBackend) -> None:
    account = backend.create_user(email=new_email())
    client = pkce_client(backend)
    client.auth.sign_in_with_password({"email": account["email"], "password": account["password"]})
    with pytest.raises(AuthApiError) as same:
        client.auth.update_user({"password": account["password"]})
    assert same.value.code == "same_password"
    client.auth.update_user({"password": "brand-new-pass"})
    assert backend.sign_in(account["email"], "brand-new-pass")


def test_email_confirmation_mails_a_link_that_signs_in_with_a_code(backend: LocalBackend) -> None:
    backend.configure(requireEmailConfirmation=True)
    email = new_email()
    client = pkce_client(backend)
    signed_up = client.auth.sign_up(
        {"email": email, "password": "secret-1", "options": {"email_redirect_to": REDIRECT}}
    )
    assert signed_up.session is None and signed_up.user is not None
    with pytest.raises(AuthApiError) as caught:
        pkce_client(backend).auth.sign_in_with_password({"email": email, "password": "secret-1"})
    assert caught.value.code == "email_not_confirmed"
    (mail,) = backend.outbox()
    assert (mail["to"], mail["kind"]) == (email.lower(), "signup")
    landing = httpx.get(mail["link"])
    assert landing.status_code == 303 and landing.headers["location"].startswith(REDIRECT + "?code=")
    session = client.auth.exchange_code_for_session({"auth_code": query(landing.headers["location"])["code"]})
    assert session.user is not None and session.user.email_confirmed_at is not None


def test_google_continue_signs_in_with_a_single_use_code(backend: LocalBackend) -> None:
    client = pkce_client(backend)
    url = client.auth.sign_in_with_oauth({"provider": "google", "options": {"redirect_to": REDIRECT}}).url
    page = httpx.get(url)
    assert page.status_code == 200
    for text in ("Google", "google.user@example.test", ">Continue<", ">Cancel<"):
        assert text in page.text
    answer = httpx.post(
        f"{backend.root_url}/auth/v1/callback",
        data={**query(url), "email": "google.user@example.test", "action": "continue"},
    )
    assert answer.status_code == 303
    code = query(answer.headers["location"])["code"]
    result = client.auth.exchange_code_for_session({"auth_code": code})
    assert result.user is not None and result.user.app_metadata["providers"] == ["google"]
    with pytest.raises(AuthApiError) as reused:
        client.auth.exchange_code_for_session({"auth_code": code, "code_verifier": "x" * 43})
    assert (reused.value.status, reused.value.code) == (404, "flow_state_not_found")


def test_a_code_with_the_wrong_verifier_is_refused(backend: LocalBackend) -> None:
    url = (
        pkce_client(backend)
        .auth.sign_in_with_oauth({"provider": "google", "options": {"redirect_to": REDIRECT}})
        .url
    )
    answer = httpx.post(
        f"{backend.root_url}/auth/v1/callback",
        data={**query(url), "action": "continue", "email": "google.user@example.test"},
    )
    with pytest.raises(AuthApiError) as caught:
        pkce_client(backend).auth.exchange_code_for_session(
            {"auth_code": query(answer.headers["location"])["code"], "code_verifier": "y" * 43}
        )
    assert (caught.value.status, caught.value.code) == (400, "bad_code_verifier")


def test_cancelling_at_google_and_unknown_providers(backend: LocalBackend) -> None:
    url = (
        pkce_client(backend)
        .auth.sign_in_with_oauth({"provider": "google", "options": {"redirect_to": REDIRECT}})
        .url
    )
    answer = httpx.post(f"{backend.root_url}/auth/v1/callback", data={**query(url), "action": "cancel"})
    assert answer.status_code == 303 and query(answer.headers["location"])["error"] == "access_denied"
    refused = httpx.get(f"{backend.root_url}/auth/v1/authorize?provider=myspace")
    assert refused.status_code == 400 and refused.json()["code"] == "validation_failed"
    assert httpx.get(f"{backend.root_url}/auth/v1/authorize").status_code == 400


def test_the_consent_page_can_live_on_another_origin_like_google(backend: LocalBackend) -> None:
    backend.configure(oauthProviderUrl=backend.other_origin + "/")
    assert backend.control("GET", "/config").json()["oauthProviderUrl"] == backend.other_origin
    client = pkce_client(backend)
    url = client.auth.sign_in_with_oauth({"provider": "google", "options": {"redirect_to": REDIRECT}}).url
    hop = httpx.get(url)
    assert hop.status_code == 302
    provider_page = hop.headers["location"]
    assert provider_page.startswith(f"{backend.other_origin}/provider/authorize?")
    assert query(provider_page) == query(url)  # the flow's parameters go along, as in `state` to Google
    page = httpx.get(provider_page)
    assert page.status_code == 200 and ">Continue<" in page.text
    answer = httpx.post(
        f"{backend.other_origin}/auth/v1/callback",  # the form's relative action, on the page's origin
        data={**query(provider_page), "email": "google.user@example.test", "action": "continue"},
    )
    result = client.auth.exchange_code_for_session({"auth_code": query(answer.headers["location"])["code"]})
    assert result.user is not None and result.user.email == "google.user@example.test"
    refused = httpx.get(f"{backend.other_origin}/provider/authorize?provider=myspace")
    assert refused.status_code == 400 and refused.json()["code"] == "validation_failed"


@pytest.mark.parametrize("bad", ["localhost:4000", "http://localhost:4000/path", "ftp://x", 4000])
def test_the_provider_url_must_be_an_origin(backend: LocalBackend, bad: object) -> None:
    with pytest.raises(httpx.HTTPStatusError) as caught:
        backend.configure(oauthProviderUrl=bad)
    assert caught.value.response.status_code == 400
    backend.configure(oauthProviderUrl="")  # back to the consent page on /authorize itself
    assert backend.control("GET", "/config").json()["oauthProviderUrl"] == ""


def test_password_recovery_round_trip(backend: LocalBackend) -> None:
    account = backend.create_user(email=new_email())
    client = pkce_client(backend)
    client.auth.reset_password_for_email(account["email"], {"redirect_to": REDIRECT})
    pkce_client(backend).auth.reset_password_for_email("nobody@example.test", {"redirect_to": REDIRECT})
    (mail,) = backend.outbox()
    assert (mail["to"], mail["kind"]) == (account["email"], "recovery")
    landing = httpx.get(mail["link"])
    client.auth.exchange_code_for_session({"auth_code": query(landing.headers["location"])["code"]})
    client.auth.update_user({"password": "recovered-pass"})
    assert backend.sign_in(account["email"], "recovered-pass")
    again = httpx.get(mail["link"])
    assert query(again.headers["location"])["error_code"] == "otp_expired"


def test_recovery_without_pkce_for_server_side_verification(backend: LocalBackend) -> None:
    account = backend.create_user(email=new_email())
    implicit_client(backend).auth.reset_password_for_email(account["email"])
    token_hash = query(backend.outbox()[0]["link"])["token"]
    result = implicit_client(backend).auth.verify_otp({"type": "recovery", "token_hash": token_hash})
    assert result.session is not None and result.user is not None and result.user.email == account["email"]


def test_the_auth_api_needs_an_api_key(backend: LocalBackend) -> None:
    answer = httpx.post(f"{backend.root_url}/auth/v1/token?grant_type=password", json={})
    assert answer.status_code == 401 and answer.headers["X-Supabase-Api-Version"] == "2024-01-01"
    assert httpx.get(f"{backend.root_url}/auth/v1/.well-known/jwks.json").json() == {"keys": []}
