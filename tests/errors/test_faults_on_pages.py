"""What the user sees when the backend fails, on a full page and on an htmx request."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.localbackend import LocalBackend

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}


def _toasts(response) -> list[dict]:  # type: ignore[no-untyped-def]
    return json.loads(response["HX-Trigger"])["toasts"]


FAULTS = [
    # (fault kwargs, page status, title, words in the message)
    (
        {"kind": "status", "status": 500},
        502,
        "Server Error",
        "A server error occurred. Please try again later",
    ),
    (
        {"kind": "status", "status": 429},
        429,
        "Rate Limited",
        "Too many requests. Please wait a moment and try again",
    ),
    # Production's throttler: `Retry-After-long: 60` and no `Retry-After`; the wait is told.
    ({"kind": "throttled"}, 429, "Rate Limited", "Too many requests. Please wait 60 seconds and try again"),
    ({"kind": "malformed"}, 503, "Service Unavailable", "not answering"),
    ({"kind": "drop"}, 503, "Service Unavailable", "not answering"),
    ({"kind": "slow", "delay": 2}, 503, "Service Unavailable", "taking too long"),
]


@pytest.fixture
def fast_timeout(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BACKEND_READ_TIMEOUT = 0.5


@pytest.mark.parametrize(("fault", "status", "title", "words"), FAULTS)
def test_a_failing_backend_shows_an_error_page_with_a_way_on(
    backend: LocalBackend, signed_in: Client, fast_timeout, fault, status, title, words
) -> None:
    backend.add_fault("/api/routines", method="GET", **fault)
    response = signed_in.get("/")
    body = response.content.decode()
    assert response.status_code == status
    assert title in body and words in body
    assert "Try again" in body and 'href="/"' in body


@pytest.mark.parametrize(("fault", "status", "title", "words"), FAULTS)
def test_a_failing_backend_on_an_htmx_request_sends_a_toast(
    backend: LocalBackend, signed_in: Client, fast_timeout, fault, status, title, words
) -> None:
    backend.add_fault("/api/routines", method="GET", **fault)
    response = signed_in.get("/", headers=HTMX)
    assert response.status_code == status
    (toast,) = _toasts(response)
    assert toast["title"] == title and words in toast["message"] and toast["level"] == "error"
    assert response.content == b""  # nothing to swap: the page stays as it was


def test_the_backend_being_down_shows_the_unavailable_page(
    backend: LocalBackend, signed_in: Client, settings
) -> None:
    settings.SUNNSTEEL_API_URL = "http://127.0.0.1:9/api"
    response = signed_in.get("/")
    assert response.status_code == 503
    assert "Service Unavailable" in response.content.decode()


def test_an_unknown_address_shows_the_404_page_in_our_layout(signed_in: Client) -> None:
    response = signed_in.get("/no/such/page")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Not Found" in body and "Sunnsteel" in body and "Go home" in body


def test_pending_messages_travel_to_the_next_htmx_response_as_toasts(backend: LocalBackend) -> None:
    client = Client()
    client.post(
        "/signup",
        {
            "name": "Toast Fan",
            "email": "toast.fan@example.test",
            "password": "pass-word-1",
            "confirm_password": "pass-word-1",
        },
    )
    response = client.get("/", headers=HTMX)
    assert _toasts(response) == [
        {"title": "Account created", "message": "Welcome to Sunnsteel, Toast Fan!", "level": "success"}
    ]
    assert "HX-Trigger" not in client.get("/", headers=HTMX)  # delivered once


def test_errors_are_logged_once_with_request_id_route_and_status(
    backend: LocalBackend, signed_in: Client, caplog
) -> None:
    backend.add_fault("/api/routines", "status", method="GET", status=404)
    caplog.set_level("INFO", logger="sunnsteel_web.backend")
    response = signed_in.get("/", headers={"X-Request-ID": "trace-42"})
    assert response["X-Request-ID"] == "trace-42"
    failures = [r for r in caplog.records if "backend call failed" in r.getMessage()]
    assert len(failures) == 1
    assert "GET /routines 404" in failures[0].getMessage()
    assert failures[0].request_id == "trace-42"
