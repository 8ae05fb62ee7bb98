"""Runs the real local backend as a child process for the tests, and talks to its control API.

The tests never import the local backend: they start `python -m local_backend serve` on a free port with a
throw-away database and speak HTTP to it, exactly as the web app does.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from supabase import ClientOptions, create_client

REPO_ROOT = Path(__file__).resolve().parent.parent
ANON_KEY = "local-dev-anon-key"
DEMO_EMAIL = "demo@sunnsteel.test"
DEMO_PASSWORD = "sunnsteel-demo"

# Loading the CA bundle costs tens of milliseconds per HTTP client; the tests make hundreds of clients (all
# over plain HTTP to 127.0.0.1), so they share one context, as verifying as a client's own would be.
_TLS = ssl.create_default_context()


def http_client(**options: Any) -> httpx.Client:
    """An HTTP client for the tests (30 s timeout unless given), sharing one TLS context."""
    return httpx.Client(**{"timeout": 30, **options}, verify=_TLS)


@dataclass
class LocalBackend:
    root_url: str
    process: subprocess.Popen[str]
    anon_key: str = ANON_KEY
    http: httpx.Client = field(default_factory=http_client)

    @property
    def api_url(self) -> str:
        return f"{self.root_url}/api"

    @property
    def other_origin(self) -> str:
        """This same server under another origin (`localhost` for `127.0.0.1`), e.g. as a third-party site."""
        return self.root_url.replace("://127.0.0.1:", "://localhost:", 1)

    def control(self, method: str, path: str, json: Any = None) -> httpx.Response:
        response = self.http.request(method, f"{self.root_url}/__control__{path}", json=json)
        response.raise_for_status()
        return response

    def reset(self) -> None:
        self.control("POST", "/reset")

    def configure(self, **config: Any) -> None:
        self.control("PATCH", "/config", json=config)

    def add_fault(self, path: str, kind: str, method: str | None = None, **options: Any) -> None:
        self.control("POST", "/faults", json={"path": path, "kind": kind, "method": method, **options})

    def clear_faults(self) -> None:
        self.control("DELETE", "/faults")

    def requests(self) -> list[dict[str, Any]]:
        return self.control("GET", "/requests").json()

    def api_calls(self) -> list[str]:
        """`METHOD /api/path` of every API request since the last reset, in order."""
        return [f"{r['method']} {r['path']}" for r in self.requests() if r["path"].startswith("/api/")]

    def age_workout_sessions(self, email: str, seconds: int) -> None:
        """The user's in-progress workout session started (and was last touched) `seconds` earlier."""
        self.control("POST", f"/users/{email}/age-workout-sessions", json={"seconds": seconds})

    def sweep_idle_sessions(self) -> int:
        """Runs production's idle-session sweep now; how many sessions it aborted."""
        return self.control("POST", "/sweep-idle-sessions").json()["aborted"]

    def outbox(self) -> list[dict[str, Any]]:
        return self.control("GET", "/outbox").json()

    def create_user(
        self,
        email: str | None = None,
        password: str = "pass-word-1",
        name: str | None = None,
        weight_unit: str = "KG",
        demo_data: bool = False,
        demo_as_of: str | None = None,
    ) -> dict[str, Any]:
        email = email or f"user-{uuid.uuid4().hex[:10]}@example.test"
        body = {"email": email, "password": password, "weightUnit": weight_unit, "demoData": demo_data}
        if demo_as_of:
            body["demoAsOf"] = demo_as_of
        if name:
            body["name"] = name
        user = self.control("POST", "/users", json=body).json()
        return {**user, "email": email, "password": password}

    def supabase(self):
        """A fresh supabase-py client against the stand-in (one per caller: clients hold one user's state)."""
        options = ClientOptions(
            auto_refresh_token=False, persist_session=False, httpx_client=http_client(follow_redirects=True)
        )
        return create_client(self.root_url, self.anon_key, options=options)

    def sign_in(self, email: str, password: str) -> str:
        """An access token from a password sign-in through supabase-py (for tests about signing in)."""
        result = self.supabase().auth.sign_in_with_password({"email": email, "password": password})
        assert result.session is not None
        return result.session.access_token

    def tokens_for(self, email: str) -> dict[str, Any]:
        """A new sign-in of the user without the password, for tests that start signed in: the control API
        answers as the password grant does (`access_token`, `refresh_token`, `expires_in`, `expires_at`)."""
        return self.control("POST", f"/users/{email}/sign-in").json()

    def access_token(self, email: str) -> str:
        """The access token of a new sign-in of the user (see `tokens_for`), to call the API as them."""
        return self.tokens_for(email)["access_token"]

    def stop(self) -> None:
        self.http.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_local_backend(workdir: Path, **env_overrides: str) -> LocalBackend:
    """Prepares a fresh database in `workdir`, starts the server on a free port, waits for its ready line.
    With tests in parallel, another worker can take the free port before the server binds it: then it tries
    another."""
    for _ in range(3):
        try:
            return _start_local_backend(workdir, _free_port(), env_overrides)
        except PortTaken:
            continue
    raise RuntimeError("local backend: no free port after three tries")


class PortTaken(RuntimeError):
    pass


def _start_local_backend(workdir: Path, port: int, env_overrides: dict[str, str]) -> LocalBackend:
    env = {
        **os.environ,
        "LOCAL_BACKEND_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "LOCAL_BACKEND_DB": str(workdir / "local_backend.sqlite3"),
        "LOCAL_BACKEND_CONTROL": "1",
        "PYTHONUNBUFFERED": "1",
        **env_overrides,
    }
    subprocess.run(
        [sys.executable, "-m", "local_backend", "setup"],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    log = open(workdir / "local_backend.log", "w")  # noqa: SIM115 - lives as long as the server
    process = subprocess.Popen(
        [sys.executable, "-m", "local_backend", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    assert process.stdout is not None
    ready = "Local backend listening on "
    for line in process.stdout:  # blocks until the server says it is bound, or exits
        if line.startswith(ready):
            break
    else:
        process.wait()
        log.close()
        if "Address already in use" in (workdir / "local_backend.log").read_text():
            raise PortTaken(port)
        raise RuntimeError(f"local backend did not start; see {workdir / 'local_backend.log'}")
    # Keep draining stdout (request log lines) so the pipe never fills up and blocks the server.
    threading.Thread(target=lambda: [log.write(x) for x in process.stdout], daemon=True).start()
    return LocalBackend(root_url=f"http://127.0.0.1:{port}", process=process)


def _free_port() -> int:
    # The JWT issuer and mailed links must name the address the server is really reachable at, so the port
    # is chosen here rather than by the server.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
