"""Which edit of a set is the newest, so a stale save never wins (issue 10, items 5, 6 and 10).

Every save or clear of a set row carries a version: the moment of the edit in milliseconds (the browser's
clock corrected to the server's, or the server's clock for a form sent without JavaScript). The web app keeps,
per user and set, the newest version it has been asked to write (Django's cache, shared by every web process)
and what came of it. Before any backend call:

- an older version than the newest is *stale*: it is not sent; the answer is the newest values, and the tab
  that sent it shows them (another tab or device edited the set later);
- the same version again, already written, is a *duplicate* (the page-leave beacon and the restore after a
  reload both send the kept set): answered from what was written, with no backend call; still being written
  by another request: the browser is asked to check again shortly;
- otherwise it is written (exactly one `PUT`/`DELETE`). Should an older write still in flight end after a
  newer one was confirmed (two tabs saving the same set at once), the older may have landed last: the newest
  values are written again at once, and the older tab is told the newest.

A save the web app gave up on after its read timeout may still reach the backend later, after a newer save,
and overwrite it; the backend keeps no versions. So a timeout puts the set *in doubt* for
`BACKEND_STALE_WRITE_WINDOW` seconds (longer than a late request can take to land). A newer write made while
in doubt is written again once the window has passed (the browser asks for it with `reassert`; finishing the
workout does it first as well), so the newest values are what the backend keeps whatever order the requests
land in. Only a timeout costs that second call: the normal path stays one call per set.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.core.cache import cache

KEEP_SECONDS = 48 * 60 * 60  # as long as the backend keeps an idle session open
PENDING_SECONDS = 30  # a write that never reported back stops blocking its version after this

State = Literal["pending", "saved", "cleared", "failed"]
Outcome = Literal["write", "stale", "duplicate", "busy", "wait"]


@dataclass
class SetRecord:
    version: int
    state: State
    values: dict[str, str] = field(default_factory=dict)  # as typed, in the user's unit
    log: dict[str, Any] | None = None  # the backend's answer for a saved set
    doubt_until: float = 0.0  # a timed-out write may still land until then
    claimed_at: float = 0.0

    @property
    def confirmed(self) -> bool:
        return self.state in ("saved", "cleared")

    def in_doubt(self, now: float | None = None) -> bool:
        return self.doubt_until > (time.time() if now is None else now)


def now_ms() -> int:
    return int(time.time() * 1000)


def _key(user_id: str, set_key: str) -> str:
    return f"setver:{user_id}:{set_key}"


def get(user_id: str, set_key: str) -> SetRecord | None:
    raw = cache.get(_key(user_id, set_key))
    return SetRecord(**raw) if isinstance(raw, dict) else None


def get_many(user_id: str, set_keys: Iterable[str]) -> dict[str, SetRecord]:
    keys = {_key(user_id, key): key for key in set_keys}
    found = cache.get_many(list(keys))
    return {keys[k]: SetRecord(**v) for k, v in found.items() if isinstance(v, dict)}


def put(user_id: str, set_key: str, record: SetRecord) -> None:
    cache.set(_key(user_id, set_key), asdict(record), KEEP_SECONDS)


def claim(
    user_id: str, set_key: str, version: int, values: dict[str, str], *, reassert: bool = False
) -> tuple[Outcome, SetRecord | None]:
    """Decides what to do with a write of `version`; for "write", the set is marked as being written."""
    now = time.time()
    current = get(user_id, set_key)
    if current is not None:
        if version < current.version:
            return "stale", current
        if version == current.version:
            if current.state == "pending" and now - current.claimed_at < PENDING_SECONDS:
                return "busy", current
            if current.confirmed and not reassert:
                return "duplicate", current
            if current.confirmed and current.in_doubt(now):
                return "wait", current  # written again only once a late request can no longer land
    doubt = current.doubt_until if current is not None else 0.0
    record = SetRecord(version=version, state="pending", values=values, doubt_until=doubt, claimed_at=now)
    put(user_id, set_key, record)
    return "write", record


def settle(
    user_id: str, set_key: str, record: SetRecord, state: State, log: dict[str, Any] | None
) -> SetRecord | None:
    """Records how a write of `record.version` ended, unless a newer one has been claimed meanwhile.

    Returns the newer record when a newer write was already confirmed before this older one ended: the
    older may have landed last, so the caller writes the newest values again."""
    current = get(user_id, set_key)
    if current is not None and current.version > record.version:
        return current if current.confirmed and state in ("saved", "cleared") else None
    record.state, record.log = state, log
    if state in ("saved", "cleared") and not record.in_doubt():
        record.doubt_until = 0.0  # written after any late request could land: nothing left in doubt
    put(user_id, set_key, record)
    return None


def timed_out(user_id: str, set_key: str, record: SetRecord) -> None:
    """The backend did not answer in time: the write may still land, for up to the window."""
    record.doubt_until = time.time() + settings.BACKEND_STALE_WRITE_WINDOW
    settle(user_id, set_key, record, "failed", None)


def seconds_in_doubt(record: SetRecord) -> float:
    return max(0.0, record.doubt_until - time.time())
