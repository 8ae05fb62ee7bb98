"""What a person typed that could not be saved (without JavaScript), until a page shows it again.

Kept in the state cache (`sunnsteel_web.state`: never evicted to make room for cached answers) under the
user's id rather than in the browser's session, so it survives the sign-in ending (signing out empties the
session) and comes back when the same person signs in again. With JavaScript, the browser keeps set drafts
itself (static/js/session/).

Entries are grouped by `place` (a workout session's id, "profile") and keyed within it (a set row, "form").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NotRequired, TypedDict

from sunnsteel_web.state import state_cache

if TYPE_CHECKING:
    from sunnsteel_web.http import SignedInRequest

KEEP_SECONDS = 48 * 60 * 60  # the backend aborts a workout session idle this long


class KeptEntry(TypedDict):
    values: dict[str, str]  # as typed
    errors: list[str]  # what was wrong with it, if anything
    failed: bool  # the backend could not take it
    invalid: NotRequired[list[str]]  # which inputs held what was wrong (a set row: "weight", "reps", "rpe")


def keep(request: SignedInRequest, place: str, key: str, entry: KeptEntry) -> None:
    cache_key = _cache_key(request.user.pk, place)
    entries = state_cache().get(cache_key) or {}
    entries[key] = entry
    state_cache().set(cache_key, entries, KEEP_SECONDS)


def kept(request: SignedInRequest, place: str) -> dict[str, KeptEntry]:
    """What is kept for this place, by key."""
    entries: dict[str, KeptEntry] | None = state_cache().get(_cache_key(request.user.pk, place))
    return entries or {}


def forget(request: SignedInRequest, place: str, shown: dict[str, KeptEntry]) -> None:
    """Forgets the entries a page has just shown: once it was rendered (a page that failed to load forgets
    nothing), and for a GET (a HEAD request renders it for nobody to see). An entry kept again meanwhile,
    with other values, stays. (Read and written back whole: another entry kept in the same instant by a
    second tab could be dropped; one person submits one form at a time, so this is left as is.)"""
    if not shown or request.method != "GET":
        return
    cache_key = _cache_key(request.user.pk, place)
    entries: dict[str, KeptEntry] = state_cache().get(cache_key) or {}
    left = {key: entry for key, entry in entries.items() if shown.get(key) != entry}
    if left:
        state_cache().set(cache_key, left, KEEP_SECONDS)
    else:
        state_cache().delete(cache_key)


def drop(request: SignedInRequest, place: str, key: str) -> None:
    """Forgets one entry: what it held was saved (or cleared) since."""
    cache_key = _cache_key(request.user.pk, place)
    entries: dict[str, KeptEntry] | None = state_cache().get(cache_key)
    if not entries or key not in entries:
        return
    del entries[key]
    if entries:
        state_cache().set(cache_key, entries, KEEP_SECONDS)
    else:
        state_cache().delete(cache_key)


def forget_place(request: SignedInRequest, place: str) -> None:
    """Forgets everything kept for a place that is gone (a finished workout)."""
    state_cache().delete(_cache_key(request.user.pk, place))


def _cache_key(user_id: str, place: str) -> str:
    return f"kept:{user_id}:{place}"
