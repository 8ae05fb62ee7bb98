"""JSON responses shaped like the production NestJS backend's.

Compact JSON (no spaces), `application/json; charset=utf-8`, an explicit Content-Length, and the
error body `{statusCode, message, code?, params?, timestamp, path}`.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

from local_backend.timeutil import iso, now

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class ApiError(Exception):
    """A refusal the API answers with the production error body."""

    def __init__(
        self, status: int, message: str, *, code: str | None = None, params: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.params = params


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    body = json_bytes(data)
    response = HttpResponse(body, status=status, content_type=JSON_CONTENT_TYPE)
    response["Content-Length"] = str(len(body))
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def empty_response(status: int = 200) -> HttpResponse:
    """A body-less answer with no Content-Type, as NestJS sends for a handler returning null."""
    response = HttpResponse(b"", status=status)
    del response["Content-Type"]
    response["Content-Length"] = "0"
    return response


def error_body(
    status: int, message: str, path: str, *, code: str | None = None, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"statusCode": status, "message": message}
    if code is not None:
        body["code"] = code
    if params is not None:
        body["params"] = params
    body["timestamp"] = iso(now())
    body["path"] = path
    return body


def error_response(error: ApiError, path: str) -> HttpResponse:
    return json_response(
        error_body(error.status, error.message, path, code=error.code, params=error.params), error.status
    )


def num(value: float | int | None) -> float | int | None:
    """A number as JavaScript would print it: 60.0 becomes 60."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
