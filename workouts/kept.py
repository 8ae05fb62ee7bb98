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


def take(user_id: str, session_id: str) -> dict[str, KeptRow] | None:
    """The kept rows of this session, by row key (and forgets them: the page now shows them)."""
    key = _key(user_id, session_id)
    rows: dict[str, KeptRow] | None = cache.get(key)
    if rows is not None:
        cache.delete(key)
    return rows


def _key(user_id: str, session_id: str) -> str:
    return f"kept-rows:{user_id}:{session_id}"
