"""The current request's id and deadline, available to logging and the backend client without passing them
around."""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("request_id", default="-")
_deadline: ContextVar[float | None] = ContextVar("deadline", default=None)  # time.monotonic() value
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def new_request_id(incoming: str | None = None) -> str:
    """Keeps a well-formed id handed in by a proxy, otherwise makes one."""
    return incoming if incoming and _SAFE_ID.match(incoming) else uuid.uuid4().hex


def set_request_id(value: str) -> None:
    _request_id.set(value)


def get_request_id() -> str:
    return _request_id.get()


def set_deadline(seconds: float | None) -> None:
    """The current request may wait for the backend `seconds` from now, in all (None: no deadline)."""
    _deadline.set(None if seconds is None else time.monotonic() + seconds)


def time_left() -> float | None:
    """Seconds left before the current request's deadline (negative once past it); None without one."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True
