"""The signed-in user's Supabase tokens, held in the server-side Django session, and their refresh.

Only the access token, the refresh token, its expiry and the user's profile fields are kept (about 1 KB);
nothing of it ever reaches a template, a JavaScript-readable cookie or a log line.

Refresh tokens rotate: each can be used once. Several requests of one browser can arrive together just
when the access token needs renewing, and each holds its own copy of the session. So a refresh is done by
one of them (a cache lock keyed by the refresh token), and its result is kept in the cache under the old
refresh token, where the others — and a later request whose session still holds the old pair — pick it up
instead of spending the used-up token and being locked out.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import rotate_token
from supabase_auth.errors import AuthApiError, AuthError
from supabase_auth.types import Session as SupabaseSession

from accounts.supabase import auth_answers, supabase_auth
from accounts.types import BackendUser
from sunnsteel_web.state import state_cache

log = logging.getLogger("accounts.tokens")

SESSION_KEY = "sunnsteel.auth"
_LOCK_SECONDS = 10
_DEFAULT_LIFETIME = 3600  # Supabase's default access-token lifetime (states kept before it was recorded)
_WAIT_FOR_OTHER_REFRESH = 5.0


class AuthServiceUnavailable(Exception):
    """Supabase Auth did not answer (or answered 5xx): nothing is known about the session."""


@dataclass(frozen=True)
class SunnsteelUser:
    """`request.user` for a signed-in person: what pages need to know, from the backend's user."""

    id: str
    email: str
    name: str
    weight_unit: str = "KG"
    is_authenticated = True
    is_anonymous = False
    is_active = True

    @property
    def pk(self) -> str:
        return self.id

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]


def sign_in(request: HttpRequest, session: SupabaseSession, user: BackendUser) -> SunnsteelUser:
    """Stores a new sign-in: a fresh session key and CSRF token (no fixation), the tokens, and the user.

    When someone else was signed in in this browser, nothing of theirs is kept (their unsaved entries
    included); the same person signing in again keeps what they had typed.
    """
    previous = current_state(request)
    if previous is not None and previous["user"]["id"] != user.id:
        request.session.flush()
    else:
        request.session.cycle_key()
    rotate_token(request)
    state = {**_token_fields(session), "user": _user_fields(user)}
    request.session[SESSION_KEY] = state
    return user_from_state(state)


def sign_out_locally(request: HttpRequest) -> None:
    """Forgets everything about the user in this browser (new empty session)."""
    request.session.flush()


def current_state(request: HttpRequest) -> dict[str, Any] | None:
    state = request.session.get(SESSION_KEY)
    return state if isinstance(state, dict) and "access_token" in state else None


def user_from_state(state: dict[str, Any]) -> SunnsteelUser:
    return SunnsteelUser(**state["user"])


def update_user(request: HttpRequest, user: BackendUser) -> None:
    state = current_state(request)
    if state is not None:
        request.session[SESSION_KEY] = {**state, "user": _user_fields(user)}


def needs_refresh(state: dict[str, Any]) -> bool:
    """Due when less than the refresh margin is left, but never before half the token's lifetime has
    passed: a token that lives shorter than the margin is not renewed on every request."""
    left = state["expires_at"] - time.time()
    lifetime = state.get("lifetime", _DEFAULT_LIFETIME)
    return bool(left <= min(settings.AUTH_REFRESH_MARGIN, lifetime / 2))


def refresh(
    request: HttpRequest,
    state: dict[str, Any],
    *,
    then: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any] | None:
    """Renews the tokens; returns the new state, or None when the refresh token is no longer valid.

    `then` runs on the new state in the one request that renewed it (not in those that reuse its result).
    Raises AuthServiceUnavailable when Supabase does not answer: the caller keeps the old access token
    while it is still valid.
    """
    old_token = state["refresh_token"]
    done_key = f"auth-refreshed:{_digest(old_token)}"
    renewed, here = state_cache().get(done_key), False
    if renewed is None:
        renewed, here = _refresh_once(old_token, done_key)
    if renewed is None or renewed == _REFUSED:
        return None
    new_state = {**state, **renewed}
    request.session[SESSION_KEY] = new_state
    return then(new_state) if here and then is not None else new_state


def _refresh_once(old_token: str, done_key: str) -> tuple[dict[str, Any] | None, bool]:
    """(the renewed tokens or None when refused, whether this request renewed them)"""
    lock_key = f"auth-refresh-lock:{_digest(old_token)}"
    if not state_cache().add(lock_key, 1, timeout=_LOCK_SECONDS):
        return _wait_for_other_refresh(done_key), False
    try:
        with auth_answers():
            response = supabase_auth().refresh_session(old_token)
        if response.session is None:
            return None, True
        renewed = _token_fields(response.session)
        # Published before the lock is released, so no request can find neither the lock nor the result
        # (and spend the used-up token). Kept long enough for every request still holding the old pair.
        state_cache().set(done_key, renewed, timeout=max(60, int(renewed["expires_at"] - time.time())))
        return renewed, True
    except AuthApiError as exc:
        if exc.status and exc.status < 500 and exc.status != 429:
            log.info("refresh refused (%s): signing the user out", exc.code)
            state_cache().set(
                done_key, _REFUSED, timeout=60
            )  # the next requests of this browser need not ask again
            return None, True
        raise AuthServiceUnavailable(str(exc.code)) from exc
    except AuthError as exc:
        raise AuthServiceUnavailable(type(exc).__name__) from exc
    finally:
        state_cache().delete(lock_key)


_REFUSED: dict[str, Any] = {"refused": True}


def _wait_for_other_refresh(done_key: str) -> dict[str, Any] | None:
    """Another request of this browser is refreshing the same token right now: use its result."""
    deadline = time.monotonic() + _WAIT_FOR_OTHER_REFRESH
    while time.monotonic() < deadline:
        time.sleep(0.05)  # bounded; only while a concurrent refresh of this very token is in flight
        renewed: dict[str, Any] | None = state_cache().get(done_key)
        if renewed is not None:
            return renewed
    raise AuthServiceUnavailable("concurrent refresh did not finish")


def _token_fields(session: SupabaseSession) -> dict[str, Any]:
    expires_at = session.expires_at or int(time.time()) + int(session.expires_in or 0)
    return {
        "access_token": session.access_token,
        "refresh_token": session.refresh_token,
        "expires_at": int(expires_at),
        "lifetime": max(0, int(session.expires_in or expires_at - time.time())),
    }


def _user_fields(user: BackendUser) -> dict[str, str]:
    return {"id": user.id, "email": user.email, "name": user.name or "", "weight_unit": user.weight_unit}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]
