"""The idle-session sweep, as production runs it: every 30 minutes, on the hour and the half hour.

`serve` starts it in a daemon thread (LOCAL_BACKEND_SWEEP_INTERVAL seconds, default 1800, aligned to
the wall clock; 0 = never); tests run a sweep at once through `POST /__control__/sweep-idle-sessions`.
"""

from __future__ import annotations

import threading
import time
import traceback

from django.db import close_old_connections

from local_backend import config
from local_backend.logsink import log


def sweep_now() -> int:
    """One sweep; how many sessions it aborted."""
    from local_backend.api.sessions import sweep_idle_sessions

    return sweep_idle_sessions()


def _seconds_to_next(interval: int) -> float:
    return interval - (time.time() % interval)


def _loop(interval: int, stop: threading.Event) -> None:
    while not stop.wait(_seconds_to_next(interval)):
        try:
            aborted = sweep_now()
            if aborted:
                log(f"idle-session sweep aborted {aborted} session(s)")
        except Exception:
            log("idle-session sweep failed:\n" + traceback.format_exc().rstrip())
        finally:
            close_old_connections()


def start() -> threading.Event | None:
    """Starts the periodic sweep; the event stops it. None when the interval is 0."""
    interval = config.sweep_interval()
    if interval <= 0:
        return None
    stop = threading.Event()
    threading.Thread(target=_loop, args=(interval, stop), name="idle-sweep", daemon=True).start()
    return stop
