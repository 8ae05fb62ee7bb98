"""Injected faults: slow answers, late answers, error statuses, dropped connections and malformed bodies.

`slow` waits before the request is handled (a slow way there, or a busy server); `late` handles it at once
and holds its answer back (a slow way back: the write has landed while the caller still waits).

A WSGI layer in front of Django, so a `drop` can close the TCP connection itself (the server puts
the client socket in the environ) instead of Django turning it into a 500.
Faults come from LOCAL_BACKEND_FAULTS at start-up and from `POST /__control__/faults`.
"""

from __future__ import annotations

import fnmatch
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from local_backend.config import ConfigError
from local_backend.responses import error_body, json_bytes

SOCKET_KEY = "local_backend.socket"
KINDS = ("slow", "late", "status", "drop", "malformed", "throttled")
THROTTLED_SECONDS = 60  # production's Retry-After-long on the first refused request
MALFORMED_BODY = b"<html><body><h1>Upstream hiccup</h1><p>This is not JSON.</p></body></html>"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class DropConnection(Exception):
    """Raised after the client socket was shut down: the server must not answer."""


@dataclass
class Fault:
    id: int
    path: str
    kind: str
    method: str | None = None
    status: int = 500
    delay: float = 1.0
    retry_after: float | None = None
    times: int | None = None

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and fnmatch.fnmatchcase(path, self.path)


_lock = threading.Lock()
_faults: list[Fault] = []
_ids = itertools.count(1)


def add(spec: dict[str, Any]) -> Fault:
    """Validate and register a fault (the control API's body); raises ValueError."""
    allowed = {"method", "path", "kind", "status", "delay", "retryAfter", "times"}
    unknown = set(spec) - allowed
    if unknown:
        raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
    path, kind = spec.get("path"), spec.get("kind")
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError("path must be a pattern starting with /")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    method = spec.get("method")
    if method is not None and not isinstance(method, str):
        raise ValueError("method must be a string")
    status = _number(spec, "status", int, 500)
    if not 100 <= status <= 599:
        raise ValueError("status must be an HTTP status code")
    fault = Fault(
        id=next(_ids),
        path=path,
        kind=kind,
        method=method.upper() if method else None,
        status=status,
        delay=_number(spec, "delay", float, 1.0),
        retry_after=_number(spec, "retryAfter", float, None),
        times=_number(spec, "times", int, None),
    )
    if fault.times is not None and fault.times < 1:
        raise ValueError("times must be at least 1")
    with _lock:
        _faults.append(fault)
    return fault


def _number(spec: dict[str, Any], name: str, kind: type, default: Any) -> Any:
    value = spec.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{name} must be a non-negative number")
    return kind(value)


def parse_env(value: str) -> list[dict[str, Any]]:
    """`PUT /api/x/*=status:500;GET /api/routines=slow:3;/api/y=drop` into fault specs."""
    specs: list[dict[str, Any]] = []
    for entry in filter(None, (part.strip() for part in value.split(";"))):
        target, _, action = entry.rpartition("=")
        method, _, path = target.strip().rpartition(" ")
        kind, _, arg = action.strip().partition(":")
        spec: dict[str, Any] = {"path": path, "kind": kind}
        if method:
            spec["method"] = method
        if kind == "status" and arg:
            spec["status"] = int(arg)
        elif kind in ("slow", "late") and arg:
            spec["delay"] = float(arg)
        specs.append(spec)
    return specs


def load_env(value: str) -> None:
    """Register LOCAL_BACKEND_FAULTS; a bad value stops the server with a readable message."""
    try:
        for spec in parse_env(value):
            add(spec)
    except ValueError as exc:
        raise ConfigError(f"LOCAL_BACKEND_FAULTS: {exc}") from exc


def clear() -> None:
    with _lock:
        _faults.clear()


def take(method: str, path: str) -> Fault | None:
    """The first fault matching this request, counting one use of it."""
    with _lock:
        for fault in _faults:
            if fault.matches(method, path):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times == 0:
                        _faults.remove(fault)
                return fault
    return None


_GOTRUE_CODES = {400: "validation_failed", 401: "no_authorization", 403: "bad_jwt", 404: "not_found",
                 422: "validation_failed", 429: "over_request_rate_limit"}  # fmt: skip
_API_MESSAGES = {
    401: "Token validation failed",
    403: "Forbidden resource",
    429: "ThrottlerException: Too Many Requests",
}


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _status_body(status: int, path: str, query: str = "") -> bytes:
    if path.startswith("/auth/v1"):
        code = _GOTRUE_CODES.get(status, "unexpected_failure")
        message = "Request rate limit reached" if status == 429 else _phrase(status)
        if status >= 500:
            message = "Unexpected failure, please check server logs for more information"
        return json_bytes({"code": code, "error_code": code, "msg": message, "message": message})
    message = "Internal server error" if status >= 500 else _API_MESSAGES.get(status, _phrase(status))
    return json_bytes(error_body(status, message, f"{path}?{query}" if query else path))


def _seconds(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


class FaultMiddleware:
    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        fault = None if path.startswith("/__control__") else take(environ.get("REQUEST_METHOD", ""), path)
        if fault is None:
            return self.app(environ, start_response)
        if fault.kind == "slow":
            time.sleep(fault.delay)
            return self.app(environ, start_response)
        if fault.kind == "late":
            answer = self.app(environ, start_response)  # nothing is sent before the first chunk
            time.sleep(fault.delay)
            return answer
        if fault.kind == "drop":
            sock = environ.get(SOCKET_KEY)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            raise DropConnection(path)
        if fault.kind == "malformed":
            body, status, content_type = MALFORMED_BODY, 200, "text/html; charset=utf-8"
        else:
            status = 429 if fault.kind == "throttled" else fault.status
            body, content_type = (
                _status_body(status, path, environ.get("QUERY_STRING", "")),
                "application/json; charset=utf-8",
            )
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        if path.startswith("/auth/v1"):
            headers.append(("X-Supabase-Api-Version", "2024-01-01"))
        if fault.kind == "status" and status == 429 and fault.retry_after is not None:
            headers.append(("Retry-After", _seconds(fault.retry_after)))
        if fault.kind == "throttled":  # as production's throttler: Retry-After-long only
            headers.append(("Retry-After-long", _seconds(fault.retry_after or THROTTLED_SECONDS)))
        start_response(f"{status} {_phrase(status)}", headers)
        return [body]
