"""The request log: one printed line per request, and a record of /api and /auth/v1 calls for
`GET /__control__/requests` (method, path, query, status, the bearer token's email, and the
X-Request-ID and X-Forwarded-For headers the caller sent, as requestId and forwardedFor, and the names of
the cookies it sent, as cookies: never their values).

Only the path is printed, never the query string or headers, so tokens and passwords stay out of
the log.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

from local_backend.faults import DropConnection, StartResponse, WsgiApp
from local_backend.gotrue.tokens import email_of
from local_backend.logsink import log

_lock = threading.Lock()
_records: list[dict[str, Any]] = []
MAX_RECORDS = 50_000


def records() -> list[dict[str, Any]]:
    with _lock:
        return [dict(r) for r in _records]


def clear() -> None:
    with _lock:
        _records.clear()


def _bearer_email(environ: dict[str, Any]) -> str | None:
    header = environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or token.count(".") != 2:
        return None
    return email_of(token.strip())


def _cookie_names(header: str) -> list[str]:
    names = (part.partition("=")[0].strip() for part in header.split(";"))
    return [name for name in names if name]


def _record(environ: dict[str, Any]) -> dict[str, Any] | None:
    """Log a request as it arrives (a client that gave up waiting still finds it); the status is
    filled in when the answer starts, and stays null for a dropped connection."""
    path = environ.get("PATH_INFO", "")
    if not (path.startswith("/api") or path.startswith("/auth/v1")):
        return None
    entry = {
        "method": environ.get("REQUEST_METHOD", ""),
        "path": path,
        "query": environ.get("QUERY_STRING", ""),
        "status": None,
        "email": _bearer_email(environ),
        "requestId": environ.get("HTTP_X_REQUEST_ID"),
        "forwardedFor": environ.get("HTTP_X_FORWARDED_FOR"),
        "cookies": _cookie_names(environ.get("HTTP_COOKIE", "")),
    }
    with _lock:
        _records.append(entry)
        if len(_records) > MAX_RECORDS:
            del _records[: len(_records) - MAX_RECORDS]
    return entry


class RequestLogMiddleware:
    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.monotonic()
        entry = _record(environ)
        seen: dict[str, int] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"] = int(status.split(" ", 1)[0])
            if entry is not None:
                with _lock:
                    entry["status"] = seen["status"]
            return start_response(status, headers, exc_info)

        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
        try:
            result = self.app(environ, capture)
        except DropConnection:
            log(f"{method} {path} dropped ({(time.monotonic() - started) * 1000:.0f} ms)")
            raise
        log(f"{method} {path} {seen.get('status')} ({(time.monotonic() - started) * 1000:.0f} ms)")
        return result
