"""The backend's rate limit shared fairly: one user cannot spend everyone's budget, the last of it goes to
writes, a read that cannot be made shows the last good copy, a 429's wait is waited out, and a page has a
deadline. Counts come from the local backend's request log; time is moved, never waited for."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import respx
from django.core.cache import cache
from django.test import Client

from sunnsteel_web.backend import errors
from sunnsteel_web.backend.client import BackendClient
from tests.localbackend import LocalBackend
from tests.workouts.lifters import HTMX, Lifter, row_fields, set_url


class Clock:
    """Moves wall-clock time (`time.time`, which the cache's expiry reads) forward."""

    def __init__(self) -> None:
        self.offset = 0.0

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    moved = Clock()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + moved.offset)
    yield moved


def _list_calls(backend: LocalBackend, email: str) -> list[dict]:
    return [
        r
        for r in backend.requests()
        if r["method"] == "GET" and r["path"] == "/api/workouts/sessions" and r["email"] == email
    ]


def _toasts(response: httpx.Response) -> str:
    return " ".join(toast["message"] for toast in json.loads(response["HX-Trigger"])["toasts"])


def _save_set(lifter: Lifter, session_id: str, page: str, reps: str) -> httpx.Response:
    fields = row_fields(page, session_id, lifter.bench, 1)
    return lifter.client.post(  # type: ignore[return-value]
        set_url(session_id, lifter.bench, 1),
        {**fields, "weight": "60", "reps": reps, "toggle": "1"},
        headers=HTMX,
    )


def test_one_user_racing_through_history_filters_leaves_everyone_else_their_pages_and_saves(
    backend: LocalBackend, make_lifter: Callable[..., Lifter]
) -> None:
    hasty, lifting = make_lifter(), make_lifter()
    session_id = lifting.start(lifting.monday)
    page = lifting.client.get(f"/workouts/{session_id}").content.decode()
    backend.configure(rateLimit=100, rateWindow=60)  # production's 100 a minute

    answers = [hasty.client.get(f"/workouts/history?q=word{n}", headers=HTMX) for n in range(101)]

    assert len(_list_calls(backend, hasty.account["email"])) == 15  # a fair share, not the whole minute
    assert answers[-1].status_code == 429
    assert re.search(r"Too many requests\. Please wait \d+ seconds and try again", _toasts(answers[-1]))
    history = lifting.client.get("/workouts/history")
    assert history.status_code == 200 and "History" in history.content.decode()
    assert _save_set(lifting, session_id, page, reps="9").status_code == 200
    backend.configure(rateLimit=0)
    logs = lifting.session(session_id)["setLogs"]
    assert [(log["setNumber"], log["reps"]) for log in logs] == [(1, 9)]


def test_the_last_of_the_budget_goes_to_set_saves_not_to_reads(
    backend: LocalBackend, lifter: Lifter, settings
) -> None:
    """A backend that counts every call of this address together (the local backend's limit today)."""
    settings.BACKEND_RATE_SCOPE = "address"
    settings.BACKEND_RATE_LIMIT, settings.BACKEND_WRITE_RESERVE, settings.BACKEND_USER_SHARE = 30, 5, 100
    session_id = lifter.start(lifter.monday)
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    backend.configure(rateLimit=30, rateWindow=60)
    cache.clear()  # this server's count starts with the backend's window
    before = len(backend.api_calls())

    for n in range(40):
        lifter.client.get(f"/workouts/history?q=word{n}", headers=HTMX)

    assert len(lifter.calls_since(before)) == 25  # reads stop 5 short of the limit
    assert _save_set(lifter, session_id, page, reps="11").status_code == 200
    backend.configure(rateLimit=0)
    assert [log["reps"] for log in lifter.session(session_id)["setLogs"]] == [11]


def test_history_that_cannot_be_refreshed_shows_the_last_good_copy_marked_as_of_when(
    backend: LocalBackend, user: dict, signed_in: Client, clock: Clock
) -> None:
    first = signed_in.get("/workouts/history").content.decode()
    shown = re.findall(r'href="/workouts/([0-9a-f-]{36})', first)
    assert shown
    fetched = time.strftime("%H:%M", time.gmtime(time.time()))
    clock.advance(200)  # the list's 2 minutes of freshness are over
    backend.add_fault("/api/workouts/sessions", "status", method="GET", status=503)

    page = signed_in.get("/workouts/history")
    swapped = signed_in.get("/workouts/history", headers=HTMX)

    assert page.status_code == 200
    body = page.content.decode()
    assert re.findall(r'href="/workouts/([0-9a-f-]{36})', body) == shown
    assert f"As of {fetched} — could not refresh." in body and "Possibly out of date" in body
    assert swapped.status_code == 200 and f"As of {fetched} — could not refresh." in _toasts(swapped)


def test_the_resume_bar_waits_out_a_429_instead_of_asking_again(lifter: Lifter, clock: Clock) -> None:
    lifter.start(lifter.monday)
    lifter.client.get("/routines/")
    clock.advance(31)  # the active session's 30 s of freshness are over
    lifter.backend.add_fault(
        "/api/workouts/sessions/active", "status", method="GET", status=429, retryAfter=60, times=1
    )
    before = len(lifter.backend.api_calls())

    refused = lifter.client.get("/workouts/banner", headers=HTMX)
    clock.advance(31)  # the next refresh, a little later: still within the wait
    waiting = lifter.client.get("/workouts/banner", headers=HTMX)

    assert refused.status_code == 204 and waiting.status_code == 204  # the bar on the page stays as it is
    assert lifter.calls_since(before) == ["GET /api/workouts/sessions/active"]
    clock.advance(30)  # the wait is over
    after_wait = lifter.client.get("/workouts/banner", headers=HTMX)
    assert "Workout in progress" in after_wait.content.decode()
    assert lifter.calls_since(before) == ["GET /api/workouts/sessions/active"] * 2


def test_a_page_out_of_time_shows_the_outage_page_and_makes_no_more_calls(
    backend: LocalBackend, user: dict, signed_in: Client, settings
) -> None:
    settings.BACKEND_PAGE_DEADLINE = 1.0
    backend.add_fault("/api/*", "slow", method="GET", delay=0.6)
    before = len(backend.api_calls())

    page = signed_in.get("/workouts/history")

    assert page.status_code == 503
    assert "taking too long to answer" in page.content.decode()
    assert len(backend.api_calls()) - before == 2  # history makes 3 calls; the third was never made


def test_a_sign_in_that_meets_a_429_says_busy_and_how_long_to_wait(backend: LocalBackend, user: dict) -> None:
    backend.add_fault("/api/auth/supabase/verify", "status", method="POST", status=429, retryAfter=40)

    page = Client().post("/login", {"email": user["email"], "password": user["password"]})

    assert "Too many requests. Please wait 40 seconds and try again" in (page.content.decode())


@respx.mock
def test_productions_retry_after_long_closes_the_route_until_the_wait_is_over(settings) -> None:
    settings.SUNNSTEEL_API_URL = "http://backend.test/api"
    route = respx.get("http://backend.test/api/routines").mock(
        return_value=httpx.Response(429, headers={"Retry-After-long": "60"}, json={"message": "Too Many"})
    )
    api = BackendClient(token="t", user_key="u1")

    with pytest.raises(errors.RateLimited) as first:
        api.get("/routines")
    with pytest.raises(errors.RateLimited) as second:
        BackendClient(token="t2", user_key="u2").get("/routines")

    assert first.value.retry_after == 60 and second.value.retry_after == 60
    assert route.call_count == 1  # nobody asks again before the wait is over
