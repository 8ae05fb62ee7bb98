"""`make dev`'s script starts the backend and the web server, says where they are, and stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.localbackend import REPO_ROOT, _free_port

READY = "Ctrl-C stops both."


def _refuses(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("how", ["SIGTERM", "SIGTERM as a background job (SIGINT ignored)"])
def test_the_dev_command_serves_the_app_and_stopping_it_stops_both_servers(tmp_path: Path, how: str) -> None:
    web_port, backend_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "WEB_PORT": str(web_port),
        "LOCAL_BACKEND_PORT": str(backend_port),
        "LOCAL_BACKEND_DB": str(tmp_path / "local_backend.sqlite3"),
        "SESSION_FILE_PATH": str(tmp_path / "sessions"),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("SUNNSTEEL_API_URL", "SUPABASE_URL", "LOCAL_BACKEND_PUBLIC_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)  # as on a fresh machine: the script points the web at its own backend
    subprocess.run([sys.executable, "-m", "local_backend", "setup"], cwd=REPO_ROOT, env=env, check=True)
    ignore_sigint = how.endswith("(SIGINT ignored)")
    dev = subprocess.Popen(
        [sys.executable, "scripts/dev.py"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_sigint else None,
    )
    assert dev.stdout is not None
    try:
        printed = []
        for line in dev.stdout:  # until it says it is ready (or exits)
            printed.append(line)
            if READY in line:
                break
        said = "".join(printed)
        assert f"Sunnsteel Web:  http://localhost:{web_port}/" in said
        assert "Demo login:     demo@sunnsteel.test / sunnsteel-demo" in said
        login = httpx.get(f"http://127.0.0.1:{web_port}/login")
        assert login.status_code == 200 and "Sign in" in login.text
        assert httpx.get(f"http://127.0.0.1:{backend_port}/api/health").status_code == 200
    finally:
        dev.send_signal(signal.SIGTERM)
        dev.communicate(timeout=30)

    assert _refuses(web_port) and _refuses(backend_port)  # nothing left running
