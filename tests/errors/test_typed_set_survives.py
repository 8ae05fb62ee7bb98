"""Nothing typed is lost: a set typed while the backend fails is kept, explained, and saves once it is back.

For each fault — backend down, slow past the timeout, 500, 429, malformed JSON — on an htmx save (what a
phone with JavaScript sends) and on a plain form save (without JavaScript).
"""

from __future__ import annotations

import json

import pytest

from sunnsteel_web.backend.client import BackendClient
from tests.workouts.lifters import (  # noqa: F401 - fixtures
    HTMX,
    Lifter,
    http_fixture,
    input_value,
    lifter_fixture,
    make_lifter_fixture,
    row_fields,
    row_html,
    set_url,
)

SET_LOGS = "/api/workouts/sessions/*/set-logs"
FAULTS = {
    # name: (how to cause it, htmx status, toast title, the seed's words)
    "down": ("down", 503, "Service Unavailable", "not answering"),
    "slow": ({"kind": "slow", "delay": 2}, 503, "Service Unavailable", "taking too long"),
    "500": (
        {"kind": "status", "status": 500},
        502,
        "Server Error",
        "A server error occurred. Please try again later",
    ),
    "429": (
        {"kind": "status", "status": 429},
        429,
        "Rate Limited",
        "Too many requests. Please wait a moment",
    ),
    "malformed": ({"kind": "malformed"}, 503, "Service Unavailable", "not answering"),
}
TYPED = {"weight": "62.5", "reps": "11", "rpe": "8", "toggle": "1"}


@pytest.fixture
def session_page(lifter: Lifter) -> tuple[str, dict[str, str]]:
    session_id = lifter.start()
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    return session_id, row_fields(page, session_id, lifter.bench, 1)


def _break(lifter: Lifter, fault: object, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BACKEND_READ_TIMEOUT = 0.5
    if fault == "down":
        settings.SUNNSTEEL_API_URL = "http://127.0.0.1:9/api"
    else:
        lifter.backend.add_fault(SET_LOGS, method="PUT", **fault)  # type: ignore[arg-type]


def _repair(lifter: Lifter, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SUNNSTEEL_API_URL = lifter.backend.api_url
    lifter.backend.clear_faults()


def _saved_bench_set(lifter: Lifter, session_id: str) -> tuple[float, int, float, bool]:
    (log,) = [
        log for log in lifter.session(session_id)["setLogs"] if log["routineExerciseId"] == lifter.bench["id"]
    ]
    return log["weight"], log["reps"], log["rpe"], log["isCompleted"]


@pytest.mark.parametrize("name", FAULTS)
def test_an_htmx_save_during_a_fault_tells_why_and_the_same_values_save_afterwards(
    lifter: Lifter, session_page, settings, name: str
) -> None:
    session_id, fields = session_page
    fault, status, title, words = FAULTS[name]
    _break(lifter, fault, settings)

    response = lifter.client.post(set_url(session_id, lifter.bench, 1), {**fields, **TYPED}, headers=HTMX)

    assert response.status_code == status
    (toast,) = json.loads(response["HX-Trigger"])["toasts"]
    assert toast["title"] == title and toast["level"] == "error"
    assert toast["message"].startswith("Failed to save set log.") and words in toast["message"]
    assert response.content == b""  # htmx swaps nothing: the typed inputs stay as they are on the page
    _repair(lifter, settings)
    retry = lifter.client.post(set_url(session_id, lifter.bench, 1), {**fields, **TYPED}, headers=HTMX)
    assert retry.status_code == 200
    assert _saved_bench_set(lifter, session_id) == (62.5, 11, 8, True)


@pytest.mark.parametrize("name", FAULTS)
def test_a_form_save_during_a_fault_keeps_the_typed_values_on_the_page_and_saves_afterwards(
    lifter: Lifter, session_page, settings, name: str
) -> None:
    session_id, fields = session_page
    fault, _, title, words = FAULTS[name]
    _break(lifter, fault, settings)

    response = lifter.client.post(set_url(session_id, lifter.bench, 1), {**fields, **TYPED})
    _repair(lifter, settings)  # the page itself must load again to show what was kept
    page = lifter.client.get(response["Location"]).content.decode()

    row = row_html(page, lifter.bench, 1)
    assert (input_value(row, "weight"), input_value(row, "reps"), input_value(row, "rpe")) == (
        "62.5",
        "11",
        "8",
    )
    assert "Not saved — your entry is kept." in row and ">Retry</button>" in row
    assert title in page and words in page  # the toast, in the seed's words
    lifter.client.post(
        set_url(session_id, lifter.bench, 1), {**fields, **TYPED, "toggle": "", "completed": "1"}
    )
    assert _saved_bench_set(lifter, session_id) == (62.5, 11, 8, True)


def test_a_set_kept_without_javascript_survives_the_page_failing_to_load_once(
    lifter: Lifter, session_page, settings
) -> None:
    session_id, fields = session_page
    _break(lifter, {"kind": "status", "status": 500}, settings)
    response = lifter.client.post(set_url(session_id, lifter.bench, 1), {**fields, **TYPED})
    _repair(lifter, settings)
    BackendClient(user_key=lifter.account["id"]).invalidate("routines")  # minutes later: no longer fresh
    lifter.backend.add_fault("/api/routines/*", "status", method="GET", status=500)  # and now it fails

    failed = lifter.client.get(response["Location"])
    _repair(lifter, settings)  # "Try again"
    lifter.client.head(response["Location"])  # a HEAD request renders the page for nobody to see
    page = lifter.client.get(response["Location"]).content.decode()

    assert failed.status_code == 502
    row = row_html(page, lifter.bench, 1)
    assert (input_value(row, "weight"), input_value(row, "reps"), input_value(row, "rpe")) == (
        "62.5",
        "11",
        "8",
    )
    assert "Not saved — your entry is kept." in row
    again = lifter.client.get(
        response["Location"]
    ).content.decode()  # kept until it is saved: a reload keeps it
    assert "Not saved — your entry is kept." in row_html(again, lifter.bench, 1)
    lifter.client.post(
        set_url(session_id, lifter.bench, 1), {**row_fields(again, session_id, lifter.bench, 1), **TYPED}
    )
    saved = lifter.client.get(response["Location"]).content.decode()  # saved: the page is as saved
    assert "Not saved — your entry is kept." not in row_html(saved, lifter.bench, 1)
