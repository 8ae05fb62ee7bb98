"""Supabase Auth, the one place that speaks to it (see ../shared/docs/supabase-auth.md).

Each function is one thing the app asks of Supabase Auth, names the GoTrue route it calls, takes and returns
our own types (`Tokens`), and raises only this module's errors: `AuthUnavailable` (no usable answer) or
`AuthRefused` (an answer that says no, with its code), `WeakPassword` being one kind of refusal. No other
module imports supabase-py (a test enforces it), as no other module speaks HTTP to the backend but
`sunnsteel_web.backend.client`.

A supabase-py client holds one user's state (session, PKCE verifier, rewritten Authorization header), so
every call builds its own — cheap, because they all share the process-wide httpx pool. Options and
storage are fresh per client (shared ones leak state between users); `auto_refresh_token=False` (its timer
thread would rotate refresh tokens behind our back); `persist_session=False` (we keep the tokens ourselves,
see `accounts.tokens`). The only thing kept in storage is the PKCE verifier, which must survive the
redirect to the provider and back, so that storage is the user's Django session.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import pydantic
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from supabase import ClientOptions, create_client
from supabase_auth import SyncGoTrueClient, SyncSupportedStorage
from supabase_auth.errors import (
    AuthError,
    AuthRetryableError,
    AuthUnknownError,
    AuthWeakPasswordError,
)
from supabase_auth.types import Session as SupabaseSession

from sunnsteel_web.backend.client import http_pool

log = logging.getLogger("accounts.auth")

_STORE = "sunnsteel.auth.pkce"

type Scope = Literal["local", "global"]


# --- what callers get ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tokens:
    """A sign-in's tokens: the access token, the (single-use) refresh token, when the access token expires
    (Unix seconds) and how long it lives."""

    access_token: str
    refresh_token: str
    expires_at: int
    lifetime: int


class AuthFailure(Exception):
    """Supabase Auth did not do what was asked."""

    def __init__(self, message: str, *, code: str | None = None, status: int = 0) -> None:
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


class AuthUnavailable(AuthFailure):
    """No usable answer (unreachable, 502–504, a body that is not what it should be): nothing is known."""


class AuthRefused(AuthFailure):
    """Supabase Auth answered no; `code` says why (`invalid_credentials`, `flow_state_not_found`, …)."""

    @property
    def is_final(self) -> bool:
        """The answer holds (a 4xx other than 429): asking again with the same thing will not help."""
        return 0 < self.status < 500 and self.status != 429


class WeakPassword(AuthRefused):
    """The new password was refused as too weak; `reasons` says how, when Supabase says."""

    def __init__(self, message: str, *, status: int, reasons: list[str]) -> None:
        super().__init__(message, code="weak_password", status=status)
        self.reasons = reasons


# --- the calls ----------------------------------------------------------------------------------------


def sign_in_with_password(email: str, password: str) -> Tokens:
    """POST /auth/v1/token?grant_type=password"""
    with _answers():
        response = _client().sign_in_with_password({"email": email, "password": password})
    return _tokens(response.session)


def sign_up(session: SessionBase, *, email: str, password: str, name: str, confirm_url: str) -> Tokens | None:
    """POST /auth/v1/signup; None when the address must be confirmed first (a link is on its way, back to
    `confirm_url` with a PKCE code)."""
    with _answers():
        response = _client(session).sign_up(
            {
                "email": email,
                "password": password,
                "options": {"data": {"name": name}, "email_redirect_to": confirm_url},
            }
        )
    return None if response.session is None else _tokens(response.session)


def google_sign_in_url(session: SessionBase, *, callback_url: str) -> str:
    """The address of GET /auth/v1/authorize?provider=google (no request is made; the PKCE verifier waits in
    `session` for the way back)."""
    with _answers():
        response = _client(session).sign_in_with_oauth(
            {"provider": "google", "options": {"redirect_to": callback_url}}
        )
    return response.url


def exchange_code(session: SessionBase, code: str) -> Tokens:
    """POST /auth/v1/token?grant_type=pkce: a code from Google, a confirmation or a recovery link, with the
    verifier this browser's session kept."""
    with _answers():
        response = _client(session).exchange_code_for_session({"auth_code": code})
    return _tokens(response.session)


