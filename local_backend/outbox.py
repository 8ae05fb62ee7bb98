"""Mail the stand-in "sends": kept in memory for the control API and printed to the log."""

from __future__ import annotations

import threading
from typing import Any

from local_backend.logsink import log
from local_backend.timeutil import iso, now

_lock = threading.Lock()
_messages: list[dict[str, Any]] = []


def send(to: str, kind: str, link: str) -> None:
    """Record a mail; the link is printed so a developer can follow it without a mail server."""
    message = {"to": to, "kind": kind, "link": link, "sentAt": iso(now())}
    with _lock:
        _messages.append(message)
    log(f"mail {kind} to {to}: {link}")


def messages() -> list[dict[str, Any]]:
    with _lock:
        return [dict(m) for m in _messages]


def clear() -> None:
    with _lock:
        _messages.clear()
