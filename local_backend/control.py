"""The control API under /__control__/ for tests and demos (served when LOCAL_BACKEND_CONTROL=1).

See docs/local-backend-interface.md for the contract other code relies on.
"""

from __future__ import annotations

import datetime as dt
import json
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from local_backend import config, faults, outbox, ratelimit, requestlog, sweeper
from local_backend.api.users import ensure_app_user
from local_backend.gotrue import tokens
from local_backend.gotrue.errors import GoTrueError
from local_backend.gotrue.users import (
    check_password_strength,
    confirm_email,
    create_user,
    find_user,
    normalize_email,
    set_password,
)
from local_backend.logsink import log
from local_backend.models import AppUser, SetLog, WorkoutSession
from local_backend.responses import ApiError, error_body, error_response, json_response
from local_backend.seed import add_demo_content

View = Callable[..., HttpResponse]
OK = {"ok": True}


def _endpoint(**handlers: View) -> View:
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        handler = handlers.get(request.method or "")
        try:
            if handler is None:
                raise ApiError(405, f"{request.method} is not supported here")
            return handler(request, **kwargs)
        except ApiError as error:
            return error_response(error, request.path)
        except Exception:
            log("control handler failed:\n" + traceback.format_exc().rstrip())
            return error_response(ApiError(500, "Internal server error"), request.path)

    return view


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError as exc:
        raise ApiError(400, "Body must be JSON") from exc
    if not isinstance(data, dict):
        raise ApiError(400, "Body must be a JSON object")
    return data


def reset(request: HttpRequest) -> HttpResponse:
    """Clear faults, config overrides, the request log and outbox, and rate-limit counters."""
    faults.clear()
    config.reset_overrides()
    requestlog.clear()
    outbox.clear()
    ratelimit.reset()
    return json_response(OK)


def faults_add(request: HttpRequest) -> HttpResponse:
    try:
        fault = faults.add(_body(request))
    except ValueError as exc:
        raise ApiError(400, str(exc)) from exc
    return json_response({"id": fault.id}, 201)


def faults_clear(request: HttpRequest) -> HttpResponse:
    faults.clear()
    return json_response(OK)


def config_get(request: HttpRequest) -> HttpResponse:
    return json_response(config.runtime().as_json())


def config_patch(request: HttpRequest) -> HttpResponse:
    try:
        effective = config.override(_body(request))
    except config.ConfigError as exc:
        raise ApiError(400, str(exc)) from exc
    ratelimit.reset()  # new limits start with fresh windows
    return json_response(effective.as_json())


def requests_list(request: HttpRequest) -> HttpResponse:
    return json_response(requestlog.records())


def outbox_list(request: HttpRequest) -> HttpResponse:
    return json_response(outbox.messages())


def users_create(request: HttpRequest) -> HttpResponse:
    """A confirmed auth user plus app user; an existing email is updated instead (tests rerun)."""
    body = _body(request)
    unknown = set(body) - {"email", "password", "name", "weightUnit", "demoData", "demoAsOf"}
    if unknown:
        raise ApiError(400, ", ".join(f"property {key} should not exist" for key in sorted(unknown)))
    name, unit = body.get("name"), body.get("weightUnit")
    if unit is not None and unit not in AppUser.WEIGHT_UNITS:
        raise ApiError(400, "weightUnit must be one of the following values: KG, LB")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ApiError(400, "name must be a non-empty string")
    try:
        email = normalize_email(body.get("email"))
        password = check_password_strength(body.get("password"))
    except GoTrueError as error:
        raise ApiError(400, error.message) from error
    as_of = _moment(body.get("demoAsOf"))
    metadata = {"name": name} if name else {}
    with transaction.atomic():
        auth_user = find_user(email)
        if auth_user is None:
            auth_user = create_user(email, password=password, metadata=metadata, confirmed=True)
        else:
            set_password(auth_user, password)
            auth_user.user_metadata = {**auth_user.user_metadata, **metadata}
            auth_user.save()
            confirm_email(auth_user)
        app_user = ensure_app_user(auth_user)
        if name:
            app_user.name = name
        if unit:
            app_user.weight_unit = unit
        app_user.save()
        if body.get("demoData") and not app_user.routines.exists():
            add_demo_content(app_user, as_of)
    return json_response({"id": str(app_user.id), "supabaseUserId": str(auth_user.id), "email": email}, 201)