def send_recovery(session: SessionBase, email: str, *, reset_url: str) -> None:
    """POST /auth/v1/recover: a link back to `reset_url` with a PKCE code, if the address has an account."""
    with _answers():
        _client(session).reset_password_for_email(email, {"redirect_to": reset_url})


def update_password(tokens: Tokens, password: str) -> None:
    """PUT /auth/v1/user with the new password, as the signed-in user."""
    with _answers():
        client = _client()
        client.set_session(tokens.access_token, tokens.refresh_token)
        client.update_user({"password": password})


def sign_out(access_token: str, scope: Scope) -> None:
    """POST /auth/v1/logout?scope=…: this browser's sign-in (`local`), or all of the user's (`global`)."""
    with _answers():
        _client().admin.sign_out(access_token, scope)


def refresh(refresh_token: str) -> Tokens | None:
    """POST /auth/v1/token?grant_type=refresh_token; None when the refresh token is no longer valid (used
    up, unknown, the session ended). Raises AuthUnavailable when that cannot be known."""
    try:
        with _answers():
            response = _client().refresh_session(refresh_token)
    except AuthRefused as exc:
        if exc.is_final:
            log.info("refresh refused (%s): signing the user out", exc.code)
            return None
        raise AuthUnavailable(str(exc.code), code=exc.code, status=exc.status) from exc
    return None if response.session is None else _as_tokens(response.session)


# --- supabase-py, kept in here ------------------------------------------------------------------------


class _DjangoSessionStorage(SyncSupportedStorage):
    """supabase-py's storage interface over one user's Django session."""

    def __init__(self, session: SessionBase) -> None:
        self.session = session

    def get_item(self, key: str) -> str | None:
        stored: dict[str, str] = self.session.get(_STORE, {})
        return stored.get(key)

    def set_item(self, key: str, value: str) -> None:
        self.session[_STORE] = {**self.session.get(_STORE, {}), key: value}

    def remove_item(self, key: str) -> None:
        store = dict(self.session.get(_STORE, {}))
        if store.pop(key, None) is not None:
            self.session[_STORE] = store


def _client(session: SessionBase | None = None) -> SyncGoTrueClient:
    """A new auth client for one call; pass the Django session for flows with a PKCE verifier."""
    options = ClientOptions(
        auto_refresh_token=False,
        persist_session=False,
        flow_type="pkce",
        httpx_client=http_pool(),
    )
    if session is not None:
        options.storage = _DjangoSessionStorage(session)
    return create_client(settings.SUPABASE_URL, settings.SUPABASE_ANON_KEY, options=options).auth


@contextmanager
def _answers() -> Iterator[None]:
    """supabase-py's errors become ours, here and nowhere else. A malformed success answer, which
    supabase-py lets escape as a pydantic ValidationError, is no usable answer like any other."""
    try:
        yield
    except pydantic.ValidationError as exc:
        raise AuthUnavailable("Unexpected answer from the auth service") from exc
    except AuthWeakPasswordError as exc:
        raise WeakPassword(exc.message, status=exc.status, reasons=list(exc.reasons or [])) from exc
    except (AuthRetryableError, AuthUnknownError) as exc:
        status = getattr(exc, "status", 0) or 0
        raise AuthUnavailable(exc.message, code=exc.code, status=status) from exc
    except AuthError as exc:
        status = getattr(exc, "status", 0) or 0
        raise AuthRefused(exc.message, code=exc.code, status=status) from exc


def _tokens(session: SupabaseSession | None) -> Tokens:
    if session is None:
        raise AuthRefused("Sign-in did not complete. Please try again.")
    return _as_tokens(session)


def _as_tokens(session: SupabaseSession) -> Tokens:
    expires_at = session.expires_at or int(time.time()) + int(session.expires_in or 0)
    return Tokens(
        access_token=session.access_token,
        refresh_token=session.refresh_token,
        expires_at=int(expires_at),
        lifetime=max(0, int(session.expires_in or expires_at - time.time())),
    )
