"""PKCE flow states, mailed one-time links, and the redirects that finish them.

A flow that started with a `code_challenge` (sign-up, recovery or OAuth under PKCE) ends with a
redirect carrying `?code=`, which the client exchanges at `POST /token?grant_type=pkce` with its
verifier. Without a challenge the redirect carries the session in the URL fragment (implicit flow).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import transaction

from local_backend import config, outbox
from local_backend.gotrue import tokens
from local_backend.gotrue.errors import GoTrueError
from local_backend.models import AuthUser, FlowState, OneTimeToken
from local_backend.timeutil import now

FLOW_STATE_TTL = dt.timedelta(minutes=5)
ONE_TIME_TOKEN_TTL = dt.timedelta(hours=24)


def pkce_challenge(body: dict[str, Any]) -> tuple[str, str]:
    """The (challenge, method) a request carries, or ("", "") for the implicit flow."""
    challenge = body.get("code_challenge") or ""
    method = str(body.get("code_challenge_method") or "").lower()
    if not challenge:
        return "", ""
    if not isinstance(challenge, str) or method not in {"s256", "plain"}:
        raise GoTrueError(
            400, "validation_failed", "PKCE flow requires code_challenge_method to be s256 or plain"
        )
    return challenge, method


def challenge_matches(challenge: str, method: str, verifier: str) -> bool:
    if method == "plain":
        expected = verifier
    else:
        digest = hashlib.sha256(verifier.encode()).digest()
        expected = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return hmac.compare_digest(expected, challenge)


def new_flow_state(
    user: AuthUser, challenge: str, method: str, authentication_method: str, provider: str = "email"
) -> FlowState:
    return FlowState.objects.create(
        auth_code=str(uuid.uuid4()),
        code_challenge=challenge,
        code_challenge_method=method,
        user=user,
        authentication_method=authentication_method,
        provider=provider,
    )


_AMR_OF_FLOW = {"oauth": "oauth", "recovery": "recovery", "signup": "otp"}


def exchange_code(auth_code: Any, verifier: Any) -> dict[str, Any]:
    """`POST /token?grant_type=pkce`: a code and its verifier for a session (the code is used up)."""
    if not isinstance(auth_code, str) or not auth_code or not isinstance(verifier, str) or not verifier:
        raise GoTrueError(
            400, "validation_failed", "invalid request: both auth code and code verifier should be non-empty"
        )
    with transaction.atomic():
        flow = FlowState.objects.select_related("user").filter(auth_code=auth_code).first()
        if flow is None or flow.user is None:
            raise GoTrueError(404, "flow_state_not_found", "invalid flow state, no valid flow state found")
        if now() > flow.created_at + FLOW_STATE_TTL:
            flow.delete()
            raise GoTrueError(422, "flow_state_expired", "invalid flow state, flow state has expired")
        if not challenge_matches(flow.code_challenge, flow.code_challenge_method, verifier):
            raise GoTrueError(
                400, "bad_code_verifier", "code challenge does not match previously saved code verifier"
            )
        user = flow.user
        amr = _AMR_OF_FLOW.get(flow.authentication_method, "password")
        flow.delete()
    return tokens.sign_in(user, amr)


def send_link(user: AuthUser, kind: str, base_url: str, redirect_to: str, body: dict[str, Any]) -> None:
    """Mail a confirmation (`signup`) or `recovery` link that ends at `GET /auth/v1/verify`."""
    challenge, method = pkce_challenge(body)
    token = secrets.token_hex(28)
    OneTimeToken.objects.create(
        token_hash=token,
        user=user,
        kind=kind,
        redirect_to=redirect_to,
        code_challenge=challenge,
        code_challenge_method=method,
    )
    query = {"token": token, "type": kind}
    if redirect_to:
        query["redirect_to"] = redirect_to
    outbox.send(user.email, kind, f"{base_url}/auth/v1/verify?{urlencode(query)}")


def consume_token(token_hash: Any, kind: Any) -> OneTimeToken:
    """Use up a mailed token; GoTrue's 403 `otp_expired` when unknown, used, stale or of another type."""
    if kind == "email":  # the client's generic email OTP type covers both
        kind = None
    invalid = GoTrueError(403, "otp_expired", "Email link is invalid or has expired")
    if not isinstance(token_hash, str) or not token_hash:
        raise invalid
    with transaction.atomic():
        found = OneTimeToken.objects.select_related("user").filter(token_hash=token_hash).first()
        if found is None or found.used_at is not None or (kind and found.kind != kind):
            raise invalid
        if now() > found.created_at + ONE_TIME_TOKEN_TTL:
            raise invalid
        if OneTimeToken.objects.filter(pk=found.pk, used_at__isnull=True).update(used_at=now()) != 1:
            raise invalid
    return found


def add_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def add_fragment(url: str, params: dict[str, str]) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=urlencode(params)))


def implicit_fragment(session_json: dict[str, Any], kind: str) -> dict[str, str]:
    params = {
        "access_token": session_json["access_token"],
        "expires_at": str(session_json["expires_at"]),
        "expires_in": str(session_json["expires_in"]),
        "refresh_token": session_json["refresh_token"],
        "token_type": "bearer",
    }
    if kind:
        params["type"] = kind
    return params


def redirect_target(requested: str | None, stored: str = "") -> str:
    return requested or stored or config.site_url()
