"""Sign-in and sign-up attempts per client address and per email, counted in Django's cache.

In the state cache: with STATE_CACHE_URL (Redis) the limit holds across every web process.
"""

from __future__ import annotations

import hashlib

from django.conf import settings

from sunnsteel_web.state import state_cache

WINDOW_SECONDS = 60


def attempt_allowed(action: str, *, ip: str | None, email: str) -> bool:
    """Counts one attempt; False when this address or this email has used up the minute's allowance."""
    limit = settings.AUTH_ATTEMPTS_PER_MINUTE
    keys = [f"auth-attempts:{action}:ip:{ip or 'unknown'}", f"auth-attempts:{action}:email:{_digest(email)}"]
    allowed = True
    for key in keys:
        if state_cache().add(key, 1, timeout=WINDOW_SECONDS):
            count = 1
        else:
            try:
                count = state_cache().incr(key)
            except ValueError:  # expired between add and incr
                state_cache().add(key, 1, timeout=WINDOW_SECONDS)
                count = 1
        allowed = allowed and count <= limit
    return allowed


def _digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]
