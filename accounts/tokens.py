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
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import rotate_token

from accounts import auth
from accounts.auth import Tokens
from accounts.types import BackendUser
from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.state import state_cache

SESSION_KEY = "sunnsteel.auth"
_LOCK_SECONDS = 10
_DEFAULT_LIFETIME = 3600  # Supabase's default access-token lifetime (states kept before it was recorded)
_WAIT_FOR_OTHER_REFRESH = 5.0


@dataclass(frozen=True)
class SunnsteelUser:
    """`request.user` for a signed-in person: what pages need to know, from the backend's user."""

    id: str
    email: str
    name: str
    weight_unit: WeightUnit = "KG"
    is_authenticated = True
    is_anonymous = False
    is_active = True

    @classmethod
    def of(cls, user: BackendUser) -> SunnsteelUser:
        return cls(id=user.id, email=user.email, name=user.name or "", weight_unit=user.weight_unit)

    @property
    def pk(self) -> str:
        return self.id

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]


@dataclass(frozen=True)
class TokenState:
    """What the Django session keeps of a sign-in: its tokens and the user's profile fields."""

    tokens: Tokens
    user: SunnsteelUser

    @classmethod
    def from_session(cls, stored: object) -> TokenState | None:
        """The state as the session holds it (flat JSON); None when there is none or it cannot be read."""
        if not isinstance(stored, dict) or "access_token" not in stored:
            return None
        try:
            tokens = Tokens(
                access_token=str(stored["access_token"]),
                refresh_token=str(stored["refresh_token"]),
                expires_at=int(stored["expires_at"]),
                lifetime=int(stored.get("lifetime", _DEFAULT_LIFETIME)),
            )
            user = stored["user"]
            unit: WeightUnit = "LB" if user.get("weight_unit") == "LB" else "KG"
            return cls(tokens, SunnsteelUser(str(user["id"]), str(user["email"]), str(user["name"]), unit))
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def for_session(self) -> dict[str, Any]:
        user = {"id": self.user.id, "email": self.user.email, "name": self.user.name}
        return {**asdict(self.tokens), "user": {**user, "weight_unit": self.user.weight_unit}}


def sign_in(request: HttpRequest, tokens: Tokens, user: BackendUser) -> SunnsteelUser:
    """Stores a new sign-in: a fresh session key and CSRF token (no fixation), the tokens, and the user.

    When someone else was signed in in this browser, nothing of theirs is kept (their unsaved entries
    included); the same person signing in again keeps what they had typed.
    """
    previous = current_state(request)
    if previous is not None and previous.user.id != user.id:
        request.session.flush()
    else:
        request.session.cycle_key()
    rotate_token(request)
    state = TokenState(tokens, SunnsteelUser.of(user))
    _store(request, state)
    return state.user


def sign_out_locally(request: HttpRequest) -> None:
    """Forgets everything about the user in this browser (new empty session)."""
    request.session.flush()


def current_state(request: HttpRequest) -> TokenState | None:
    return TokenState.from_session(request.session.get(SESSION_KEY))


def update_user(request: HttpRequest, user: BackendUser) -> None:
    state = current_state(request)
    if state is not None:
        _store(request, replace(state, user=SunnsteelUser.of(user)))


def needs_refresh(state: TokenState) -> bool:
    """Due when less than the refresh margin is left, but never before half the token's lifetime has
    passed: a token that lives shorter than the margin is not renewed on every request."""
    left = state.tokens.expires_at - time.time()
    return bool(left <= min(settings.AUTH_REFRESH_MARGIN, state.tokens.lifetime / 2))


def refresh(
    request: HttpRequest,
    state: TokenState,
    *,
    then: Callable[[TokenState], TokenState] | None = None,
) -> TokenState | None:
    """Renews the tokens; returns the new state, or None when the refresh token is no longer valid.

    `then` runs on the new state in the one request that renewed it (not in those that reuse its result).
    Raises `auth.AuthUnavailable` when Supabase does not answer: the caller keeps the old access token
    while it is still valid.
    """
    old_token = state.tokens.refresh_token
    done_key = f"auth-refreshed:{_digest(old_token)}"
    renewed, here = state_cache().get(done_key), False
    if renewed is None:
        renewed, here = _refresh_once(old_token, done_key)
    if renewed is None or renewed == _REFUSED:
        return None
    new_state = replace(state, tokens=Tokens(**renewed))
    _store(request, new_state)
    return then(new_state) if here and then is not None else new_state


def _store(request: HttpRequest, state: TokenState) -> None:
    request.session[SESSION_KEY] = state.for_session()


def _refresh_once(old_token: str, done_key: str) -> tuple[dict[str, Any] | None, bool]:
    """(the renewed tokens, as kept in the cache, or None when refused; whether this request renewed them)"""
    lock_key = f"auth-refresh-lock:{_digest(old_token)}"
    if not state_cache().add(lock_key, 1, timeout=_LOCK_SECONDS):
        return _wait_for_other_refresh(done_key), False
    try:
        # Another request may have renewed and let go between the caller's look and this lock: use it.
        already: dict[str, Any] | None = state_cache().get(done_key)
        if already is not None:
            return already, False
        tokens = auth.refresh(old_token)
        if tokens is None:
            state_cache().set(
                done_key, _REFUSED, timeout=60
            )  # the next requests of this browser need not ask
            return None, True
        renewed = asdict(tokens)
        # Published before the lock is released, so no request can find neither the lock nor the result
        # (and spend the used-up token). Kept long enough for every request still holding the old pair.
        state_cache().set(done_key, renewed, timeout=max(60, int(tokens.expires_at - time.time())))
        return renewed, True
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
    raise auth.AuthUnavailable("concurrent refresh did not finish")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]
