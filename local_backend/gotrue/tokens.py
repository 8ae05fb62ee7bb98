"""Auth sessions, access tokens (HS256 JWTs with Supabase's claims) and rotating refresh tokens.

Both halves of the local backend check bearer tokens here: GoTrue's `GET /user` and the /api guard.
A token is good when its signature and `exp` are, and its session is alive: not signed out or
revoked, and (when LOCAL_BACKEND_SESSION_TTL is set) not older than that lifetime.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import time
import uuid
from typing import Any, Literal

import jwt
from django.db import transaction

from local_backend import config
from local_backend.gotrue.errors import GoTrueError
from local_backend.gotrue.users import user_json
from local_backend.models import AuthSession, AuthUser, RefreshToken
from local_backend.timeutil import now

SessionState = Literal["active", "ended", "expired"]


def session_state(session: AuthSession) -> SessionState:
    if session.ended_at is not None:
        return "ended"
    ttl = config.runtime().session_ttl
    if ttl and now() >= session.created_at + dt.timedelta(seconds=ttl):
        return "expired"
    return "active"


def new_refresh_token(session: AuthSession, parent: str = "") -> RefreshToken:
    return RefreshToken.objects.create(token=secrets.token_urlsafe(24), session=session, parent=parent)


def start_session(user: AuthUser, amr_method: str) -> tuple[AuthSession, RefreshToken]:
    """Sign a user in: a new session, its first refresh token, and `last_sign_in_at`."""
    moment = now()
    with transaction.atomic():
        session = AuthSession.objects.create(user=user, amr_method=amr_method, created_at=moment)
        refresh = new_refresh_token(session)
        user.last_sign_in_at = moment
        user.save(update_fields=["last_sign_in_at"])
        user.identities.update(last_sign_in_at=moment)
    return session, refresh


def issuer() -> str:
    return f"{config.public_url()}/auth/v1"


def access_token(session: AuthSession, user: AuthUser) -> tuple[str, int, int]:
    """(token, expires_in, expires_at) for a session."""
    ttl = config.runtime().access_token_ttl
    issued = int(now().timestamp())
    claims: dict[str, Any] = {
        "iss": issuer(),
        "sub": str(user.id),
        "aud": "authenticated",
        "exp": issued + ttl,
        "iat": issued,
        "email": user.email,
        "phone": "",
        "app_metadata": user.app_metadata,
        "user_metadata": user.user_metadata,
        "role": "authenticated",
        "aal": "aal1",
        "amr": [{"method": session.amr_method, "timestamp": int(session.created_at.timestamp())}],
        "session_id": str(session.id),
        "is_anonymous": False,
    }
    token = jwt.encode(claims, config.jwt_secret(), algorithm="HS256", headers={"typ": "JWT"})
    return token, ttl, issued + ttl


def token_response(session: AuthSession, refresh: RefreshToken) -> dict[str, Any]:
    user = session.user
    token, expires_in, expires_at = access_token(session, user)
    return {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": expires_in,
        "expires_at": expires_at,
        "refresh_token": refresh.token,
        "user": user_json(user),
    }


def sign_in(user: AuthUser, amr_method: str) -> dict[str, Any]:
    session, refresh = start_session(user, amr_method)
    return token_response(session, refresh)


def rotate_refresh_token(raw: str) -> dict[str, Any]:
    """Use up a refresh token and answer with a new access token and its successor.

    A used-up token is handled as GoTrue does (supabase/auth `token_refresh.go`): when it is the parent of the
    session's active token, the client lost the answer to its refresh (a timeout), so it gets that active
    token back, however late; another used-up token is accepted within the reuse interval
    (`refreshReuseInterval`, from when it was used up) and answered with the active token too; outside it,
    every refresh token of the session is revoked ("token family": a stolen token was replayed) and the
    answer is "Already Used".
    """
    with transaction.atomic():
        found = RefreshToken.objects.select_related("session__user").filter(token=raw).first()
        if found is None:
            raise GoTrueError(
                400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"
            )
        state = session_state(found.session)
        if state == "ended":
            # A signed-out session's tokens are gone in GoTrue.
            raise GoTrueError(
                400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"
            )
        if state == "expired":
            raise GoTrueError(400, "session_expired", "Invalid Refresh Token: Session Expired")
        session = found.session
        if found.revoked:
            issued = _reusable_successor(found)
            if issued is None:
                RefreshToken.objects.filter(session=session).update(revoked=True)
        # A conditional update, so two racing refreshes cannot both win.
        elif RefreshToken.objects.filter(pk=found.pk, revoked=False).update(revoked=True) != 1:
            issued = _reusable_successor(found)
        else:
            session.refreshed_at = now()
            session.save(update_fields=["refreshed_at"])
            issued = new_refresh_token(session, parent=found.token)
    if issued is None:
        raise GoTrueError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used")
    return token_response(session, issued)


def _reusable_successor(used: RefreshToken) -> RefreshToken | None:
    """The session's active token, when the used-up `used` may still be presented for it; else None."""
    active = RefreshToken.objects.filter(session=used.session, revoked=False).order_by("-pk").first()
    if active is None:
        return None
    if active.parent == used.token:
        return active
    child = RefreshToken.objects.filter(session=used.session, parent=used.token).order_by("pk").first()
    interval = dt.timedelta(seconds=config.runtime().refresh_reuse_interval)
    return active if child is not None and now() < child.created_at + interval else None


