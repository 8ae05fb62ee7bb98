"""Shared fixtures: the real local backend (a child process), reset between tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.localbackend import LocalBackend, start_local_backend

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


# --- The web app against the local backend --------------------------------------------------------

import os  # noqa: E402
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
    response = client.post("/login", {"email": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


class _QuietHandler(WSGIRequestHandler):
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
        return sign_in_client(Client(), account["email"], account["password"])

    return make


@pytest.fixture
def signed_in(client_for, user) -> Client:  # type: ignore[no-untyped-def]
    return client_for(user)
