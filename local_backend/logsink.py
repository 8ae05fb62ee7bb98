"""Non-blocking log output for the server.

Request threads hand lines to a queue; one daemon thread writes them to stdout. If whoever started
the server stops draining its stdout pipe, the writer blocks and lines are dropped, but requests are
never held up by logging.
"""

from __future__ import annotations

import queue
import sys
import threading

_queue: queue.Queue[str] = queue.Queue(maxsize=10_000)
_started = False
_start_lock = threading.Lock()


def _writer() -> None:
    while True:
        line = _queue.get()
        try:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        except (OSError, ValueError):
            pass


def start() -> None:
    """Start the writer thread (the server calls this once it has printed its banner)."""
    global _started
    with _start_lock:
        if not _started:
            threading.Thread(target=_writer, name="log-writer", daemon=True).start()
            _started = True


def log(line: str) -> None:
    """Log one line; falls back to a direct write when no server is running (CLI, tests)."""
    if not _started:
        print(line, flush=True)
        return
    try:
        _queue.put_nowait(line)
    except queue.Full:
        pass
