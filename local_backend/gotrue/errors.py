"""GoTrue's error answers: `{code, error_code, msg, message}` plus the API version header.

supabase-py only reads `code` when the response carries `X-Supabase-Api-Version: 2024-01-01`;
every /auth/v1 response carries it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from local_backend.responses import json_response

API_VERSION_HEADER = "X-Supabase-Api-Version"
API_VERSION = "2024-01-01"


class GoTrueError(Exception):
    def __init__(self, status: int, code: str, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra or {}


def gotrue_json(data: Any, status: int = 200) -> HttpResponse:
    return json_response(data, status, {API_VERSION_HEADER: API_VERSION})


def gotrue_error_response(error: GoTrueError) -> HttpResponse:
    body: dict[str, Any] = {
        "code": error.code,
        "error_code": error.code,
        "msg": error.message,
        "message": error.message,
        **error.extra,
    }
    return gotrue_json(body, error.status)
