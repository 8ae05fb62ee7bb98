"""`make dev`: the local backend and the web server together; Ctrl-C stops both.

Runs with the project's virtual environment. The local backend's database is prepared by `make dev`
(`python -m local_backend setup`) before this starts.

Stopping is robust to any number of SIGINT, SIGTERM and SIGHUP, in any order, at any moment — during start-up,
while serving, or in the middle of the clean-up: a signal only asks to stop (its handler records the request
and returns; it never raises), so nothing can be cut short. That matters because they come in bunches: GNU
make passes a SIGTERM on to its children, so a SIGTERM to `make dev`'s process group (a process manager,
`timeout`, `kill -- -PGID`) arrives here twice, and an impatient Ctrl-C may follow.
"""

from __future__ import annotations

import os
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
WEB_PORT = os.environ.get("WEB_PORT", "8000")
BACKEND_PORT = os.environ.get("LOCAL_BACKEND_PORT", "4000")
DEMO_EMAIL = "demo@sunnsteel.test"
DEMO_PASSWORD = "sunnsteel-demo"
BACKEND_READY = "Local backend listening on"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class StopRequests:
    """SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal closed) turned into a request to stop, and a way to
    wait for it: the handler never raises, and the signal also wakes any `wait()` at once (through the
    interpreter's wake-up fd). A signal the script was started ignoring stays ignored (SIGINT for a background
    job, SIGHUP under nohup)."""

    def __init__(self) -> None:
        self.requested = False
        self._wake, wake_write = socket.socketpair()
        self._wake.setblocking(False)
        wake_write.setblocking(False)
        self._wake_write = wake_write  # kept open as long as the handlers may write to it
        signal.set_wakeup_fd(wake_write.fileno(), warn_on_full_buffer=False)
        for signum in STOP_SIGNALS:
            if signum == signal.SIGTERM or signal.getsignal(signum) is not signal.SIG_IGN:
                signal.signal(signum, self._ask)

    def _ask(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True

    def wait(self, readable: list[int], timeout: float | None) -> list[int]:
        """Waits until one of the file descriptors can be read, a stop is asked for, or the timeout passes;
        returns the readable ones. A stop signal is known here from the byte the interpreter's own C-level
        handler wrote to the wake-up fd as the signal arrived, not only from the Python-level handler (which
        runs a little later), so none is missed however it interleaves with this."""
        if self.requested:
            return []
        with selectors.DefaultSelector() as selector:
            selector.register(self._wake, selectors.EVENT_READ)
            for fd in readable:
                selector.register(fd, selectors.EVENT_READ)
            ready = [key.fd for key, _ in selector.select(timeout)]
        try:
            while arrived := self._wake.recv(512):
                self.requested |= any(signum in STOP_SIGNALS for signum in arrived)
        except BlockingIOError:
            pass
        return [] if self.requested else [fd for fd in ready if fd != self._wake.fileno()]


class Forwarder:
    """Passes a server's output on, line by line with a prefix, reading only what has arrived (so a wait for
    it can be woken by a stop request)."""

    def __init__(self, process: subprocess.Popen[bytes], prefix: str) -> None:
        assert process.stdout is not None
        self.fd = process.stdout.fileno()
        self.prefix = prefix
        self.ended = False
        self._partial = b""

    def forward(self) -> list[str]:
        """Prints the lines that have arrived, and returns them."""
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self.ended = True
            chunk = b"\n" if self._partial else b""
        *lines, self._partial = (self._partial + chunk).split(b"\n")
        text = [line.decode(errors="replace") for line in lines]
        for line in text:
            print(f"{self.prefix}{line}", flush=True)
        return text


def main() -> int:
    stop = StopRequests()  # from here on, no signal interrupts anything
    servers: list[subprocess.Popen[bytes]] = []
    try:
        return _serve(servers, stop)
    finally:
        if servers:
            _say("\nStopping both servers...")
            _stop(*servers)
            _say("Stopped.")


def _serve(servers: list[subprocess.Popen[bytes]], stop: StopRequests) -> int:
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
        start_new_session=True,
    )
    servers.append(backend)
    output = Forwarder(backend, "[backend] ")
    if not _backend_ready(output, stop):
        if stop.requested:
            return 0
        _say("The local backend did not start (see above).", error=True)
        return 1
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{WEB_PORT}"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    servers.append(web)
    if not _answers(f"http://127.0.0.1:{WEB_PORT}/health", web, output, stop):
        if stop.requested:
            return 0
        _say("The web server did not start (see above).", error=True)
        return 1
    _say(
        "\n"
        f"  Sunnsteel Web:  http://localhost:{WEB_PORT}/\n"
        f"  Demo login:     {DEMO_EMAIL} / {DEMO_PASSWORD}\n"
        f"  Local backend:  http://localhost:{BACKEND_PORT}/api/health\n"
        "  Ctrl-C stops both.\n"
    )
    while not stop.requested and not output.ended:
        if stop.wait([output.fd], timeout=None):
            output.forward()
    return 0 if stop.requested else backend.wait()


def _backend_ready(output: Forwarder, stop: StopRequests) -> bool:
    """Waits for the backend's ready line (the web server starts after it), passing its output on."""
    while not stop.requested and not output.ended:
        if stop.wait([output.fd], timeout=None):
            if any(line.startswith(BACKEND_READY) for line in output.forward()):
                return True
    return False


def _answers(
    url: str, web: subprocess.Popen[bytes], output: Forwarder, stop: StopRequests, within: float = 30.0
) -> bool:
    """Waits until the freshly started web server answers, so the URL printed next works at once; passes the
    backend's output on meanwhile."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and web.poll() is None and not output.ended and not stop.requested:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return True
        except OSError:
            if stop.wait([output.fd], timeout=0.2):  # the next try, unless a stop or the backend comes first
                output.forward()
    return False


def _stop(*processes: subprocess.Popen[bytes]) -> None:
    """Stops each server's whole process group: SIGTERM, then SIGKILL after 10 s. Signals arriving meanwhile
    only ask again to stop (see StopRequests), so they do not cut this short."""
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()
        _signal_group(process, signal.SIGKILL)  # what the group leader left behind (the reloader's child)


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass  # the whole group has already gone


def _say(text: str, error: bool = False) -> None:
    """Prints, unless the terminal has gone (a closed terminal must not stop the clean-up)."""
    try:
        print(text, file=sys.stderr if error else sys.stdout, flush=True)
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
