"""`make dev` starts the backend and the web server, says where they are, and stops both: however many
SIGINT and SIGTERM arrive, in whatever order and at whatever moment, from the terminal, a process manager or
make passing one on (GNU make sends its children the SIGTERM it gets, so a SIGTERM to make's process group
reaches the script twice).

Every wait here is for a condition (a line of output, a process gone, a port closed) with a deadline: a
server left running keeps the output pipe open, so nothing reads "to the end". Races are forced, not hoped
for: signals meant to land together are sent while the receiving process group is held still (SIGSTOP) and
let go at once (SIGCONT), and signals meant to interrupt the clean-up are sent when the script says the
clean-up has begun.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.localbackend import REPO_ROOT, _free_port

READY = "Ctrl-C stops both."
BACKEND_UP = "[backend] Local backend listening on"
STOPPING = "Stopping both servers"
WITHIN = 60.0  # seconds: the longest any single wait below may take, on a busy machine

MAKE_DEV = ["make", "--no-print-directory", "dev"]
DEV_SCRIPT = [sys.executable, "scripts/dev.py"]


def _eventually(condition: Callable[[], bool], within: float = WITHIN) -> bool:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)  # re-check the condition; nothing here waits for a length of time
    return True


def _refuses(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _proc_stat(pid: str) -> tuple[str, int] | None:
    """(state, process group) of a process, from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[2])


def _pids() -> list[str]:
    return [entry for entry in os.listdir("/proc") if entry.isdigit()]


class DevRun:
    """One run of `make dev` (or of its script alone) on free ports, as the leader of a process group of its
    own, with what it prints collected by a thread."""

    def __init__(self, tmp_path: Path, command: list[str], ignore_sigint: bool = False) -> None:
        self.web_port, self.backend_port = _free_port(), _free_port()
        env = {
            **os.environ,
            "WEB_PORT": str(self.web_port),
            "LOCAL_BACKEND_PORT": str(self.backend_port),
            "LOCAL_BACKEND_DB": str(tmp_path / "local_backend.sqlite3"),
            "SESSION_FILE_PATH": str(tmp_path / "sessions"),
            "PYTHONUNBUFFERED": "1",
        }
        for name in (
            "SUNNSTEEL_API_URL",
            "SUPABASE_URL",
            "LOCAL_BACKEND_PUBLIC_URL",
            "DJANGO_SETTINGS_MODULE",
        ):
            env.pop(name, None)  # as on a fresh machine: the script points the web at its own backend
        for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
            env.pop(name, None)  # a `make dev` of its own, not a sub-make of `make test`
        if command == DEV_SCRIPT:  # `make dev` prepares the backend's database itself
            subprocess.run(
                [sys.executable, "-m", "local_backend", "setup"], cwd=REPO_ROOT, env=env, check=True
            )
        self.process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_sigint else None,
        )
        self.pgid = self.process.pid
        self.printed: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.printed.append(line)
            self._lines.put(line)
        self._lines.put(None)

    def said(self) -> str:
        return "".join(self.printed)

    def wait_for(self, text: str, within: float = WITHIN) -> bool:
        """Until a line containing `text` is printed (True), or the output ends or the deadline passes."""
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            if text in line:
                return True
        return False

    def group(self) -> list[tuple[str, str]]:
        """(pid, state) of each live process in the run's process group (make and the script)."""
        return [
            (pid, stat[0])
            for pid in _pids()
            if (stat := _proc_stat(pid)) and stat[1] == self.pgid and stat[0] != "Z"
        ]

    def send(self, *signums: int) -> None:
        """Each signal to the whole process group, one right after the other."""
        for signum in signums:
            try:
                os.killpg(self.pgid, signum)
            except ProcessLookupError:
                pass  # everything has already gone

    def send_together(self, *signums: int) -> None:
        """The signals so that they all arrive at the same instant, on every run: the group is held still
        while they are sent (they wait, pending) and then let go."""
        self.send(signal.SIGSTOP)
        assert _eventually(lambda: all(state == "T" for _, state in self.group()), within=10)
        self.send(*signums, signal.SIGCONT)

    def servers_left(self) -> list[str]:
        """The command lines of processes serving this run's ports (either server, the reloader's child)."""
        wanted = {str(self.backend_port), f"127.0.0.1:{self.web_port}"}
        left = []
        for pid in _pids():
            try:
                args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if wanted & {arg.decode(errors="replace") for arg in args}:
                left.append(f"{pid}: {b' '.join(args).decode(errors='replace')}")
        return left

    def assert_both_servers_stopped(self) -> None:
        assert _eventually(lambda: self.process.poll() is not None), "it did not exit:\n" + self.said()
        assert _eventually(lambda: not self.group()), f"still running: {self.group()}\n" + self.said()
        assert _eventually(lambda: not self.servers_left(), within=10), (
            f"servers left running: {self.servers_left()}\n" + self.said()
        )
        assert _refuses(self.web_port) and _refuses(self.backend_port)

    def kill_everything(self) -> None:
        """Whatever a failed run left behind, so that it does not outlive the test."""
        self.send(signal.SIGKILL)
        for line in self.servers_left():
            try:
                os.kill(int(line.split(":")[0]), signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=10)


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., DevRun]]:
    runs: list[DevRun] = []

    def start(command: list[str], ignore_sigint: bool = False) -> DevRun:
        run = DevRun(tmp_path, command, ignore_sigint)
        runs.append(run)
        return run

    yield start
    for run in runs:
        run.kill_everything()


