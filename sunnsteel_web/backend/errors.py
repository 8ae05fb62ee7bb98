"""A small exception hierarchy that mirrors HTTP, raised by the backend client for every failure.

Views let these propagate: `BackendErrorMiddleware` turns them into a toast or an error page. A view catches
one only when it can do better, e.g. putting a rejection's message on the form that caused it.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Any failed backend call. `status` is the HTTP status (0 when no answer came)."""

    status: int = 0

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = None,
        code: str | None = None,
        body: Any = None,
        route: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.code = code
        self.body = body
        self.route = route  # "METHOD /path" of the backend call, for logs
        self.custom_message: str | None = None  # what the user reads instead (see toasts.failure_message)

    def __str__(self) -> str:
        return f"{self.route} -> {self.status}: {self.message}"


class BackendUnavailable(ApiError):
    """No usable answer: connection refused or dropped, timeout, or a body that is not JSON."""


class SignInUnavailable(BackendUnavailable):
    """The backend refused an expired token and Supabase Auth did not answer to renew it: whether the
    sign-in is still good is not known, so nobody is signed out."""


class BackendTimeout(BackendUnavailable):
    """The backend did not answer within the read timeout."""


class BadRequest(ApiError):
    status = 400


class NotAuthenticated(ApiError):
    status = 401


class PermissionDenied(ApiError):
    status = 403


class NotFound(ApiError):
    status = 404


class Conflict(ApiError):
    status = 409


class ActiveSessionConflict(Conflict):
    """Starting a workout while another one is in progress (a 409, or a reused session of another day)."""

    def __init__(self, active_session: Any, **kwargs: Any) -> None:
        kwargs.setdefault("message", "An active workout session already exists")
        super().__init__(**kwargs)
        self.active_session = active_session


class Unprocessable(ApiError):
    status = 422


class RateLimited(ApiError):
    status = 429

    def __init__(self, message: str = "", *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(ApiError):
    status = 500


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: NotAuthenticated,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    422: Unprocessable,
    429: RateLimited,
}


def error_class_for(status: int) -> type[ApiError]:
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ApiError)
