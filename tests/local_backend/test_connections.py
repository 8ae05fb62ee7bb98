"""The local backend keeps a connection open between requests, as production's backend does, so the web
app's pool reuses it; nothing one request leaves behind spoils the next on the same connection."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.localbackend import LocalBackend


@pytest.fixture
def connection(backend: LocalBackend) -> Iterator[http.client.HTTPConnection]:
    address = urlsplit(backend.root_url)
    opened = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)
    yield opened
    opened.close()


def _ask(
    connection: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None
) -> http.client.HTTPResponse:
    connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    return response


def test_a_second_request_goes_over_the_same_connection(connection: http.client.HTTPConnection) -> None:
    first = _ask(connection, "GET", "/api/health")
    socket_after_first = connection.sock
    second = _ask(connection, "GET", "/api/health")

    assert (first.status, second.status) == (200, 200)
    assert first.version == 11 and first.getheader("Connection") is None
    assert socket_after_first is not None and connection.sock is socket_after_first


def test_a_body_nobody_read_does_not_spoil_the_next_request(connection: http.client.HTTPConnection) -> None:
    unread = _ask(connection, "POST", "/api/no-such-route", body=b'{"padding": "' + b"x" * 5000 + b'"}')
    socket_after_first = connection.sock
    after = _ask(connection, "GET", "/api/health")

    assert unread.status == 404
    assert after.status == 200
    assert socket_after_first is not None and connection.sock is socket_after_first


def test_a_dropped_request_closes_its_connection_and_the_next_one_is_answered(
    backend: LocalBackend, connection: http.client.HTTPConnection
) -> None:
    _ask(connection, "GET", "/api/health")
    backend.add_fault("/api/health", "drop", times=1)

    with pytest.raises(http.client.RemoteDisconnected):
        _ask(connection, "GET", "/api/health")
    connection.close()

    assert _ask(connection, "GET", "/api/health").status == 200


def test_the_auth_services_connection_that_dropped_is_not_asked_again(
    backend: LocalBackend, user: dict, connection: http.client.HTTPConnection
) -> None:
    """The API keeps its connection to the auth service between the requests of one client connection; one
    the auth service dropped fails that call alone (production's "Token validation failed")."""
    token = backend.sign_in(user["email"], user["password"])
    headers = {"Authorization": f"Bearer {token}"}

    def routines() -> int:
        connection.request("GET", "/api/routines", headers=headers)
        answer = connection.getresponse()
        answer.read()
        return answer.status

    before = routines()
    backend.add_fault("/auth/v1/user", "drop", times=1)
    dropped = routines()
    after = [routines(), routines()]

    assert (before, dropped, after) == (200, 401, [200, 200])
    asked = [r for r in backend.requests() if r["path"] == "/auth/v1/user"]
    assert len(asked) == 4  # each API call asked once, the dropped one too
