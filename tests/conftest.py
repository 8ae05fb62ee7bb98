"""Shared fixtures: the real local backend (a child process), reset between tests."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.localbackend import REPO_ROOT, LocalBackend, start_local_backend

pytest_plugins = ["tests.redis_server"]  # real Redis: the `redis_url` fixture


@pytest.fixture(scope="session")
def local_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBackend]:
    backend = start_local_backend(tmp_path_factory.mktemp("local_backend"))
    yield backend
    backend.stop()


@pytest.fixture
def backend(local_backend: LocalBackend) -> Iterator[LocalBackend]:
    """The local backend with no faults, default config and an empty request log, for one test."""
    local_backend.reset()
    yield local_backend
    local_backend.reset()


# Production's settings, complete (tests of production's behaviour run Django with these in a subprocess).
PRODUCTION_ENV = {
    "SUNNSTEEL_ENV": "production",
    "SECRET_KEY": "x" * 30 + "-production-test-secret-key-0123456789",
    "ALLOWED_HOSTS": "app.sunnsteel.example",
}


def production_subprocess_env(**env: str) -> dict[str, str]:
    """This process's environment without its test and production settings, plus `env`."""
    dropped = {*PRODUCTION_ENV, "DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "STATIC_ROOT"}
    return {**{k: v for k, v in os.environ.items() if k not in dropped}, **env}


@pytest.fixture(scope="session")
def production_static_root(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """STATIC_ROOT as production's `collectstatic` writes it, collected once per run: the first worker to
    ask runs it, the others wait for it (a file lock in the run's shared temporary folder) and read the same
    tree. Nothing writes to it afterwards."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # pytest-xdist: each worker's folder is inside the run's
        shared = shared.parent
    root = shared / "production-static"
    with open(shared / "production-static.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (root / "staticfiles.json").exists():  # written last, once every file is there
            command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
            env = production_subprocess_env(**PRODUCTION_ENV, STATIC_ROOT=str(root))
            result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
    return root


# --- The web app against the local backend --------------------------------------------------------

import threading  # noqa: E402

from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.test import Client  # noqa: E402

# Playwright's sync API runs an event loop in the test thread; Django's async-safety guard would then
# refuse ordinary sync calls (we use no ORM, so nothing unsafe happens).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _web_points_at_test_backend(request: pytest.FixtureRequest, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every test's web app talks to the test backend (when the test uses one) and has its own cache."""
    from django.core.cache import cache

    from sunnsteel_web.state import state_cache

    cache.clear()
    state_cache().clear()
    settings.SESSION_FILE_PATH = str(tmp_path)
    if "backend" in request.fixturenames or "local_backend" in request.fixturenames:
        lb: LocalBackend = request.getfixturevalue("local_backend")
        settings.SUNNSTEEL_API_URL = lb.api_url
        settings.SUPABASE_URL = lb.root_url
        settings.SUPABASE_ANON_KEY = lb.anon_key


def sign_in_client(client: Client, email: str, password: str) -> Client:
    """Signs in through the login form (for tests about signing in; others use `client_for`)."""
    response = client.post("/login", {"email": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def signed_in_session(backend: LocalBackend, email: str) -> str:
    """The key of a web session signed in as `email`, as the login view leaves one: a new sign-in at the auth
    stand-in (its tokens from the control API, without the password), verified by the backend
    (`POST /auth/supabase/verify`, the call the login makes) and stored by `accounts.tokens.sign_in`.
    Skips the form and the password check, which the sign-in tests cover."""
    from importlib import import_module

    from django.conf import settings
    from django.test import RequestFactory

    from accounts import services, tokens
    from accounts.auth import Tokens
    from sunnsteel_web.backend.client import BackendClient

    answer = backend.tokens_for(email)
    signed_in = Tokens(
        access_token=answer["access_token"],
        refresh_token=answer["refresh_token"],
        expires_at=int(answer["expires_at"]),
        lifetime=int(answer["expires_in"]),
    )
    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    user = services.auth_verify(BackendClient(client_ip=request.META["REMOTE_ADDR"]), signed_in.access_token)
    tokens.sign_in(request, signed_in, user)
    request.session.save()
    assert request.session.session_key is not None
    return request.session.session_key


def signed_in_client(backend: LocalBackend, email: str) -> Client:
    """A test client signed in as `email` (see `signed_in_session`)."""
    from django.conf import settings

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(backend, email)
    return client


class _QuietHandler(WSGIRequestHandler):
    # The body, written after the headers, leaves at once: with Nagle's algorithm it waited for the
    # browser's delayed ACK of the headers, about 40 ms per request (production's gunicorn sets TCP_NODELAY).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep test output readable
        pass


@pytest.fixture(scope="session")
def web_server() -> Iterator[str]:
    """The web app served over real HTTP from a thread of the test process (no database needed, unlike
    pytest-django's live_server). Test settings changes apply to it, since it shares this process."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), _QuietHandler)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def user(backend: LocalBackend) -> dict:
    """A fresh signed-up user with the demo routines and history (an account of their own per test)."""
    return backend.create_user(demo_data=True)


@pytest.fixture
def client_for(backend: LocalBackend):  # type: ignore[no-untyped-def]
    """Makes signed-in test clients: `client_for(user)`."""

    def make(account: dict) -> Client:
        return signed_in_client(backend, account["email"])

    return make


@pytest.fixture
def signed_in(client_for, user) -> Client:  # type: ignore[no-untyped-def]
    return client_for(user)


@pytest.fixture
def read_timeout(settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[float]:  # type: ignore[no-untyped-def]
    """Backend and auth calls give up after 1 s instead of 5, for tests that wait one out: the auth client's
    timeout is the shared pool's, fixed when the pool is made, so a pool of its own is made for the test."""
    from sunnsteel_web.backend import client

    settings.BACKEND_READ_TIMEOUT = 1.0
    monkeypatch.setattr(client, "_pool", None)
    yield settings.BACKEND_READ_TIMEOUT
    if client._pool is not None:
        client._pool.close()
