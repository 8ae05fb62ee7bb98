"""One chokepoint for /api views: method dispatch, the bearer guard and error bodies.

Mirrors the NestJS request pipeline: an unknown route or method is `404 Cannot GET /path`, the
guard (401) runs before validation (400), and anything unexpected is `500 Internal server error`.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse

from local_backend.api.users import ensure_app_user
from local_backend.gotrue import tokens
from local_backend.logsink import log
from local_backend.models import AppUser
from local_backend.responses import ApiError, error_response

View = Callable[..., HttpResponse]


def authenticate(request: HttpRequest) -> AppUser:
    """The app user behind the bearer token (created on first use), or 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "Authentication required")
    try:
        auth_user, _, _ = tokens.resolve_bearer(token.strip())
    except tokens.BearerProblem as problem:
        raise ApiError(401, "Token validation failed") from problem
    return ensure_app_user(auth_user)


def endpoint(*, auth: bool = True, **handlers: View) -> View:
    """A view for one route; handlers are keyed by HTTP method and get `request.app_user`."""

    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        handler = handlers.get(request.method or "")
        try:
            if handler is None:
                raise ApiError(404, f"Cannot {request.method} {request.get_full_path()}")
            if auth:
                request.app_user = authenticate(request)  # type: ignore[attr-defined]
            return handler(request, **kwargs)
        except ApiError as error:
            return error_response(error, request.get_full_path())
        except IntegrityError:
            log("api conflict:\n" + traceback.format_exc().rstrip())
            return error_response(ApiError(409, "Conflict"), request.get_full_path())
        except Exception:
            log("api handler failed:\n" + traceback.format_exc().rstrip())
            return error_response(ApiError(500, "Internal server error"), request.get_full_path())

    view.methods = frozenset(handlers)  # type: ignore[attr-defined]  # read by the rate limiter
    return view


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    url = request.get_full_path()  # production's error bodies keep the query string
    return error_response(ApiError(404, f"Cannot {request.method} {url}"), url)


def app_user(request: HttpRequest) -> AppUser:
    return request.app_user  # type: ignore[attr-defined,no-any-return]
