"""The backend's rate limit, shared fairly by everyone this server serves.

Production allows `BACKEND_RATE_LIMIT` calls (100) per `BACKEND_RATE_WINDOW` seconds (60) **per route per
client address**, and this server — every worker, every host behind one egress address — is one client. A
429 there refuses that route to every user. So the backend client asks `admit()` before each attempt, and
the counts live in the shared cache (Redis in production: `add` and `incr` are atomic, so every web process
sees one count; the check and the count are one atomic script there, one round trip per call):

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
  twice as many writes, so one user clicking through filters cannot spend the whole route for everyone. A
  user's calls are counted in the same slots, so a share is never given twice in one window (a count per
  clock minute gave a second share to whoever crossed a minute's end).
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
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core.cache import cache, caches

from sunnsteel_web.cache import RedisCache

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
    call is then not counted). With Redis the whole check and count is one atomic script (one round trip);
    another cache (one process: development, tests) counts first and gives the count back when refused."""
    limit = settings.BACKEND_RATE_LIMIT
    if limit <= 0:
        return None
    now = clock()
    window = float(settings.BACKEND_RATE_WINDOW)
    slot_length = window / SLOTS
    current = math.floor(now / slot_length)
    slots = range(current - SLOTS, current + 1)
    ask = _Ask(
        blocked_key=_blocked_key(route),
        slot_keys=[f"budget:route:{_key(route)}:{slot}" for slot in slots],
        user_keys=[f"budget:user:{owner}:{_key(route)}:{slot}" for slot in slots] if owner else [],
        share=settings.BACKEND_USER_SHARE * (2 if write else 1),
        ceiling=limit if write else limit - settings.BACKEND_WRITE_RESERVE,
        slot_ttl=math.ceil(window + slot_length),
    )
    backend = caches["default"]
    refusal = _ask_redis(backend, ask, now) if isinstance(backend, RedisCache) else _ask_cache(ask, now)
    if refusal is None:
        return None
    reason, value = refusal
    if reason == "blocked":  # value: until when, in milliseconds
        return _seconds(value / 1000 - now)
    # The user's share or the route's window is spent: the oldest slot with calls in it leaves the window
    # first (value: its index, -1 for none).
    oldest = current - SLOTS + value if value >= 0 else current
    return _seconds((oldest + 1) * slot_length + window - now)


@dataclass(frozen=True)
class _Ask:
    blocked_key: str
    slot_keys: list[str]  # the route's slots, oldest first; the last is the current one, counted in
    user_keys: list[str]  # the user's, the same slots (none: nobody in particular)
    share: int
    ceiling: int
    slot_ttl: int


type _Refusal = tuple[Literal["blocked", "share", "full"], int]

# KEYS: the route's block, the route's slots, then the user's slots (each oldest first, the current one
# last; as many of each, or no user slots). ARGV: now (ms), the number of route slots, the user's share,
# the route's ceiling, a slot's lifetime (s). Returns {0} admitted (both counted), {1, until ms} route
# closed, {2 or 3, index of the oldest slot with calls or -1} the user's share or the window spent.
_ADMIT = """
local blocked = tonumber(redis.call('GET', KEYS[1]))
if blocked and blocked > tonumber(ARGV[1]) then return {1, blocked} end
local slots = tonumber(ARGV[2])
local function spent(first, limit)
  local counted, oldest = 1, -1
  for i = first, first + slots - 1 do
    local calls = tonumber(redis.call('GET', KEYS[i])) or 0
    if calls > 0 and oldest < 0 and i < first + slots - 1 then oldest = i - first end
    counted = counted + calls
  end
  if counted > limit then return oldest end
  return nil
end
local has_user = #KEYS > 1 + slots
if has_user then
  local oldest = spent(2 + slots, tonumber(ARGV[3]))
  if oldest then return {2, oldest} end
end
local oldest = spent(2, tonumber(ARGV[4]))
if oldest then return {3, oldest} end
local function count(key) if redis.call('INCR', key) == 1 then redis.call('EXPIRE', key, ARGV[5]) end end
count(KEYS[1 + slots])
if has_user then count(KEYS[#KEYS]) end
return {0}
"""
_REASONS: dict[int, Literal["blocked", "share", "full"]] = {1: "blocked", 2: "share", 3: "full"}


def _ask_redis(backend: RedisCache, ask: _Ask, now: float) -> _Refusal | None:
    """Checks and counts in one atomic script: no process counts in between, so nothing is given back."""
    keys = [ask.blocked_key, *ask.slot_keys, *ask.user_keys]
    args = [math.floor(now * 1000), len(ask.slot_keys), ask.share, ask.ceiling, ask.slot_ttl]
    answer = backend.run_script(_ADMIT, keys, args)
    code = int(answer[0])
    return None if code == 0 else (_REASONS[code], int(answer[1]) if len(answer) > 1 else 0)


def _ask_cache(ask: _Ask, now: float) -> _Refusal | None:
    """The same with `add`/`incr`/`decr`: the count is taken first and given back when the call is refused,
    so two processes racing for the last call can both be refused, never both let through."""
    # One round trip for what only needs reading: whether the route is closed, and the window's closed slots
    # (no call counts in them any more, so reading them before counting this one changes nothing).
    earlier_keys, earlier_user_keys = ask.slot_keys[:-1], ask.user_keys[:-1]
    read = cache.get_many([ask.blocked_key, *earlier_keys, *earlier_user_keys])
    blocked_until = read.get(ask.blocked_key)
    if blocked_until is not None and blocked_until > now * 1000:
        return "blocked", int(blocked_until)
    if ask.user_keys:
        mine = _incr(ask.user_keys[-1], ask.slot_ttl)
        if mine + _calls(read, earlier_user_keys) > ask.share:
            _decr(ask.user_keys[-1])
            return "share", _oldest(read, earlier_user_keys)
    counted = _incr(ask.slot_keys[-1], ask.slot_ttl)
    if counted + _calls(read, earlier_keys) <= ask.ceiling:
        return None
    _decr(ask.slot_keys[-1])
    if ask.user_keys:
        _decr(ask.user_keys[-1])
    return "full", _oldest(read, earlier_keys)


def _calls(read: dict[str, int], keys: list[str]) -> int:
    return sum(int(read.get(key, 0)) for key in keys)


def _oldest(read: dict[str, int], keys: list[str]) -> int:
    """The index of the oldest of `keys` with calls counted in it, -1 for none."""
    return next((i for i, key in enumerate(keys) if read.get(key)), -1)


def block(route: str, seconds: float) -> None:
    """The backend refused `route` and said to wait `seconds`: nobody asks it on that route before then."""
    if settings.BACKEND_RATE_LIMIT <= 0 or seconds <= 0:
        return
    # Until when, in whole milliseconds: an integer, which the Redis script reads as a number.
    cache.set(_blocked_key(route), math.floor((clock() + seconds) * 1000), timeout=math.ceil(seconds))


def _blocked_key(route: str) -> str:
    return f"budget:blocked:{_key(route)}"


def _key(route: str) -> str:
    egress = settings.BACKEND_EGRESS
    key = route.replace(" ", ":")  # cache keys have no spaces
    return f"{egress}:{key}" if egress else key


def _incr(key: str, ttl: int) -> int:
    cache.add(key, 0, timeout=ttl)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=ttl)
        return 1


def _decr(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:
        pass  # expired meanwhile: nothing left to give back


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))
