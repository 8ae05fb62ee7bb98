"""One chokepoint for /api views: method dispatch, the bearer guard and error bodies.

Mirrors the NestJS request pipeline: an unknown route or method is `404 Cannot GET /path`, the
guard (401) runs before validation (400), and anything unexpected is `500 Internal server error`.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import traceback
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
    headers = {"Authorization": f"Bearer {token}", "apikey": config.anon_key()}
    connection = _auth_connection(host, int(port))
    try:
        connection.request("GET", "/auth/v1/user", headers=headers)
        with connection.getresponse() as answer:
            body = answer.read()
            if answer.status >= 400:  # refused (4xx), down (5xx)
                return None
        user = json.loads(body)
    except (OSError, http.client.HTTPException, ValueError):  # dropped, too slow, not JSON
        _auth.connections.pop((host, int(port)), None)
        connection.close()
        return None
    finally:
        _auth.used[(host, int(port))] = time.monotonic()
    found = user.get("id") if isinstance(user, dict) else None
    return found if isinstance(found, str) else None


class _AuthConnections(threading.local):
    """Each request thread's open connection to the auth service, kept between its requests as production's
    HTTP agent keeps one (a thread serves one of the web app's pooled connections, many requests)."""

    def __init__(self) -> None:
        self.connections: dict[tuple[str, int], http.client.HTTPConnection] = {}
        self.used: dict[tuple[str, int], float] = {}


_auth = _AuthConnections()
_AUTH_IDLE = 60  # seconds; well inside the server's idle timeout (serve.RequestHandler.timeout), so a kept
# connection is never one the server has just closed


def _auth_connection(host: str, port: int) -> http.client.HTTPConnection:
    key = (host, port)
    kept = _auth.connections.get(key)
    if kept is not None and time.monotonic() - _auth.used.get(key, 0) > _AUTH_IDLE:
        kept.close()
        kept = None
    if kept is None:
        kept = _auth.connections[key] = http.client.HTTPConnection(host, port, timeout=_AUTH_TIMEOUT)
    return kept


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
