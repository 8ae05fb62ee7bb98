"""Rate limiting of /api as production's NestJS throttler does it, with its `-long` headers.

Measured on production: one budget per route (method and route pattern: every `GET /workouts/sessions/:id`
shares one) per client address, LOCAL_BACKEND_RATE_LIMIT (100) requests per LOCAL_BACKEND_RATE_WINDOW
(60) seconds. `X-Forwarded-For` is ignored unless LOCAL_BACKEND_TRUST_PROXY=1 (production ignores it).
Unauthenticated calls count (the throttler runs before the auth guard); unknown routes and methods do not
(and get no rate-limit headers). The first refused request blocks the route for a whole window: the 429
carries only `Retry-After-long` (the block's seconds left), no `Retry-After` and no `X-RateLimit-*`.
With the limit at 0 nothing is refused, and the headers still show production's 100.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable
from typing import Any

from django.urls import Resolver404, resolve

from local_backend import config
from local_backend.faults import StartResponse, WsgiApp
from local_backend.responses import error_body, json_bytes

SHOWN_LIMIT_WHEN_OFF = 100
THROTTLED = "ThrottlerException: Too Many Requests"


class _Window:
    __slots__ = ("blocked_until", "ends", "hits")

    def __init__(self, ends: float) -> None:
        self.ends = ends
        self.hits = 0
        self.blocked_until = 0.0


_lock = threading.Lock()
_windows: dict[tuple[str, str], _Window] = {}  # (client, route) -> its window


def reset() -> None:
    with _lock:
        _windows.clear()


def _seconds(moment: float, until: float) -> int:
    return max(1, math.ceil(round(until - moment, 3)))


def hit(client: str, route: str) -> tuple[int, int, int, bool]:
    """Count a request: (limit shown, remaining, seconds to reset or to the block's end, refused?)."""
    settings = config.runtime()
    limit, window = settings.rate_limit, max(1, settings.rate_window)
    moment = time.monotonic()
    shown = limit or SHOWN_LIMIT_WHEN_OFF
    with _lock:
        entry = _windows.get((client, route))
        if entry is not None and entry.blocked_until > moment:
            return shown, 0, _seconds(moment, entry.blocked_until), True
        if entry is None or entry.ends <= moment or entry.blocked_until:
            entry = _Window(moment + window)
            _windows[(client, route)] = entry
        entry.hits += 1
        if limit and entry.hits > limit:
            entry.blocked_until = moment + window
            return shown, 0, _seconds(moment, entry.blocked_until), True
        return shown, max(0, shown - entry.hits), _seconds(moment, entry.ends), False


def client_address(environ: dict[str, Any]) -> str:
    """The peer address; the first `X-Forwarded-For` entry only with LOCAL_BACKEND_TRUST_PROXY=1."""
    if config.trust_proxy():
        forwarded = str(environ.get("HTTP_X_FORWARDED_FOR", ""))
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return str(environ.get("REMOTE_ADDR", "unknown"))


def route_of(method: str, path: str) -> str | None:
    """`METHOD pattern` of a known /api route, or None for an unknown route or method (not counted)."""
    if not (path == "/api" or path.startswith("/api/")):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    methods = getattr(match.func, "methods", None)
    if methods is None or method not in methods:
        return None
    return f"{method} /{match.route}"


class RateLimitMiddleware:
    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        route = route_of(environ.get("REQUEST_METHOD", ""), path)
        if route is None:
            return self.app(environ, start_response)
        limit, remaining, seconds, refused = hit(client_address(environ), route)
        if refused:
            query = environ.get("QUERY_STRING", "")
            body = json_bytes(error_body(429, THROTTLED, f"{path}?{query}" if query else path))
            start_response(
                "429 Too Many Requests",
                [
                    ("Retry-After-long", str(seconds)),
                    ("Content-Type", "application/json; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                ],
            )
            return [body]
        headers = [
            ("X-RateLimit-Limit-long", str(limit)),
            ("X-RateLimit-Remaining-long", str(remaining)),
            ("X-RateLimit-Reset-long", str(seconds)),
        ]

        def with_headers(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, headers + response_headers, exc_info)

        return self.app(environ, with_headers)
