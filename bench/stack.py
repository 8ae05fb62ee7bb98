"""The production-like stack the benchmarks drive, all on loopback: Redis, the local backend behind a
throttle that counts like production, and gunicorn with the repo's gunicorn.conf.py.

The throttle (`Throttle`) stands between the web app and the local backend's API, as production's NestJS
throttler does: `limit` calls per `window` seconds **per route** (method and path template) for the one
client address this server is, `X-Forwarded-For` ignored; the window opens at a route's first call, and a
refused call closes the route for a whole window (429 with `Retry-After-long` only). Auth calls
(`/auth/v1`) pass uncounted, as they go to Supabase in production.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from tests.localbackend import REPO_ROOT, LocalBackend, start_local_backend

_ID = re.compile(r"^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\d+)$")
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def route_of(method: str, path: str) -> str:
    return f"{method} " + "/".join(":id" if _ID.match(s) else s for s in path.split("?", 1)[0].split("/"))


def wait_for(url: str, seconds: float = 30, headers: dict[str, str] | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2, headers=headers).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@dataclass
class Throttle:
    upstream: str  # the local backend's root URL
    limit: int = 100
    window: float = 60.0
    calls: Counter[str] = field(default_factory=Counter)  # every /api call the app made, by route
    refused: Counter[str] = field(default_factory=Counter)
    busiest: Counter[str] = field(default_factory=Counter)  # route -> most calls in one of its windows
    _windows: dict[str, list[float]] = field(default_factory=dict)  # route -> [ends at, hits]
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, route: str) -> int | None:
        """None when the call may pass; else the seconds the route stays closed."""
        now = time.monotonic()
        with self._lock:
            self.calls[route] += 1
            entry = self._windows.get(route)
            if entry is None or entry[0] <= now:
                entry = self._windows[route] = [now + self.window, 0]
            entry[1] += 1
            self.busiest[route] = max(self.busiest[route], int(entry[1]))
            if entry[1] <= self.limit:
                return None
            if entry[1] == self.limit + 1:  # the first refusal closes the route for a whole window
                entry[0] = now + self.window
            self.refused[route] += 1
            return max(1, math.ceil(entry[0] - now))

    def serve(self) -> str:
        throttle, pool = self, httpx.Client(timeout=60)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                path = self.path.split("?", 1)[0]
                if path.startswith("/api/"):
                    wait = throttle.count(route_of(self.command, path))
                    if wait is not None:
                        # Production says how long in the -long header only, in whole window seconds.
                        payload = b'{"statusCode":429,"message":"ThrottlerException: Too Many Requests"}'
                        self.send_response(429)
                        self.send_header("Retry-After-long", str(int(throttle.window)))
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(payload)))
                        self.end_headers()
                        self.wfile.write(payload)
                        return
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in {"host", "content-length"}
                }
                answer = pool.request(
                    self.command, throttle.upstream + self.path, content=body, headers=headers
                )
                self.send_response(answer.status_code)
                for name, value in answer.headers.multi_items():
                    if name.lower() not in _HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                    super().handle_error(request, client_address)  # the app gave up waiting: expected

        server = Server(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}"


def _tree(pid: int) -> list[int]:
    """The process and every process under it (Linux's /proc)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):  # a thread or process that has just ended
            found += [p for child in (task / "children").read_text().split() for p in _tree(int(child))]
    return found


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (its threads included; its ended children not)."""
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


@dataclass
class Stack:
    backend: LocalBackend
    throttle: Throttle
    web_url: str
    redis_url: str
    processes: list[subprocess.Popen[bytes]]

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time so far of each part: gunicorn (master and workers), Redis, the local backend."""
        web, redis = self.processes[0].pid, self.processes[1].pid
        return {
            "web": sum(_cpu_seconds(p) for p in _tree(web)),
            "Redis": _cpu_seconds(redis),
            "backend": sum(_cpu_seconds(p) for p in _tree(self.backend.process.pid)),
        }

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.backend.stop()


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server not found: apt-get install -y redis-server")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def start_stack(
    workdir: Path,
    *,
    limit: int = 100,
    window: float = 60.0,
    workers: int = 3,
    threads: int = 8,
    worker_class: str = "gthread",
    app_env: dict[str, str] | None = None,
    throttled: bool = True,
    production: bool = False,
) -> Stack:
    """Redis, the local backend (its own rate limit off: the throttle counts), the throttle, and gunicorn.

    `throttled=False` points the app straight at the local backend (count its calls with its request log);
    `production=True` runs SUNNSTEEL_ENV=production (collectstatic first; state in Redis db 1; the budget
    and sign-in limits out of reach, so that they never refuse what is being measured).
    """
    redis, redis_url = start_redis(workdir)
    backend = start_local_backend(workdir, LOCAL_BACKEND_RATE_LIMIT="0")
    throttle = Throttle(upstream=backend.root_url, limit=limit, window=window)
    api_root = throttle.serve() if throttled else backend.root_url
    port = free_port()
    env = {
        **os.environ,
        "SUNNSTEEL_ENV": "development",
        "DJANGO_DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "CACHE_URL": redis_url,
        "SUNNSTEEL_API_URL": f"{api_root}/api",
        "SUPABASE_URL": backend.root_url,
        "SUPABASE_ANON_KEY": backend.anon_key,
        "TRUST_X_FORWARDED_FOR": "true",  # each simulated phone has its own address
        "AUTH_ATTEMPTS_PER_MINUTE": "1000",
        "BACKEND_RATE_LIMIT": str(limit),
        "BACKEND_RATE_WINDOW": str(max(1, round(window))),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # A browser on loopback (make bench's Lighthouse) posts from this origin, not the https one.
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
        **(_production_env(workdir, redis_url) if production else {}),
        **(app_env or {}),
    }
    if production:
        collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
        subprocess.run(collect, cwd=REPO_ROOT, env=env, check=True)
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "sunnsteel_web.wsgi"]
    if worker_class != "gthread":
        command += ["--worker-class", worker_class, "--threads", "1"]
    web = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stderr=open(workdir / "gunicorn.log", "w"))  # noqa: SIM115
    web_url = f"http://127.0.0.1:{port}"
    wait_for(f"{web_url}/health", 120, headers={"X-Forwarded-Proto": "https"})  # slow on a busy machine
    return Stack(backend, throttle, web_url, redis_url, [web, redis])


def _production_env(workdir: Path, redis_url: str) -> dict[str, str]:
    return {
        "SUNNSTEEL_ENV": "production",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(workdir / "static"),
        "STATE_CACHE_URL": redis_url.rsplit("/", 1)[0] + "/1",
        "BACKEND_RATE_LIMIT": "1000000",
        "BACKEND_USER_SHARE": "1000000",
        "AUTH_ATTEMPTS_PER_MINUTE": "1000",
    }
