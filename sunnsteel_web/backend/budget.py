"""The backend's rate limit, shared fairly by everyone this server serves.

Production allows `BACKEND_RATE_LIMIT` calls (100) per `BACKEND_RATE_WINDOW` seconds (60) **per route per
client address**, and this server — every worker, every host behind one egress address — is one client. A
429 there refuses that route to every user. So the backend client asks `admit()` before each attempt, and
the counts live in the shared cache (Redis in production: `add` and `incr` are atomic, so every web process
sees one count):

- A route is the method and the path with its ids replaced (`PUT /workouts/sessions/:id/set-logs`), as the
  backend counts it. `BACKEND_RATE_SCOPE=address` counts every call in one bucket instead, for a backend
  that limits per client address only (the seed's contract; the local backend's limit before parity).
- The route's calls are counted in slots of a sixth of the window. A call goes ahead only while the slots
  that overlap the last window hold no more than the limit, so no span of one window ever sees more than the
  limit — however the backend's own window happens to be aligned. The count is taken first and given back
  when the call is refused, so two processes racing for the last call can both be refused, never both let
  through.
- Reads stop `BACKEND_WRITE_RESERVE` calls short of the limit: the last of a route's budget is spent on
  writes (set saves, finish), never on a page that can be shown from a cached copy.
- Each user (signed out: each client address) may make `BACKEND_USER_SHARE` reads per route per window and
  twice as many writes, so one user clicking through filters cannot spend the whole route for everyone.
- Hosts that reach the backend from different egress addresses have a budget each: `BACKEND_EGRESS` names
  the address a host's calls leave from (hosts sharing one address and one Redis share one budget).
- A 429 that says how long to wait (`Retry-After`, or production's `Retry-After-long`) closes the route for
  everyone until the wait is over (`block`): no process asks the backend again before then.

A refusal is the number of seconds to wait; the client turns it into `errors.RateLimited` without calling
the backend. `BACKEND_RATE_LIMIT=0` turns the budget off.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

SLOTS = 6  # a window is counted in this many slots
_ID_SEGMENT = re.compile(
    r"^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\d+)$"
)

clock: Callable[[], float] = time.time  # wall-clock seconds, the same in every process (tests move it)


def route_of(method: str, path: str) -> str:
    """ "PUT /workouts/sessions/:id/set-logs": the route a call is counted under (no query, no ids)."""
    if settings.BACKEND_RATE_SCOPE == "address":
        return "*"
    segments = path.split("?", 1)[0].split("/")
    return f"{method} " + "/".join(":id" if _ID_SEGMENT.match(s) else s for s in segments)


def admit(route: str, owner: str | None, *, write: bool) -> int | None:
    """Counts one call on `route` for `owner` (a user id or "ip:<address>"; None: nobody in particular).

    None when the call may go ahead; otherwise the whole seconds to wait before it may be tried again (the
    call is then not counted)."""
    limit = settings.BACKEND_RATE_LIMIT
    if limit <= 0:
        return None
    now = clock()
    window = float(settings.BACKEND_RATE_WINDOW)
    slot_length = window / SLOTS
    current = math.floor(now / slot_length)
    slot_keys = [f"budget:route:{_key(route)}:{slot}" for slot in range(current - SLOTS, current + 1)]
    # One round trip for what only needs reading: whether the route is closed, and the window's closed slots
    # (no call counts in them any more, so reading them before counting this one changes nothing).
    read = cache.get_many([_blocked_key(route), *slot_keys[:-1]])
    blocked_until = read.pop(_blocked_key(route), None)
    if blocked_until is not None and blocked_until > now:
        return _seconds(blocked_until - now)
    user_key = None
    if owner:
        share = settings.BACKEND_USER_SHARE * (2 if write else 1)
        period = math.floor(now / window)
        user_key = f"budget:user:{owner}:{_key(route)}:{period}"
        if _incr(user_key, window) > share:
            _decr(user_key)
            return _seconds((period + 1) * window - now)
    ceiling = limit if write else limit - settings.BACKEND_WRITE_RESERVE
    counted = _incr(slot_keys[-1], window + slot_length)
    earlier = read
    if counted + sum(int(v) for v in earlier.values()) <= ceiling:
        return None
    _decr(slot_keys[-1])
    if user_key:
        _decr(user_key)
    # The oldest counted slot leaves the window first.
    oldest = next((current - SLOTS + i for i, key in enumerate(slot_keys[:-1]) if earlier.get(key)), current)
    return _seconds((oldest + 1) * slot_length + window - now)


def block(route: str, seconds: float) -> None:
    """The backend refused `route` and said to wait `seconds`: nobody asks it on that route before then."""
    if settings.BACKEND_RATE_LIMIT <= 0 or seconds <= 0:
        return
    cache.set(_blocked_key(route), clock() + seconds, timeout=math.ceil(seconds))


def _blocked_key(route: str) -> str:
    return f"budget:blocked:{_key(route)}"


def _key(route: str) -> str:
    egress = settings.BACKEND_EGRESS
    key = route.replace(" ", ":")  # cache keys have no spaces
    return f"{egress}:{key}" if egress else key


def _incr(key: str, ttl: float) -> int:
    cache.add(key, 0, timeout=math.ceil(ttl))
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=math.ceil(ttl))
        return 1


def _decr(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:
        pass  # expired meanwhile: nothing left to give back


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))
