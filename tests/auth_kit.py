"""Helpers for tests about the sign-in's tokens: make a renewal due without waiting for the clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.test import Client

from accounts.tokens import SESSION_KEY


def make_renewal_due(client: Client, seconds_left: int = 30) -> None:
    """The access token kept in this test client's session has `seconds_left` to live (inside the refresh
    margin): the next request renews it. The token itself stays valid at the backend."""
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "expires_at": int(time.time()) + seconds_left}
    session.save()


def make_renewal_due_for_cookie(session_key: str, seconds_left: int = 30) -> None:
    """The same for a browser known by its session cookie (a real HTTP client of a web server that shares
    this process's session store)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
    store[SESSION_KEY] = {**store[SESSION_KEY], "expires_at": int(time.time()) + seconds_left}
    store.save()


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Waits for a condition (a request-log entry, a server's answer), never for a fixed time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not come true in time")
        time.sleep(0.05)
