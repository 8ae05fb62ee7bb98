"""Values built from stored text, kept per process under that text (bounded by its size).

Text read from the cache (a backend answer, a training index) decodes to the same value every time, and
decoding it again is much of a cached page's CPU. `ByText` keeps what was built from each text, the least
recently read dropped first once the texts kept pass `max_chars`. A kept value is shared by every request and
thread of the process: it must never be changed in place.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable


class ByText[T]:
    def __init__(self, max_chars: int, on_drop: Callable[[T], None] | None = None) -> None:
        self.max_chars = max_chars
        self.on_drop = on_drop
        self._values: OrderedDict[str, T] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, text: str, build: Callable[[str], T], *, on_keep: Callable[[T], None] | None = None) -> T:
        """What `build(text)` gives, built once while kept (a text over an eighth of the bound is not)."""
        with self._lock:
            value = self._values.get(text)
            if value is not None:
                self._values.move_to_end(text)
                return value
        value = build(text)  # may raise: nothing is kept
        if len(text) > self.max_chars // 8:
            return value
        with self._lock:
            if text in self._values:  # another thread built it meanwhile: share one value
                return self._values[text]
            self._values[text] = value
            self._chars += len(text)
            if on_keep is not None:
                on_keep(value)
            while self._chars > self.max_chars:
                old_text, old = self._values.popitem(last=False)
                self._chars -= len(old_text)
                if self.on_drop is not None:
                    self.on_drop(old)
        return value
