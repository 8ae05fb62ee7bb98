"""Cached answers as this process last decoded and parsed them, by the text the cache holds (bounded).

A page read from the cache spent most of its backend-client time turning the same stored text into the same
objects again: `json.loads`, then pydantic for every item (profiled: a fifth of the history page's CPU). The
stored text is an answer and the time it was fetched, so the same text always decodes and parses to the same
value: it is decoded once per process (`kept`), and each model parsed from it once (`parsed`).

What this hands out is shared by every request (and thread) of the process, so it is read-only: the models
are frozen, a parsed list is handed out as a copy, and nothing changes a decoded answer in place (a change to
a cached answer, `BackendClient.update_cached`, builds a new one and stores it as new text).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sunnsteel_web.memo import ByText

MAX_CHARS = 4_000_000  # of stored text, per process; the objects decoded from it take some times that


@dataclass(frozen=True)
class Kept:
    """A cached answer and when it was fetched: fresh for its group's ttl, a last good copy after that."""

    data: Any
    fetched_at: float
    parsed: dict[object, Any] = field(default_factory=dict, compare=False, repr=False)


_by_data: dict[int, Kept] = {}  # id(kept.data) -> kept, for `parsed`
_lock = threading.Lock()


def _decode(raw: str) -> Kept:
    stored = json.loads(raw)
    return Kept(data=stored["data"], fetched_at=float(stored["at"]))


def _keep(entry: Kept) -> None:
    if isinstance(entry.data, dict | list):  # a container is its own object (None, 0, "" are shared)
        with _lock:
            _by_data[id(entry.data)] = entry


def _drop(entry: Kept) -> None:
    with _lock:
        if _by_data.get(id(entry.data)) is entry:
            del _by_data[id(entry.data)]


_kept: ByText[Kept] = ByText(MAX_CHARS, on_drop=_drop)


def kept(raw: str | None) -> Kept | None:
    """The answer stored as `raw`, decoded once per process."""
    return None if raw is None else _kept.get(raw, _decode, on_keep=_keep)


def parsed[T](data: Any, key: object, build: Callable[[], T]) -> T:
    """`build()` (a parse of `data`), once per `key` while `data` is a kept answer; for any other data
    (an answer just fetched) simply `build()`."""
    with _lock:
        entry = _by_data.get(id(data))
        if entry is None or entry.data is not data:
            entry = None
        elif key in entry.parsed:
            return entry.parsed[key]  # type: ignore[no-any-return]
    value = build()  # raises on a bad shape: nothing is kept
    if entry is not None:
        with _lock:
            value = entry.parsed.setdefault(key, value)
    return value
