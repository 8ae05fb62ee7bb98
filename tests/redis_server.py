"""Real Redis for the tests: Debian's `redis-server` (installed by `make test` when missing), started by the
tests themselves on free ports, with no persistence, and stopped at the end.

`redis_url` is one server for the whole run (`maxmemory-policy noeviction`, as the state cache must be in
production); `empty_redis` is the same, emptied for one test; `start_redis()` starts another server with its
own options (e.g. a small, evicting answer cache).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core.cache import cache


@dataclass
class RedisServer:
    url: str
    process: subprocess.Popen[bytes]

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@contextmanager
def start_redis(workdir: Path, *options: str) -> Iterator[RedisServer]:
    """A redis-server of our own on a free port; waits until it answers PING."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = _free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
            *options,
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    server = RedisServer(url=f"redis://127.0.0.1:{port}/0", process=process)
    try:
        _wait_for_ping(server)
        yield server
    finally:
        server.stop()


def _wait_for_ping(server: RedisServer) -> None:
    deadline = time.monotonic() + 20
    client = server.client()
    while True:
        try:
            if client.ping():
                return
        except redis.ConnectionError:
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start") from None
            time.sleep(0.02)  # polling for the server to accept connections


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL (db 0) of a redis-server for the whole run. Other databases of it (`…/1`) are free to use."""
    with start_redis(tmp_path_factory.mktemp("redis"), "--maxmemory-policy", "noeviction") as server:
        yield server.url


@pytest.fixture
def empty_redis(redis_url: str) -> str:
    """`redis_url`, with every database of that server emptied for this test."""
    redis.Redis.from_url(redis_url).flushall()
    return redis_url


@pytest.fixture(params=["in-process", "redis"])
def each_cache(request: pytest.FixtureRequest, settings: Any) -> str:
    """The test once with the in-process caches (development, most tests) and once with both caches in an
    empty real Redis (production's layout)."""
    if request.param == "redis":
        url = request.getfixturevalue("empty_redis")
        shared = {"BACKEND": "sunnsteel_web.cache.RedisCache", "LOCATION": url}
        settings.CACHES = {"default": shared, "state": shared}
    cache.clear()
    return str(request.param)
