"""What a person typed into set rows that could not be saved (without JavaScript), until the page shows it.

Kept in Django's cache under the user's id rather than in the browser's session, so it survives the
sign-in ending mid-workout (signing out empties the session) and comes back when the same person signs in
again. With JavaScript, the browser keeps drafts itself (static/js/session.js).
"""

from __future__ import annotations

from typing import TypedDict

from django.core.cache import cache

KEEP_SECONDS = 48 * 60 * 60  # the backend aborts a session idle this long


class KeptRow(TypedDict):
    values: dict[str, str]  # as typed
    errors: list[str]  # what was wrong with it, if anything
    failed: bool  # the backend could not take it


def keep(user_id: str, session_id: str, row_key: str, entry: KeptRow) -> None:
    key = _key(user_id, session_id)
    rows = cache.get(key) or {}
    rows[row_key] = entry
    cache.set(key, rows, KEEP_SECONDS)


def kept_rows(user_id: str, session_id: str) -> dict[str, KeptRow]:
    """The kept rows of this session, by row key."""
    rows: dict[str, KeptRow] | None = cache.get(_key(user_id, session_id))
    return rows or {}


def forget(user_id: str, session_id: str, shown: dict[str, KeptRow]) -> None:
    """Forgets the rows a page has just shown (once it was rendered: a page that failed to load forgets
    nothing). A row kept again meanwhile, with other values, stays."""
    if not shown:
        return
    key = _key(user_id, session_id)
    rows: dict[str, KeptRow] = cache.get(key) or {}
    left = {row_key: entry for row_key, entry in rows.items() if shown.get(row_key) != entry}
    if left:
        cache.set(key, left, KEEP_SECONDS)
    else:
        cache.delete(key)


def _key(user_id: str, session_id: str) -> str:
    return f"kept-rows:{user_id}:{session_id}"