@pytest.mark.parametrize("how", ["SIGTERM", "SIGTERM as a background job (SIGINT ignored)"])
def test_the_dev_command_serves_the_app_and_stopping_it_stops_both_servers(
    start: Callable[..., DevRun], how: str
) -> None:
    dev = start(DEV_SCRIPT, ignore_sigint=how.endswith("(SIGINT ignored)"))
    assert dev.wait_for(READY), dev.said()
    said = dev.said()
    assert f"Sunnsteel Web:  http://localhost:{dev.web_port}/" in said
    assert "Demo login:     demo@sunnsteel.test / sunnsteel-demo" in said
    login = httpx.get(f"http://127.0.0.1:{dev.web_port}/login")
    assert login.status_code == 200 and "Sign in" in login.text
    assert httpx.get(f"http://127.0.0.1:{dev.backend_port}/api/health").status_code == 200

    dev.send(signal.SIGTERM)

    dev.assert_both_servers_stopped()
    assert dev.process.returncode == 0


@pytest.mark.parametrize(
    ("command", "signums"),
    [
        pytest.param(DEV_SCRIPT, (signal.SIGINT, signal.SIGTERM), id="Ctrl-C and SIGTERM to the script"),
        pytest.param(MAKE_DEV, (signal.SIGTERM, signal.SIGINT), id="SIGTERM and Ctrl-C to make dev's group"),
    ],
)
def test_signals_landing_at_the_same_instant_stop_both_servers(
    start: Callable[..., DevRun], command: list[str], signums: tuple[int, ...]
) -> None:
    dev = start(command)
    assert dev.wait_for(READY), dev.said()

    dev.send_together(*signums)

    dev.assert_both_servers_stopped()


def test_a_sigterm_to_make_devs_group_stops_both_servers_despite_more_signals_during_the_clean_up(
    start: Callable[..., DevRun],
) -> None:
    dev = start(MAKE_DEV)
    assert dev.wait_for(READY), dev.said()

    dev.send(signal.SIGTERM)  # a process manager stopping the group: make passes it on, the script gets two
    if dev.wait_for(STOPPING):  # the moment the clean-up begins
        dev.send(signal.SIGINT, signal.SIGTERM, signal.SIGINT, signal.SIGTERM)

    dev.assert_both_servers_stopped()
    assert STOPPING in dev.said()


def test_stopping_while_the_servers_start_stops_what_has_started(start: Callable[..., DevRun]) -> None:
    dev = start(MAKE_DEV)
    assert dev.wait_for(BACKEND_UP), dev.said()  # the web server is starting now

    dev.send(signal.SIGTERM)

    dev.assert_both_servers_stopped()
    assert READY not in dev.said()