def _moment(value: object) -> dt.datetime | None:
    """`demoAsOf`: the moment the demo history is made as of (ISO 8601 with a zone), None for now."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ApiError(400, "demoAsOf must be an ISO 8601 date-time with its offset")
    return moment


def users_sign_in(request: HttpRequest, email: str) -> HttpResponse:
    """A new auth session for the user, answered as `POST /auth/v1/token?grant_type=password` answers, without
    the password: tests that are not about signing in start signed in without paying for it."""
    auth_user = find_user(email)
    if auth_user is None:
        raise ApiError(404, "User not found")
    return json_response(tokens.sign_in(auth_user, "password"))


def users_revoke_sessions(request: HttpRequest, email: str) -> HttpResponse:
    auth_user = find_user(email)
    if auth_user is None:
        raise ApiError(404, "User not found")
    return json_response({"revoked": tokens.end_sessions(auth_user)})


def users_expire_access_tokens(request: HttpRequest, email: str) -> HttpResponse:
    """Refuse the user's current access tokens as expired (refresh tokens keep working)."""
    auth_user = find_user(email)
    if auth_user is None:
        raise ApiError(404, "User not found")
    return json_response({"expired": tokens.expire_access_tokens(auth_user)})


def users_age_sessions(request: HttpRequest, email: str) -> HttpResponse:
    """Make the user's live sessions older by `seconds`, for a session lifetime to run out now."""
    auth_user = find_user(email)
    if auth_user is None:
        raise ApiError(404, "User not found")
    seconds = _body(request).get("seconds")
    if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
        raise ApiError(400, "seconds must be a non-negative whole number")
    return json_response({"aged": tokens.age_sessions(auth_user, seconds)})


def sweep_idle_sessions(request: HttpRequest) -> HttpResponse:
    """Run production's idle-session sweep now (instead of at the next half hour)."""
    return json_response({"aborted": sweeper.sweep_now()})


def users_age_workout_sessions(request: HttpRequest, email: str) -> HttpResponse:
    """Move the user's in-progress workout sessions (start, last activity, set logs) `seconds` into the
    past, so they are idle for that long without waiting for the clock."""
    auth_user = find_user(email)
    if auth_user is None:
        raise ApiError(404, "User not found")
    seconds = _body(request).get("seconds")
    if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
        raise ApiError(400, "seconds must be a non-negative whole number")
    shift = dt.timedelta(seconds=seconds)
    aged = 0
    with transaction.atomic():
        app_user = AppUser.objects.filter(supabase_user_id=auth_user.id).first()
        live = WorkoutSession.objects.filter(user=app_user, status="IN_PROGRESS") if app_user else []
        for session in live:
            session.started_at -= shift
            if session.last_activity_at is not None:
                session.last_activity_at -= shift
            session.save(update_fields=["started_at", "last_activity_at"])
            for entry in SetLog.objects.filter(session=session):
                entry.created_at -= shift
                entry.updated_at -= shift
                if entry.completed_at is not None:
                    entry.completed_at -= shift
                entry.save(update_fields=["created_at", "updated_at", "completed_at"])
            aged += 1
    return json_response({"aged": aged})


urls = [
    path("__control__/reset", _endpoint(POST=reset)),
    path("__control__/faults", _endpoint(POST=faults_add, DELETE=faults_clear)),
    path("__control__/config", _endpoint(GET=config_get, PATCH=config_patch)),
    path("__control__/requests", _endpoint(GET=requests_list)),
    path("__control__/outbox", _endpoint(GET=outbox_list)),
    path("__control__/users", _endpoint(POST=users_create)),
    path("__control__/users/<str:email>/sign-in", _endpoint(POST=users_sign_in)),
    path("__control__/users/<str:email>/revoke-sessions", _endpoint(POST=users_revoke_sessions)),
    path("__control__/users/<str:email>/expire-access-tokens", _endpoint(POST=users_expire_access_tokens)),
    path("__control__/users/<str:email>/age-sessions", _endpoint(POST=users_age_sessions)),
    path("__control__/users/<str:email>/age-workout-sessions", _endpoint(POST=users_age_workout_sessions)),
    path("__control__/sweep-idle-sessions", _endpoint(POST=sweep_idle_sessions)),
]


def plain_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return json_response(error_body(404, f"Cannot {request.method} {request.path}", request.path), 404)


def plain_server_error(request: HttpRequest) -> HttpResponse:
    return json_response(error_body(500, "Internal server error", request.path), 500)
