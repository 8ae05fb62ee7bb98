"""The fair share is one count for every web process: this test process and a gunicorn (the repo's
gunicorn.conf.py, two threaded workers) share a real Redis, and one user's reads through both stop at one
share, counted by the local backend's request log."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from django.core.cache import cache
from django.test import Client

from tests.localbackend import REPO_ROOT, LocalBackend
from tests.redis_server import redis_url  # noqa: F401

HTMX = {"HX-Request": "true"}


@pytest.fixture
def shared_cache(redis_url: str, settings) -> str:  # noqa: F811
    redis = {"BACKEND": "sunnsteel_web.cache.RedisCache", "LOCATION": redis_url}
    settings.CACHES = {"default": redis, "state": redis}  # as the gunicorn below has them (CACHE_URL)
    cache.clear()
    return redis_url


@pytest.fixture
def gunicorn(backend: LocalBackend, shared_cache: str, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "CACHE_URL": shared_cache,
        "SUNNSTEEL_API_URL": backend.api_url,
        "SUPABASE_URL": backend.root_url,
        "SUPABASE_ANON_KEY": backend.anon_key,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
        "LOG_LEVEL": "WARNING",
    }
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "sunnsteel_web.wsgi"],
        cwd=REPO_ROOT,
        env=env,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def _wait_until_answering(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.05)  # polling for the server to bind, not waiting out a duration
    raise RuntimeError("gunicorn did not start")


def _signed_in_over_http(url: str, email: str, password: str) -> httpx.Client:
    phone = httpx.Client(base_url=url, timeout=30)
    phone.get("/login")
    token = phone.cookies["csrftoken"]
    answer = phone.post("/login", data={"email": email, "password": password}, headers={"X-CSRFToken": token})
    assert answer.status_code == 302, answer.text[:300]
    return phone


def test_one_users_share_is_counted_once_across_web_processes(
    backend: LocalBackend,
    user: dict,
    client_for,
    gunicorn: str,  # type: ignore[no-untyped-def]
) -> None:
    here: Client = client_for(user)
    there = _signed_in_over_http(gunicorn, user["email"], user["password"])
    before = len(backend.requests())

    results = {**HTMX, "HX-Target": "history-results"}  # as the filter form asks: the list alone, no strip
    for n in range(10):
        here.get(f"/workouts/history?q=here{n}", headers=results)
        there.get(f"/workouts/history?q=there{n}", headers=results)

    listed = [
        r
        for r in backend.requests()[before:]
        if r["method"] == "GET" and r["path"] == "/api/workouts/sessions"
    ]
    assert len(listed) == 15  # one share between both processes, not 15 each
    assert {re.search(r"q=(here|there)", r["query"]).group(1) for r in listed} == {"here", "there"}  # type: ignore[union-attr]
    there.close()
