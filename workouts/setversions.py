"""Which edit of a set is the newest, so a stale save never wins (issue 10, items 5, 6 and 10).

Every save or clear of a set row carries a version: the moment of the edit in milliseconds (the browser's
clock corrected to the server's, or the server's clock for a form sent without JavaScript). The web app keeps,
per user and set, the newest version it has been asked to write (the state cache, shared by every web process)
and what came of it. Before any backend call:

- an older version than the newest is *stale*: it is not sent; the answer is the newest values, and the tab
  that sent it shows them (another tab or device edited the set later);
- the same version again, already written, is a *duplicate* (the page-leave beacon and the restore after a
  reload both send the kept set): answered from what was written, with no backend call; still being written
  by another request: the browser is asked to check again shortly;
- otherwise it is written (exactly one `PUT`/`DELETE`). Should an older write still in flight end after a
  newer one was claimed (two tabs saving the same set at once, or a phone that gave up on a save and sent
  the next edit while the first was still on its way), either may have landed last: once both have ended,
  the newest values are written again (at once when the newer was already confirmed, else as soon as it
  is), and the older tab is told the newest. Such a write again is claimed like any write, so an edit made
  while it is on its way still wins; should it fail, the set is left a failed write of those values (the
  browser's Retry writes it, and so does Finish).

A save the web app gave up on after its read timeout may still reach the backend later, after a newer save,
and overwrite it; the backend keeps no versions. So a timeout puts the set *in doubt* for
`BACKEND_STALE_WRITE_WINDOW` seconds (longer than a late request can take to land). A newer write made while
in doubt is written again once the window has passed (the browser asks for it with `reassert`, also a tab
told of a newer edit in doubt; finishing the workout does it first, without waiting), so the newest values
are what the backend keeps whatever order the requests land in. A timeout that ends after a newer edit was
claimed puts that newer edit in doubt for as long. The doubt ends with a write *sent* after the window,
however late its answer. Only a timeout or two writes of one set in flight at once cost a second call: the
normal path stays one per set.

The records live in the state cache (STATE_CACHE_URL, never evicted): a record lost to make room for
cached answers would let a stale edit through and forget a doubt.

Claiming and settling are each one atomic step, so two web processes can never both claim the same edit.
With Redis (production: STATE_CACHE_URL) each is one script, one round trip, the record kept as JSON for the
script to read; with an in-process cache (one development process) the same rules run under a lock.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal, cast

from django.conf import settings

from sunnsteel_web.cache import RedisCache
from sunnsteel_web.state import state_cache

KEEP_SECONDS = 48 * 60 * 60  # as long as the backend keeps an idle session open
PENDING_SECONDS = 30  # a write that never reported back stops blocking its version after this
# Versions are milliseconds since 1970; Redis's cjson keeps 14 significant digits, so larger ones would not
# come back exact. Far beyond any clock (the year 5138); the forms refuse more.
MAX_VERSION = 10**14 - 1

State = Literal["pending", "saved", "cleared", "failed"]
Outcome = Literal["write", "stale", "duplicate", "busy", "wait"]
Settled = Literal["settled", "newer", "again"]


@dataclass
class SetRecord:
    version: int
    state: State
    values: dict[str, str] = field(default_factory=dict)  # as typed, in the user's unit
    log: dict[str, Any] | None = None  # the backend's answer for a saved set
    doubt_until: float = 0.0  # a timed-out write may still land until then
    claimed_at: float = 0.0
    raced: bool = False  # an older write that may have landed ended while this one was being written
    clearing: bool = False  # a clear (no log to write): a failed one is still known to be written again

    @property
    def confirmed(self) -> bool:
        return self.state in ("saved", "cleared")

    def in_doubt(self, now: float | None = None) -> bool:
        return self.doubt_until > (time.time() if now is None else now)


def now_ms() -> int:
    return int(time.time() * 1000)


def get(user_id: str, set_key: str) -> SetRecord | None:
    return get_many(user_id, [set_key]).get(set_key)


def get_many(user_id: str, set_keys: Iterable[str]) -> dict[str, SetRecord]:
    keys = {_key(user_id, key): key for key in set_keys}
    if not keys:
        return {}
    redis = _redis()
    if redis is None:
        found = state_cache().get_many(list(keys))
    else:
        raws = redis.run_script(_READ, list(keys), [])
        found = {key: json.loads(raw) for key, raw in zip(keys, raws, strict=True) if raw is not None}
    return {keys[k]: SetRecord(**v) for k, v in found.items() if isinstance(v, dict)}


def put(user_id: str, set_key: str, record: SetRecord) -> None:
    redis = _redis()
    if redis is None:
        state_cache().set(_key(user_id, set_key), asdict(record), KEEP_SECONDS)
    else:
        redis.run_script(_WRITE, [_key(user_id, set_key)], [_json(record), KEEP_SECONDS])


def claim(
    user_id: str,
    set_key: str,
    version: int,
    values: dict[str, str],
    *,
    reassert: bool = False,
    in_doubt_too: bool = False,
    clearing: bool = False,
) -> tuple[Outcome, SetRecord | None]:
    """Decides what to do with a write of `version`; for "write", the set is marked as being written (the
    record returned), otherwise the record that decided it is returned. `reassert`: write a confirmed edit
    again, once no late request can land; `in_doubt_too`: even before (finishing: the backend refuses any
    request still on its way once the session is finished); `clearing`: the write is a clear."""
    now = time.time()
    wanted = SetRecord(version=version, state="pending", values=values, claimed_at=now, clearing=clearing)
    mode = 2 if in_doubt_too else int(reassert)
    redis = _redis()
    if redis is not None:
        args = [now, version, PENDING_SECONDS, mode, _json(wanted), KEEP_SECONDS]
        outcome, raw = redis.run_script(_CLAIM, [_key(user_id, set_key)], args)
        return cast(Outcome, outcome.decode()), SetRecord(**json.loads(raw))
    with _lock:
        current = get(user_id, set_key)
        outcome = _outcome(current, version, now, mode)
        if outcome != "write":
            return outcome, current
        wanted.doubt_until = current.doubt_until if current is not None else 0.0
        put(user_id, set_key, wanted)
        return "write", wanted


def settle(
    user_id: str, set_key: str, record: SetRecord, state: State, log: dict[str, Any] | None
) -> SetRecord | None:
    """Records how a write of `record.version` ended (in `record` too), unless a newer one has been claimed
    meanwhile (then `record` is left as it was, pending). Returns the record whose values the caller must
    write again now, if any:

    - the newer record, when a newer write was confirmed before this older one ended as written: the older
      may have landed last;
    - this record, when an older write that may have landed ended while this one was being written.

    A write that ends after a newer edit was claimed marks that newer record: raced when this one was written
    while the newer is still being written (written again once it is), in doubt for as long as this one is
    when this one timed out (written again once a late request can no longer land)."""
    ended = replace(record, state=state, log=log)
    redis = _redis()
    if redis is not None:
        outcome, raw = redis.run_script(_SETTLE, [_key(user_id, set_key)], [_json(ended), KEEP_SECONDS])
        settled: Settled = cast(Settled, outcome.decode())
        stored = SetRecord(**json.loads(raw))
    else:
        with _lock:
            current = get(user_id, set_key)
            settled, stored = _settled(current, ended)
            if stored is not current:
                put(user_id, set_key, stored)
    if settled == "newer":
        return stored if stored.confirmed and ended.confirmed else None
    record.state, record.log, record.doubt_until, record.raced = state, log, stored.doubt_until, False
    return record if settled == "again" else None


def timed_out(user_id: str, set_key: str, record: SetRecord, log: dict[str, Any] | None = None) -> None:
    """The backend did not answer in time: the write may still land, for up to the window."""
    record.doubt_until = time.time() + settings.BACKEND_STALE_WRITE_WINDOW
    settle(user_id, set_key, record, "failed", log)


def seconds_in_doubt(record: SetRecord) -> float:
    return max(0.0, record.doubt_until - time.time())


def _settled(current: SetRecord | None, ended: SetRecord) -> tuple[Settled, SetRecord]:
    """The rules of a settle (the same as _SETTLE's): what the caller does, and the record to store."""
    if current is not None and current.version > ended.version:
        if ended.confirmed and current.state == "pending":  # it may have landed after the newer one
            current = replace(current, raced=True)
        if ended.doubt_until > current.doubt_until:  # timed out: it may yet land after the newer one
            current = replace(current, doubt_until=ended.doubt_until)
        return "newer", current
    if current is not None and current.version == ended.version:  # what a later settle marked
        ended = replace(ended, doubt_until=max(ended.doubt_until, current.doubt_until), raced=current.raced)
    if ended.confirmed and ended.claimed_at >= ended.doubt_until:
        ended.doubt_until = 0.0  # sent after any late request could land: nothing left in doubt
    if ended.confirmed and ended.raced:
        return "again", replace(ended, raced=False)
    return "settled", ended


def _outcome(current: SetRecord | None, version: int, now: float, mode: int) -> Outcome:
    """The rules of a claim (the same as _CLAIM's, for an in-process cache). `mode`: 0 a plain write, 1 a
    reassert, 2 a reassert even in doubt."""
    if current is None or version > current.version:
        return "write"
    if version < current.version:
        return "stale"
    if current.state == "pending" and now - current.claimed_at < PENDING_SECONDS:
        return "busy"
    if current.confirmed and not mode:
        return "duplicate"
    if current.confirmed and mode == 1 and current.in_doubt(now):
        return "wait"  # written again only once a late request can no longer land
    return "write"


# The same rules in Redis, atomically. KEYS[1] the set's record. ARGV: now (s), the version, PENDING_SECONDS,
# the mode (0 plain, 1 reassert, 2 reassert even in doubt), the record to claim with (JSON), its lifetime (s).
# Returns {outcome, the record (JSON)}.
_CLAIM = """
local raw = redis.call('GET', KEYS[1])
local now, version = tonumber(ARGV[1]), tonumber(ARGV[2])
local wanted = cjson.decode(ARGV[5])
if raw then
  local current = cjson.decode(raw)
  if version < current.version then return {'stale', raw} end
  if version == current.version then
    local confirmed = current.state == 'saved' or current.state == 'cleared'
    local pending = current.state == 'pending' and now - current.claimed_at < tonumber(ARGV[3])
    if pending then return {'busy', raw} end
    if confirmed and ARGV[4] == '0' then return {'duplicate', raw} end
    if confirmed and ARGV[4] == '1' and current.doubt_until > now then return {'wait', raw} end
  end
  wanted.doubt_until = current.doubt_until
end
local record = cjson.encode(wanted)
redis.call('SET', KEYS[1], record, 'EX', ARGV[6])
return {'write', record}
"""
# The same rules as _settled, atomically. KEYS[1] the set's record. ARGV: the ended record (JSON), its
# lifetime (s). Returns {'settled' | 'newer' | 'again', the record stored (JSON)}.
_SETTLE = """
local ended = cjson.decode(ARGV[1])
local confirmed = ended.state == 'saved' or ended.state == 'cleared'
local raw = redis.call('GET', KEYS[1])
if raw then
  local current = cjson.decode(raw)
  if current.version > ended.version then
    local marked = confirmed and current.state == 'pending'
    if marked then current.raced = true end
    if ended.doubt_until > current.doubt_until then current.doubt_until, marked = ended.doubt_until, true end
    if marked then
      raw = cjson.encode(current)
      redis.call('SET', KEYS[1], raw, 'EX', ARGV[2])
    end
    return {'newer', raw}
  end
  if current.version == ended.version then
    ended.doubt_until = math.max(ended.doubt_until, current.doubt_until)
    ended.raced = current.raced == true
  end
end
if confirmed and ended.claimed_at >= ended.doubt_until then ended.doubt_until = 0 end
local outcome = 'settled'
if confirmed and ended.raced == true then outcome, ended.raced = 'again', false end
local record = cjson.encode(ended)
redis.call('SET', KEYS[1], record, 'EX', ARGV[2])
return {outcome, record}
"""
_READ = "return redis.call('MGET', unpack(KEYS))"
_WRITE = "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])"

_lock = threading.Lock()  # an in-process cache's claims and settles, one at a time


def _redis() -> RedisCache | None:
    backend = state_cache()
    return backend if isinstance(backend, RedisCache) else None


def _key(user_id: str, set_key: str) -> str:
    # Not "setver:", where records were pickled, which the scripts cannot read: those are left to expire.
    return f"setversion:{user_id}:{set_key}"


def _json(record: SetRecord) -> str:
    return json.dumps(asdict(record), separators=(",", ":"))
