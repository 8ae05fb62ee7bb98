"""Per-client rate limiting of /api, with NestJS throttler's `-long` headers on every answer.

Fixed windows per client address: the first request opens a window of LOCAL_BACKEND_RATE_WINDOW
seconds; past LOCAL_BACKEND_RATE_LIMIT requests in it the answer is 429. With the limit at 0 the
headers are still sent (showing production's 100) but nothing is refused.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable
from typing import Any

from local_backend import config
from local_backend.faults import StartResponse, WsgiApp
from local_backend.responses import error_body, json_bytes

SHOWN_LIMIT_WHEN_OFF = 100

_lock = threading.Lock()
_windows: dict[str, list[float]] = {}  # client -> [window end (monotonic), hits]


def reset() -> None:
    with _lock:
        _windows.clear()


def hit(client: str) -> tuple[int, int, int, bool]:
    """Count a request: (limit shown, remaining, seconds to reset, refused?)."""
    settings = config.runtime()
    limit, window = settings.rate_limit, max(1, settings.rate_window)
    moment = time.monotonic()
    with _lock:
        entry = _windows.get(client)
        if entry is None or entry[0] <= moment:
            entry = [moment + window, 0]
            _windows[client] = entry
        entry[1] += 1
        hits, ends = int(entry[1]), entry[0]
    shown = limit or SHOWN_LIMIT_WHEN_OFF
    return (
        shown,
        max(0, shown - hits),
        max(1, math.ceil(round(ends - moment, 3))),
        bool(limit) and hits > limit,
    )


def client_address(environ: dict[str, Any]) -> str:
    if config.trust_proxy():
        forwarded = str(environ.get("HTTP_X_FORWARDED_FOR", ""))
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return str(environ.get("REMOTE_ADDR", "unknown"))


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class RateLimitMiddleware:
    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not _is_api(path):
            return self.app(environ, start_response)
        limit, remaining, reset_in, refused = hit(client_address(environ))
        headers = [
            ("X-RateLimit-Limit-long", str(limit)),
            ("X-RateLimit-Remaining-long", str(remaining)),
            ("X-RateLimit-Reset-long", str(reset_in)),
        ]
        if refused:
            body = json_bytes(error_body(429, "ThrottlerException: Too Many Requests", path))
            start_response(
                "429 Too Many Requests",
                headers
                + [
                    ("Retry-After-long", str(reset_in)),
                    ("Retry-After", str(reset_in)),
                    ("Content-Type", "application/json; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                ],
            )
            return [body]

        def with_headers(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, headers + response_headers, exc_info)

        return self.app(environ, with_headers)
