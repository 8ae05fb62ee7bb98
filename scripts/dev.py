"""`make dev`: the local backend and the web server together; Ctrl-C stops both.

Runs with the project's virtual environment. The local backend's database is prepared by `make dev`
(`python -m local_backend setup`) before this starts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB_PORT = os.environ.get("WEB_PORT", "8000")
BACKEND_PORT = os.environ.get("LOCAL_BACKEND_PORT", "4000")
DEMO_EMAIL = "demo@sunnsteel.test"
DEMO_PASSWORD = "sunnsteel-demo"


def main() -> int:
    # Stop both servers on SIGTERM too (a process manager, `timeout`), not only on Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("SUNNSTEEL_API_URL", f"http://localhost:{BACKEND_PORT}/api")
    env.setdefault("SUPABASE_URL", f"http://localhost:{BACKEND_PORT}")
    env.setdefault("LOCAL_BACKEND_PUBLIC_URL", f"http://localhost:{BACKEND_PORT}")
    # Each server in a process group of its own, stopped as a group: runserver's autoreloader runs the server
    # in a child process, and a background job's children ignore SIGINT, so Ctrl-C alone is not enough.
    backend = subprocess.Popen(
        [sys.executable, "-m", "local_backend", "serve", "--host", "127.0.0.1", "--port", BACKEND_PORT],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert backend.stdout is not None
    for line in backend.stdout:  # wait for the ready line before starting the web server
        print(f"[backend] {line}", end="")
        if line.startswith("Local backend listening on"):
            break
    else:
        print("The local backend did not start (see above).", file=sys.stderr)
        return 1
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{WEB_PORT}"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    if not _answers(f"http://127.0.0.1:{WEB_PORT}/health", web):
        print("The web server did not start (see above).", file=sys.stderr)
        _stop(web, backend)
        return 1
    print(
        "\n"
        f"  Sunnsteel Web:  http://localhost:{WEB_PORT}/\n"
        f"  Demo login:     {DEMO_EMAIL} / {DEMO_PASSWORD}\n"
        f"  Local backend:  http://localhost:{BACKEND_PORT}/api/health\n"
        "  Ctrl-C stops both.\n",
        flush=True,
    )
    try:
        for line in backend.stdout:
            print(f"[backend] {line}", end="")
        return backend.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(web, backend)


def _stop(*processes: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    """Stops each server's whole process group: SIGTERM, then SIGKILL after 10 s. A second Ctrl-C or
    SIGTERM meanwhile does not cut this short (it would leave the servers running)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
        _signal_group(process, signal.SIGKILL)  # what the group leader left behind (the reloader's child)


def _signal_group(process: subprocess.Popen[str] | subprocess.Popen[bytes], signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass  # the whole group has already gone


def _answers(url: str, process: subprocess.Popen[bytes], within: float = 30.0) -> bool:
    """Waits until the freshly started server answers, so the URL printed next works at once."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


if __name__ == "__main__":
    sys.exit(main())
