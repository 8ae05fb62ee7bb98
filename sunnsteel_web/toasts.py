"""What the user reads when something happens: the seed's error-to-toast table, and toasts as messages.

The messages framework is the only notification channel; a toast is how a message is drawn (in the page
for a full load, from an `HX-Trigger` event for an htmx request). A message's title rides in `extra_tags`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from sunnsteel_web.backend import errors

DEFAULT_TITLES = {
    "error": "Error",
    "warning": "Warning",
    "success": "Done",
    "info": "Notice",
    "debug": "Debug",
}
UNAVAILABLE = "The workout service is not answering. Your entries are kept — please try again in a moment."


@dataclass(frozen=True)
class Toast:
    title: str
    message: str
    level: str = "error"
    link: str = ""  # a same-site path to go on from here ("See its summary"), with its text
    link_text: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def toast_for(error: Exception) -> Toast:
    """The seed's `handleApiError`: a title and a message per kind of failure."""
    title, message = "Error", "An unexpected error occurred"
    if isinstance(error, errors.ActiveSessionConflict):
        title = "Active Session Conflict"
        message = "You already have an active workout session. Please finish it before starting a new one."
    elif isinstance(error, errors.SignInUnavailable):
        title, message = "Service Unavailable", "The sign-in service is not answering. " + _KEPT
    elif isinstance(error, errors.BackendTimeout):
        title, message = "Service Unavailable", "The workout service is taking too long to answer. " + _KEPT
    elif isinstance(error, errors.BackendUnavailable):
        title, message = "Service Unavailable", UNAVAILABLE
    elif isinstance(error, errors.ApiError):
        title, by_status = _BY_STATUS.get(error.status, ("Error", None))
        if by_status is None or error.status in (409, 422):
            message = error.message or by_status or "An unexpected error occurred"
        else:
            message = by_status
        if error.status >= 500:
            title, message = "Server Error", "A server error occurred. Please try again later"
        wait = _wait_hint(error)
        if wait:
            message = f"Too many requests. Please wait {wait} and try again"
    elif str(error):
        message = str(error)
    action_failed = getattr(error, "custom_message", None)
    if action_failed and not isinstance(error, errors.NotAuthenticated):
        # Said by the view for its action (failure_message): what failed first, then why, in the seed's words.
        message = f"{action_failed} {message}"
    return Toast(title=title, message=message)


_KEPT = "Your entries are kept — please try again."


def _wait_hint(error: errors.ApiError) -> str | None:
    """How long a rate-limited user should wait, from the backend's Retry-After(-long), in words."""
    seconds = error.retry_after if isinstance(error, errors.RateLimited) else None
    if seconds is None or seconds < 1:
        return None
    whole = round(seconds)
    if whole < 90:
        return f"{whole} second{'s' if whole != 1 else ''}"
    return f"{round(whole / 60)} minutes"


_BY_STATUS: dict[int, tuple[str, str | None]] = {
    401: ("Authentication Error", "Please sign in to continue"),
    403: ("Permission Denied", "You do not have permission to perform this action"),
    404: ("Not Found", "The requested resource was not found"),
    409: ("Conflict", "A conflict occurred with your request"),
    422: ("Validation Error", "Please check your input and try again"),
    429: ("Rate Limited", "Too many requests. Please wait a moment and try again"),
    500: ("Server Error", "A server error occurred. Please try again later"),
}


def stale_toast(request: HttpRequest) -> Toast | None:
    """When a page showed the last good copy of an answer that could not be refreshed: says as of when."""
    from sunnsteel_web.timezones import request_zone  # the user's clock

    as_of = getattr(getattr(request, "api", None), "stale_as_of", None)
    if as_of is None:
        return None
    clock = datetime.fromtimestamp(as_of, request_zone(request)).strftime("%H:%M")
    return Toast(title="Possibly out of date", message=f"As of {clock} — could not refresh.", level="warning")


def stale_notice(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `stale_notice`, read at the end of the page (toasts.html), after every call."""
    return {"stale_notice": lambda: stale_toast(request)}


@contextmanager
def failure_message(message: str) -> Iterator[None]:
    """The seed's `customMessage`: a backend failure inside this block is told starting with `message`
    ("Failed to save set log."), then why, wherever it is finally handled."""
    try:
        yield
    except errors.ApiError as exc:
        exc.custom_message = message
        raise


_PARTS = "\x1f"  # between a message's title and its link in `extra_tags` (never in a title)


def add_toast(request: HttpRequest, toast: Toast) -> None:
    level = getattr(messages, toast.level.upper(), messages.INFO)
    tags = toast.title if not toast.link else _PARTS.join((toast.title, toast.link, toast.link_text))
    messages.add_message(request, level, toast.message, extra_tags=tags)


def notify(request: HttpRequest, message: str, *, title: str | None = None, level: str = "success") -> None:
    add_toast(
        request, Toast(title=title or DEFAULT_TITLES.get(level, "Notice"), message=message, level=level)
    )


def pending_toasts(request: HttpRequest) -> list[dict[str, Any]]:
    """Consumes the request's pending messages as toast dicts; identical ones are told once."""
    toasts: list[dict[str, Any]] = []
    for m in messages.get_messages(request):
        title, link, link_text = ((m.extra_tags or "").split(_PARTS) + ["", ""])[:3]
        toast = {
            "title": title or DEFAULT_TITLES.get(m.level_tag, "Notice"),
            "message": str(m.message),
            "level": m.level_tag or "info",
        }
        if link:
            toast.update(link=link, link_text=link_text)
        if toast not in toasts:
            toasts.append(toast)
    return toasts


def page_toasts(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the toasts a full page draws (templates/toasts.html)."""
    return {"page_toasts": pending_toasts(request)}
