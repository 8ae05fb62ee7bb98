"""GoTrue's REST endpoints under /auth/v1, as the unmodified supabase-py 2.34 client calls them."""

from __future__ import annotations

import json
import traceback
import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse

from local_backend import config
from local_backend.gotrue import flows, tokens
from local_backend.gotrue.errors import (
    API_VERSION,
    API_VERSION_HEADER,
    GoTrueError,
    gotrue_error_response,
    gotrue_json,
)
from local_backend.gotrue.users import (
    check_password_strength,
    confirm_email,
    create_user,
    find_user,
    normalize_email,
    password_matches,
    set_password,
    user_json,
)
from local_backend.logsink import log
from local_backend.models import AuthIdentity, AuthSession, AuthUser
from local_backend.timeutil import iso_micro, now

View = Callable[..., HttpResponse]


def endpoint(*, public: tuple[str, ...] = (), **handlers: View) -> View:
    """One URL's view: dispatch on method, require an `apikey` (as Supabase's gateway does) except
    for the `public` methods a browser navigates to, and turn GoTrueError into GoTrue's error body."""

    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        handler = handlers.get(request.method or "")
        try:
            if handler is None:
                raise GoTrueError(405, "method_not_allowed", "Method not allowed")
            if request.method not in public and not (
                request.headers.get("apikey") or request.GET.get("apikey")
            ):
                raise GoTrueError(401, "no_api_key", "No API key found in request")
            return handler(request, **kwargs)
        except GoTrueError as error:
            return gotrue_error_response(error)
        except Exception:
            log("auth handler failed:\n" + traceback.format_exc().rstrip())
            return gotrue_error_response(GoTrueError(500, "unexpected_failure", "Unexpected failure"))

    return view


def read_body(request: HttpRequest) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    try:
        data = json.loads(request.body)
    except ValueError as exc:
        raise GoTrueError(400, "bad_json", "Could not parse request body as JSON") from exc
    if not isinstance(data, dict):
        raise GoTrueError(400, "bad_json", "Could not parse request body as JSON")
    return data


def base_url(request: HttpRequest) -> str:
    """Where mailed links point: the configured public URL, else the address the client used."""
    return config.public_url_explicit() or f"{request.scheme}://{request.get_host()}"


def bearer(request: HttpRequest) -> tuple[AuthUser, AuthSession]:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer ") or not header[7:].strip():
        raise GoTrueError(401, "no_authorization", "This endpoint requires a valid Bearer token")
    try:
        user, session, _ = tokens.resolve_bearer(header[7:].strip())
    except tokens.BearerProblem as problem:
        raise problem.as_gotrue() from problem
    return user, session


def redirect(url: str) -> HttpResponse:
    response = HttpResponse(b"", status=303)
    del response["Content-Type"]
    response["Location"] = url
    response["Content-Length"] = "0"
    response[API_VERSION_HEADER] = API_VERSION
    return response


# --- sign-up and sign-in --------------------------------------------------------------------


def _obfuscated_user(email: str) -> dict[str, Any]:
    """What GoTrue answers for a sign-up of a confirmed address (no account enumeration)."""
    moment = iso_micro(now())
    return {
        "id": str(uuid.uuid4()),
        "aud": "authenticated",
        "role": "authenticated",
        "email": email,
        "phone": "",
        "confirmation_sent_at": moment,
        "app_metadata": {"provider": "email", "providers": ["email"]},
        "user_metadata": {},
        "identities": [],
        "created_at": moment,
        "updated_at": moment,
        "is_anonymous": False,
    }


def signup(request: HttpRequest) -> HttpResponse:
    body = read_body(request)
    email = normalize_email(body.get("email"))
    password = check_password_strength(body.get("password"))
    metadata = body.get("data") or {}
    if not isinstance(metadata, dict):
        raise GoTrueError(400, "validation_failed", "data must be an object")
    require_confirmation = config.runtime().require_email_confirmation
    redirect_to = request.GET.get("redirect_to", "")
    user = find_user(email)
    if user is not None:
        if not require_confirmation:
            raise GoTrueError(422, "user_already_exists", "User already registered")
        if user.email_confirmed_at is not None:
            return gotrue_json(_obfuscated_user(email))
        set_password(user, password)
    else:
        try:
            user = create_user(
                email, password=password, metadata=metadata, confirmed=not require_confirmation
            )
        except IntegrityError as exc:
            raise GoTrueError(422, "user_already_exists", "User already registered") from exc
    if not require_confirmation:
        return gotrue_json(tokens.sign_in(user, "password"))
    user.confirmation_sent_at = now()
    user.save()
    flows.send_link(user, "signup", base_url(request), redirect_to, body)
    return gotrue_json(user_json(user))


def token(request: HttpRequest) -> HttpResponse:
    grant_type = request.GET.get("grant_type", "")
    body = read_body(request)
    if grant_type == "password":
        return gotrue_json(_password_grant(body))
    if grant_type == "refresh_token":
        raw = body.get("refresh_token")
        if not isinstance(raw, str) or not raw:
            raise GoTrueError(
                400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"
            )
        return gotrue_json(tokens.rotate_refresh_token(raw))
    if grant_type == "pkce":
        return gotrue_json(flows.exchange_code(body.get("auth_code"), body.get("code_verifier")))
    raise GoTrueError(400, "unsupported_grant_type", "unsupported_grant_type")


