"""The cache for what must never be evicted to make room for cached answers (settings: CACHES["state"]).

Kept (typed, unsaved) values, which edit of each set is the newest (workouts.setversions), token-refresh
results and locks and sign-in attempt counters live here, and so do sessions when the state cache is shared
(STATE_CACHE_URL). Cached backend answers use the default cache.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import BaseCache, caches


def state_cache() -> BaseCache:
    return caches[settings.STATE_CACHE]
