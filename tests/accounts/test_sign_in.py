"""Sign-in, sign-up and sign-out through the real supabase-py client against the local auth stand-in."""

from __future__ import annotations

import re
import subprocess
import sys

import httpx
import pytest
from django.test import Client

from accounts.tokens import SESSION_KEY
from tests.localbackend import REPO_ROOT, LocalBackend


def _signup(client: Client, email: str, password: str = "pass-word-1", name: str = "Alice Lifter"):
    return client.post(
        "/signup", {"name": name, "email": email, "password": password, "confirm_password": password}
    )


def _tokens(client: Client) -> dict:
    return client.session[SESSION_KEY]


def test_sign_up_signs_the_user_in_and_lands_home(backend: LocalBackend) -> None:
    client = Client()
    response = _signup(client, "new.lifter@example.test")
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "Hi, Alice Lifter" in home.content.decode()
    assert "Account created" in home.content.decode()


def test_sign_up_that_needs_email_confirmation_says_check_your_email(backend: LocalBackend) -> None:
    backend.configure(requireEmailConfirmation=True)
    client = Client()
    response = _signup(client, "confirm.me@example.test")
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert SESSION_KEY not in client.session
    # Until the link is opened, signing in is refused with a sentence a person understands.
    refused = client.post("/login", {"email": "confirm.me@example.test", "password": "pass-word-1"})
    assert "Please confirm your email address first" in refused.content.decode()
    (mail,) = [m for m in backend.outbox() if m["kind"] == "signup"]
    assert mail["to"] == "confirm.me@example.test"
    httpx.get(mail["link"], follow_redirects=False)  # the person clicks the link in the email
    assert (
        client.post("/login", {"email": "confirm.me@example.test", "password": "pass-word-1"}).status_code
        == 302
    )


def test_signing_up_with_a_registered_email_is_shown_on_the_form(backend: LocalBackend, user: dict) -> None:
    response = _signup(Client(), user["email"])
    assert response.status_code == 200
    assert "An account with this email already exists" in response.content.decode()


def test_sign_up_form_checks_lengths_and_matching_passwords_before_asking_anyone(
    backend: LocalBackend,
) -> None:
    response = Client().post(
        "/signup", {"name": "A", "email": "x@example.test", "password": "12345", "confirm_password": "12346"}
    )
    body = response.content.decode()
    assert "Ensure this value has at least 2 characters" in body
    assert "Ensure this value has at least 6 characters" in body
    assert not [c for c in backend.requests() if c["path"].startswith("/auth/v1/signup")]


def test_sign_in_goes_home_with_the_users_name(backend: LocalBackend, user: dict) -> None:
    client = Client()
    response = client.post("/login", {"email": user["email"], "password": user["password"]})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_explained_on_the_form(backend: LocalBackend, user: dict) -> None:
    client = Client()
    response = client.post("/login", {"email": user["email"], "password": "not-the-password"})
    assert response.status_code == 200
    assert "Incorrect email or password." in response.content.decode()
    assert f'value="{user["email"]}"' in response.content.decode()  # the typed email is kept


def test_an_unreachable_auth_service_is_explained_on_the_form(
    backend: LocalBackend, user: dict, settings
) -> None:
    settings.SUPABASE_URL = "http://127.0.0.1:9"
    response = Client().post("/login", {"email": user["email"], "password": user["password"]})
    assert "The sign-in service is not answering" in response.content.decode()


def test_a_signed_in_user_visiting_login_goes_home(signed_in: Client) -> None:
    response = signed_in.get("/login")
    assert response.status_code == 302 and response["Location"] == "/"


def test_sign_in_returns_to_the_page_the_user_wanted(backend: LocalBackend, user: dict) -> None:
    client = Client()
    response = client.get("/?tab=1")
    assert response.status_code == 302
    assert response["Location"] == "/login?next=/%3Ftab%3D1"
    response = client.post(
        "/login?next=/%3Ftab%3D1", {"email": user["email"], "password": user["password"], "next": "/?tab=1"}
    )
    assert response["Location"] == "/?tab=1"


