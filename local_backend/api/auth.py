"""The backend's side of Supabase auth (/auth/supabase/...) and its health checks."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse

from local_backend.api.users import ensure_app_user, user_json, user_with_dates_json
from local_backend.gotrue import tokens
from local_backend.responses import ApiError, error_response, json_response
from local_backend.timeutil import iso, now
from local_backend.validation import Checker, read_json_object

COOKIE_MAX_AGE = 7 * 24 * 3600
_CLEAR_COOKIE = "ss_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax"


def _session_cookie() -> str:
    expires = (now() + dt.timedelta(seconds=COOKIE_MAX_AGE)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    return f"ss_session=1; Max-Age={COOKIE_MAX_AGE}; Path=/; Expires={expires}; HttpOnly; SameSite=Lax"


def verify(request: HttpRequest) -> HttpResponse:
    """POST /auth/supabase/verify {token}: the app user (created on first sign-in) and the cookie."""
    check = Checker(read_json_object(request))
    check.forbid_unknown(["token"])
    token = check.string("token", required=True, not_empty=True)
    check.raise_if_errors()
    try:
        auth_user, _, _ = tokens.resolve_bearer(str(token))
    except tokens.BearerProblem:
        response = error_response(ApiError(401, "Token verification failed"), request.get_full_path())
        response["Set-Cookie"] = _CLEAR_COOKIE
        return response
    user = ensure_app_user(auth_user)
    response = json_response({"user": user_json(user), "message": "Token verified successfully"})
    response["Set-Cookie"] = _session_cookie()
    return response


def profile(request: HttpRequest) -> HttpResponse:
    """GET /auth/supabase/profile"""
    return json_response({"user": user_with_dates_json(request.app_user)})  # type: ignore[attr-defined]


def logout(request: HttpRequest) -> HttpResponse:
    """POST /auth/supabase/logout: clears the marker cookie (the client signs out of Supabase)."""
    response = json_response({"message": "Logged out successfully"})
    response["Set-Cookie"] = _CLEAR_COOKIE
    return response


def health(request: HttpRequest) -> HttpResponse:
    """GET /health and GET /auth/supabase/health"""
    return json_response({"status": "ok", "timestamp": iso(now())})