def _password_grant(body: dict[str, Any]) -> dict[str, Any]:
    email, password = body.get("email"), body.get("password")
    invalid = GoTrueError(400, "invalid_credentials", "Invalid login credentials")
    if not isinstance(email, str) or not isinstance(password, str):
        raise invalid
    user = find_user(email)
    if user is None or not password_matches(user, password):
        raise invalid
    if user.email_confirmed_at is None:
        raise GoTrueError(400, "email_not_confirmed", "Email not confirmed")
    return tokens.sign_in(user, "password")


# --- the signed-in user ---------------------------------------------------------------------


def user_get(request: HttpRequest) -> HttpResponse:
    user, _ = bearer(request)
    return gotrue_json(user_json(user))


def user_put(request: HttpRequest) -> HttpResponse:
    user, _ = bearer(request)
    body = read_body(request)
    if body.get("password") is not None:
        password = check_password_strength(body["password"])
        if password_matches(user, password):
            raise GoTrueError(422, "same_password", "New password should be different from the old password.")
        set_password(user, password)
    if body.get("data") is not None:
        if not isinstance(body["data"], dict):
            raise GoTrueError(400, "validation_failed", "data must be an object")
        merged = {**user.user_metadata, **body["data"]}
        user.user_metadata = {k: v for k, v in merged.items() if v is not None}
    if body.get("email") is not None:
        _change_email(user, normalize_email(body["email"]))
    user.updated_at = now()
    user.save()
    return gotrue_json(user_json(user))


def _change_email(user: AuthUser, email: str) -> None:
    """Applied at once: the stand-in skips the confirm-both-addresses dance."""
    if email == user.email:
        return
    if find_user(email) is not None:
        raise GoTrueError(422, "email_exists", "A user with this email address has already been registered")
    user.email = email
    user.user_metadata = {**user.user_metadata, "email": email}
    for identity in AuthIdentity.objects.filter(user=user, provider="email"):
        identity.identity_data = {**identity.identity_data, "email": email}
        identity.save(update_fields=["identity_data"])


def logout(request: HttpRequest) -> HttpResponse:
    user, session = bearer(request)
    scope = request.GET.get("scope", "global")
    if scope == "local":
        tokens.end_sessions(user, only=session)
    elif scope == "others":
        tokens.end_sessions(user, keep=session)
    else:
        tokens.end_sessions(user)
    response = HttpResponse(b"", status=204)
    del response["Content-Type"]
    response[API_VERSION_HEADER] = API_VERSION
    return response


# --- mailed links -------------------------------------------------------------------------


def recover(request: HttpRequest) -> HttpResponse:
    """Always `{}`, whether or not the address has an account."""
    body = read_body(request)
    email = normalize_email(body.get("email"))
    flows.pkce_challenge(body)  # refuse a malformed challenge even for unknown addresses
    user = find_user(email)
    if user is not None:
        user.recovery_sent_at = now()
        user.save(update_fields=["recovery_sent_at"])
        flows.send_link(user, "recovery", base_url(request), request.GET.get("redirect_to", ""), body)
    return gotrue_json({})


def verify_get(request: HttpRequest) -> HttpResponse:
    """The mailed link: confirm, then redirect with `?code=` (PKCE) or the session in the fragment."""
    requested = request.GET.get("redirect_to")
    try:
        found = flows.consume_token(request.GET.get("token"), request.GET.get("type"))
    except GoTrueError as error:
        details = {"error": "access_denied", "error_code": error.code, "error_description": error.message}
        target = flows.redirect_target(requested)
        return redirect(flows.add_fragment(flows.add_query(target, details), details))
    confirm_email(found.user)
    target = flows.redirect_target(requested, found.redirect_to)
    if found.code_challenge:
        flow = flows.new_flow_state(found.user, found.code_challenge, found.code_challenge_method, found.kind)
        return redirect(flows.add_query(target, {"code": flow.auth_code}))
    session = tokens.sign_in(found.user, "recovery" if found.kind == "recovery" else "otp")
    return redirect(flows.add_fragment(target, flows.implicit_fragment(session, found.kind)))


def verify_post(request: HttpRequest) -> HttpResponse:
    """For server-side apps: `{type, token_hash}` (or `{type, token, email}`) for a session."""
    body = read_body(request)
    token_hash = body.get("token_hash") or body.get("token")
    found = flows.consume_token(token_hash, body.get("type"))
    if body.get("email") and str(body["email"]).strip().lower() != found.user.email:
        raise GoTrueError(403, "otp_expired", "Token has expired or is invalid")
    confirm_email(found.user)
    return gotrue_json(tokens.sign_in(found.user, "recovery" if found.kind == "recovery" else "otp"))


# --- discovery ----------------------------------------------------------------------------


def settings_view(request: HttpRequest) -> HttpResponse:
    return gotrue_json(
        {
            "external": {
                "anonymous_users": False,
                "email": True,
                "google": True,
                "github": False,
                "phone": False,
            },
            "disable_signup": False,
            "mailer_autoconfirm": not config.runtime().require_email_confirmation,
            "phone_autoconfirm": False,
            "sms_provider": "",
            "saml_enabled": False,
        }
    )


def health(request: HttpRequest) -> HttpResponse:
    return gotrue_json(
        {"version": "v2-local", "name": "GoTrue", "description": "Sunnsteel local stand-in for Supabase Auth"}
    )


def jwks(request: HttpRequest) -> HttpResponse:
    """Empty: access tokens are HS256, verified with the shared secret (or via GET /user)."""
    return gotrue_json({"keys": []})


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return gotrue_error_response(GoTrueError(404, "not_found", "Not Found"))
