"""One chokepoint for /api views: method dispatch, the bearer guard and error bodies.

Mirrors the NestJS request pipeline: an unknown route or method is `404 Cannot GET /path`, the
guard (401) runs before validation (400), and anything unexpected is `500 Internal server error`.
"""

from __future__ import annotations

import json
import traceback
import urllib.request
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse

from local_backend import config
from local_backend.api.users import ensure_app_user
from local_backend.logsink import log
from local_backend.models import AppUser, AuthUser
from local_backend.responses import ApiError, error_response

View = Callable[..., HttpResponse]
_AUTH_TIMEOUT = 30  # seconds; production's backend waits for Supabase as long


def authenticate(request: HttpRequest) -> AppUser:
    """The app user behind the bearer token (created on first use), or 401.

    As production does, the token is validated by asking the auth service, `GET /auth/v1/user`, over HTTP
    (this same server's GoTrue stand-in), so its faults reach the API as Supabase's do: auth down → every
    call 401 "Token validation failed"; auth slow → every call slow.
    """
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "Authentication required")
    user_id = _ask_auth_service(request, token.strip())
    auth_user = AuthUser.objects.filter(pk=user_id).first() if user_id else None
    if auth_user is None:
        raise ApiError(401, "Token validation failed")
    return ensure_app_user(auth_user)


def _ask_auth_service(request: HttpRequest, token: str) -> str | None:
    """The user id GoTrue's `GET /user` answers for the token, or None for any refusal or failure."""
    host, port = request.META.get("SERVER_NAME", "127.0.0.1"), request.META.get("SERVER_PORT", "4000")
    ask = urllib.request.Request(
        f"http://{host}:{port}/auth/v1/user",
        headers={"Authorization": f"Bearer {token}", "apikey": config.anon_key()},
    )
    try:
        with urllib.request.urlopen(ask, timeout=_AUTH_TIMEOUT) as answer:  # noqa: S310 (our own address)
            user = json.loads(answer.read())
    except (OSError, ValueError):  # refused (4xx), down (5xx), dropped, too slow, not JSON
        return None
    found = user.get("id") if isinstance(user, dict) else None
    return found if isinstance(found, str) else None


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