class BearerProblem(Exception):
    """Why a bearer token was refused (GoTrue's status, code and message)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def as_gotrue(self) -> GoTrueError:
        return GoTrueError(self.status, self.code, self.message)


def decode(token: str, *, verify_exp: bool = True, secret: str | None = None) -> dict[str, Any]:
    return jwt.decode(
        token,
        secret or config.jwt_secret(),
        algorithms=["HS256"],
        audience="authenticated",
        options={"verify_exp": verify_exp, "require": ["exp", "iat", "sub"]},
    )


def email_of(token: str) -> str | None:
    """The email claim of a correctly signed token, expired or not (for the request log)."""
    return _email_signed_with(token, config.jwt_secret())


@functools.lru_cache(maxsize=256)
def _email_signed_with(token: str, secret: str) -> str | None:
    # Remembered per token and key: the log names the user of each request and of its auth check, and the
    # answer cannot change (expiry is not checked), while decoding costs a tenth of a small request.
    try:
        email = decode(token, verify_exp=False, secret=secret).get("email")
    except jwt.PyJWTError:
        return None
    return email if isinstance(email, str) else None


def resolve_bearer(token: str) -> tuple[AuthUser, AuthSession, dict[str, Any]]:
    """The user and live session behind an access token, or BearerProblem."""
    try:
        claims = decode(token)
    except jwt.ExpiredSignatureError as exc:
        raise BearerProblem(
            403,
            "bad_jwt",
            "invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired",
        ) from exc
    except jwt.PyJWTError as exc:
        raise BearerProblem(
            403, "bad_jwt", f"invalid JWT: unable to parse or verify signature, {exc}"
        ) from exc
    session_id = _as_uuid(claims.get("session_id"))
    session = AuthSession.objects.select_related("user").filter(pk=session_id).first() if session_id else None
    if session is None or session.ended_at is not None:
        raise BearerProblem(403, "session_not_found", "Session from session_id claim in JWT does not exist")
    if str(session.user_id) != claims.get("sub"):
        raise BearerProblem(403, "bad_jwt", "invalid JWT: subject does not match the session")
    if session_state(session) == "expired":
        raise BearerProblem(403, "session_expired", "Session has expired")
    if int(claims.get("iat", 0)) < session.access_not_before:
        raise BearerProblem(
            403,
            "bad_jwt",
            "invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired",
        )
    return session.user, session, claims


def _as_uuid(value: Any) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def expire_access_tokens(user: AuthUser) -> int:
    """Make every access token issued so far for the user's live sessions count as expired, as if
    their `exp` had passed; refreshing still works. Returns once a token issued now would be newer."""
    cutoff = int(time.time()) + 1
    count = AuthSession.objects.filter(user=user, ended_at__isnull=True).update(access_not_before=cutoff)
    time.sleep(max(0.0, cutoff - time.time()))  # `iat` has whole seconds: wait for the next one
    return count


def age_sessions(user: AuthUser, seconds: int) -> int:
    """Move the start of the user's live sessions `seconds` into the past, so a session lifetime
    (LOCAL_BACKEND_SESSION_TTL) runs out without waiting for the clock. Returns how many."""
    sessions = AuthSession.objects.filter(user=user, ended_at__isnull=True)
    count = 0
    for session in sessions:
        session.created_at -= dt.timedelta(seconds=seconds)
        session.save(update_fields=["created_at"])
        count += 1
    return count


def end_sessions(user: AuthUser, *, keep: AuthSession | None = None, only: AuthSession | None = None) -> int:
    """End sessions of a user: one (`only`), all but one (`keep`), or all. Returns how many."""
    sessions = AuthSession.objects.filter(user=user, ended_at__isnull=True)
    if only is not None:
        sessions = sessions.filter(pk=only.pk)
    if keep is not None:
        sessions = sessions.exclude(pk=keep.pk)
    moment = now()
    with transaction.atomic():
        ids = list(sessions.values_list("pk", flat=True))
        AuthSession.objects.filter(pk__in=ids).update(ended_at=moment)
        RefreshToken.objects.filter(session_id__in=ids).update(revoked=True)
    return len(ids)
