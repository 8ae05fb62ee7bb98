"""Several web processes (gunicorn, 3 sync workers) sharing real Redis, against the real local backend:
token refreshes, sign-in limits and cached answers hold across workers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import redis

from tests.auth_kit import make_renewal_due_for_cookie, wait_until
from tests.localbackend import REPO_ROOT, LocalBackend, http_client

WORKERS = 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(
    local_backend: LocalBackend, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """gunicorn with 3 workers (its configuration lives here: the test's own), sharing Redis dbs 2 and 3."""
    workdir = tmp_path_factory.mktemp("gunicorn")
    port = _free_port()
    base = redis_url.removesuffix("/0")
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "SUNNSTEEL_", "CACHE", "STATE"))
        },
        "DJANGO_SETTINGS_MODULE": "sunnsteel_web.settings",
        "SUNNSTEEL_API_URL": local_backend.api_url,
        "SUPABASE_URL": local_backend.root_url,
        "CACHE_URL": f"{base}/2",
        "STATE_CACHE_URL": f"{base}/3",
        "AUTH_ATTEMPTS_PER_MINUTE": "3",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    log = workdir / "access.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sunnsteel_web.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(log),
            "--access-logformat",
            '%(p)s "%(m)s %(U)s" %(s)s',
        ],  # fmt: skip
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "error.log", "w"),  # noqa: SIM115 - lives as long as the server
    )
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            with http_client(timeout=2) as probe:
                return probe.get(f"{url}/login").status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(answers, timeout=60)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def shared_sessions(redis_url: str, settings: Any) -> None:
    """This test process reads and writes the workers' sessions (Redis db 3), to make a renewal due."""
    settings.CACHES = {
        **settings.CACHES,
        "state": {
            "BACKEND": "sunnsteel_web.cache.RedisCache",
            "LOCATION": redis_url.removesuffix("/0") + "/3",
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    settings.SESSION_CACHE_ALIAS = "state"


def _sign_in(app_url: str, email: str, password: str) -> httpx.Client:
    browser = http_client(base_url=app_url)
    browser.get("/login")
    csrf = browser.cookies["csrftoken"]
    signed = browser.post("/login", data={"email": email, "password": password, "csrfmiddlewaretoken": csrf})
    assert signed.status_code == 302, signed.text[signed.text.find("<main") :][:1500]
    return browser


def test_requests_at_token_expiry_across_workers_refresh_once(
    backend: LocalBackend, app_url: str, shared_sessions: None
) -> None:
    account = backend.create_user()
    browser = _sign_in(app_url, account["email"], account["password"])
    cookies = dict(browser.cookies)
    make_renewal_due_for_cookie(cookies["sunnsteel_session"])
    backend.reset()

    def load(_: int) -> int:
        return httpx.get(f"{app_url}/", cookies=cookies, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(load, range(6)))

    refreshes = [r for r in backend.requests() if r["path"] == "/auth/v1/token" and "refresh" in r["query"]]
    assert statuses == [200] * 6
    assert len(refreshes) == 1  # one worker renewed; the others used its result from Redis


def test_sign_in_attempt_limits_are_shared_by_the_workers(
    backend: LocalBackend, app_url: str, redis_url: str
) -> None:
    redis.Redis.from_url(redis_url.removesuffix("/0") + "/3").flushdb()  # no earlier sign-ins counted
    account = backend.create_user()
    pages = []
    for _ in range(4):  # each a new connection: gunicorn hands them to whichever worker is free
        browser = http_client(base_url=app_url)
        browser.get("/login")
        data = {
            "email": account["email"],
            "password": "wrong",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        }
        pages.append(browser.post("/login", data=data).text)
    assert ["Too many attempts" in page for page in pages] == [False, False, False, True]


def test_cached_answers_are_shared_and_invalidated_across_workers(
    backend: LocalBackend, app_url: str, redis_url: str
) -> None:
    redis.Redis.from_url(redis_url.removesuffix("/0") + "/3").flushdb()  # the previous test's attempts
    account = backend.create_user(demo_data=True)
    browser = _sign_in(app_url, account["email"], account["password"])
    backend.reset()
    cookies = dict(browser.cookies)

    def load(_: int) -> str:
        return httpx.get(f"{app_url}/", cookies=cookies, timeout=30).text

    first = load(0)
    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(load, range(6)))
    assert backend.api_calls().count("GET /api/routines") == 1  # fetched once, for every worker

    assert "Workout in progress" not in first
    token = backend.sign_in(account["email"], account["password"])  # to find a day to start
    routine = backend.http.get(
        f"{backend.api_url}/routines", headers={"Authorization": f"Bearer {token}"}
    ).json()[0]
    day = routine["days"][0]
    started = browser.post(
        "/workouts/start",
        data={
            "routine_id": routine["id"],
            "routine_day_id": day["id"],
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
    )
    assert started.status_code == 302, started.text[:300]
    with ThreadPoolExecutor(max_workers=3) as pool:
        pages = list(pool.map(load, range(6)))
    assert all("Workout in progress" in page for page in pages)  # every worker saw the start