@pytest.mark.parametrize(
    "target", ["https://evil.example", "//evil.example", "/\\evil.example", "http:/evil.example"]
)
def test_a_next_pointing_off_site_is_ignored(backend: LocalBackend, user: dict, target: str) -> None:
    client = Client()
    response = client.post("/login", {"email": user["email"], "password": user["password"], "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_backend_refusing_the_new_sign_in_signs_the_user_out_again(backend: LocalBackend, user: dict) -> None:
    backend.add_fault("/api/auth/supabase/verify", "status", method="POST", status=401)
    client = Client()
    response = client.post("/login", {"email": user["email"], "password": user["password"]})
    assert "Sunnsteel could not verify your account" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert any(r["path"] == "/auth/v1/logout" for r in backend.requests())


def test_sign_in_verifies_the_token_with_the_backend(backend: LocalBackend, user: dict) -> None:
    Client().post("/login", {"email": user["email"], "password": user["password"]})
    assert "POST /api/auth/supabase/verify" in backend.api_calls()


def test_login_and_logout_without_a_csrf_token_are_refused(backend: LocalBackend, user: dict) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/login", {"email": user["email"], "password": user["password"]}).status_code == 403
    signed = Client(enforce_csrf_checks=True)
    signed.get("/login")
    token = signed.cookies["csrftoken"].value
    assert (
        signed.post(
            "/login", {"email": user["email"], "password": user["password"], "csrfmiddlewaretoken": token}
        ).status_code
        == 302
    )
    assert signed.post("/logout").status_code == 403
    assert signed.get("/").status_code == 200  # still signed in


def test_logout_revokes_the_session_everywhere(backend: LocalBackend, signed_in: Client) -> None:
    old = _tokens(signed_in)["access_token"]
    response = signed_in.post("/logout", follow=True)
    assert response.redirect_chain[-1][0] == "/login"
    assert "You have been signed out." in response.content.decode()
    assert signed_in.get("/").status_code == 302
    # The old access token is refused by the backend and by the auth server.
    refused = httpx.get(f"{backend.api_url}/users/profile", headers={"Authorization": f"Bearer {old}"})
    assert refused.status_code == 401
    user_call = httpx.get(
        f"{backend.root_url}/auth/v1/user",
        headers={"Authorization": f"Bearer {old}", "apikey": backend.anon_key},
    )
    assert user_call.status_code == 403
    assert "POST /api/auth/supabase/logout" in backend.api_calls()


def test_session_cookie_is_http_only_same_site_lax_and_changes_at_sign_in(
    backend: LocalBackend, user: dict
) -> None:
    client = Client()
    client.get("/login")
    client.session.save()
    before = client.cookies.get("sunnsteel_session")
    client.post("/login", {"email": user["email"], "password": user["password"]})
    cookie = client.cookies["sunnsteel_session"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert before is None or before.value != cookie.value


def test_no_token_appears_in_any_page_or_log(backend: LocalBackend, user: dict, caplog) -> None:
    caplog.set_level("DEBUG")
    client = Client()
    pages = [client.post("/login", {"email": user["email"], "password": user["password"]}, follow=True)]
    tokens = _tokens(client)
    pages += [client.get(url) for url in ("/", "/login", "/signup", "/forgot-password")]
    pages.append(client.get("/", headers={"HX-Request": "true"}))
    secrets = [tokens["access_token"], tokens["refresh_token"]]
    for page in pages:
        text = page.content.decode() + str(page.headers) + str(page.cookies)
        for secret in secrets:
            assert secret not in text
    for secret in secrets:
        assert secret not in caplog.text
    assert re.search(r"sunnsteel_session=\w+", str(client.cookies))  # an opaque session id, nothing more


def test_two_users_in_interleaved_requests_never_see_each_others_data(
    backend: LocalBackend, client_for
) -> None:
    alice = backend.create_user(name="Alice Unique")
    bob = backend.create_user(name="Bob Unique")
    alice_client, bob_client = client_for(alice), client_for(bob)
    for _ in range(3):
        a, b = alice_client.get("/").content.decode(), bob_client.get("/").content.decode()
        assert "Alice Unique" in a and "Bob Unique" not in a
        assert "Bob Unique" in b and "Alice Unique" not in b
    emails = {r["email"] for r in backend.requests() if r["path"] == "/api/routines"}
    assert emails == {alice["email"], bob["email"]}


def test_sign_in_attempts_are_limited_per_address_and_per_email(
    backend: LocalBackend, user: dict, settings
) -> None:
    settings.AUTH_ATTEMPTS_PER_MINUTE = 3
    client = Client()
    for _ in range(3):
        assert (
            "Incorrect email or password."
            in client.post("/login", {"email": user["email"], "password": "wrong-password"}).content.decode()
        )
    blocked = client.post("/login", {"email": user["email"], "password": user["password"]})
    assert "Too many attempts. Please wait a minute and try again." in blocked.content.decode()
    # The same email from another address is limited too.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert (
        "Too many attempts"
        in other.post("/login", {"email": user["email"], "password": user["password"]}).content.decode()
    )
    # Another email from a fresh address is not.
    someone = backend.create_user()
    assert (
        Client(REMOTE_ADDR="198.51.100.10")
        .post("/login", {"email": someone["email"], "password": someone["password"]})
        .status_code
        == 302
    )


def test_sign_up_attempts_are_limited_per_address_and_per_email(
    backend: LocalBackend, user: dict, settings
) -> None:
    settings.AUTH_ATTEMPTS_PER_MINUTE = 2
    client = Client()
    for _ in range(2):  # someone probing which emails have an account
        assert "An account with this email already exists" in _signup(client, user["email"]).content.decode()

    blocked = _signup(client, user["email"])
    elsewhere = _signup(Client(REMOTE_ADDR="198.51.100.21"), user["email"])
    another = _signup(Client(REMOTE_ADDR="198.51.100.22"), "patient@example.test")

    assert "Too many attempts. Please wait a minute and try again." in blocked.content.decode()
    assert "Too many attempts" in elsewhere.content.decode()  # the same email from another address
    assert another.status_code == 302  # another email from a fresh address is not limited
    signups = [r for r in backend.requests() if r["path"] == "/auth/v1/signup"]
    assert len(signups) == 3  # the blocked attempts never reached the auth service


def test_the_attempt_limit_holds_across_web_processes_sharing_redis(
    backend: LocalBackend, user: dict, empty_redis: str
) -> None:
    """Separate web processes sharing Redis (CACHE_URL, STATE_CACHE_URL) count attempts together."""
    script = (
        "import django, sys; django.setup()\n"
        "from django.test import Client\n"
        "for _ in range(int(sys.argv[2])):\n"
        "    body = Client().post('/login', {'email': sys.argv[1], 'password': 'wrong-password'}).content\n"
        "    print('blocked' if b'Too many attempts' in body else 'allowed')\n"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "sunnsteel_web.settings",
        "CACHE_URL": empty_redis,
        "STATE_CACHE_URL": empty_redis.removesuffix("/0") + "/1",
        "SUNNSTEEL_API_URL": backend.api_url,
        "SUPABASE_URL": backend.root_url,
        "AUTH_ATTEMPTS_PER_MINUTE": "3",
        "PATH": "/usr/bin:/bin",
    }

    def process(attempts: int) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", script, user["email"], str(attempts)],
            env=env,
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert process(2) == ["allowed", "allowed"]  # attempts 1-2 in the first process
    assert process(2) == ["allowed", "blocked"]  # 3 and 4 in a second: the shared count says no to 4
