"""The budget's own counting, with the clock moved by hand (no backend, no waiting): in a real Redis (one
atomic script per call, as production counts) and in the in-process cache (development, most tests)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from sunnsteel_web.backend import budget

pytestmark = pytest.mark.usefixtures("each_cache")


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    moment = [6_000_000.0]  # a window boundary (a multiple of 60)
    monkeypatch.setattr(budget, "clock", lambda: moment[0])
    return moment


def test_ids_are_counted_as_one_route() -> None:
    assert (
        budget.route_of("PUT", "/workouts/sessions/0b5e2b0e-1c1f-4a55-9d6e-3f1f4b1f2a10/set-logs?x=1")
        == "PUT /workouts/sessions/:id/set-logs"
    )
    assert budget.route_of("DELETE", "/workouts/sessions/x/set-logs/7/2").endswith("/x/set-logs/:id/:id")


def test_no_span_of_one_window_sees_more_than_the_limit(now: list[float], settings) -> None:
    settings.BACKEND_RATE_LIMIT, settings.BACKEND_WRITE_RESERVE = 10, 0
    now[0] += 59  # the last second of a clock minute: a backend window may start here
    assert [budget.admit("PUT /x", None, write=True) for _ in range(10)] == [None] * 10

    now[0] += 2  # a new clock minute, but the backend's window that began a second ago is still open
    assert budget.admit("PUT /x", None, write=True) == 59  # until their 10 s slot has left the window
    now[0] += 59
    assert budget.admit("PUT /x", None, write=True) is None


def test_reads_leave_the_reserve_to_writes_and_one_user_gets_a_share(now: list[float], settings) -> None:
    settings.BACKEND_RATE_LIMIT, settings.BACKEND_WRITE_RESERVE, settings.BACKEND_USER_SHARE = 10, 3, 5

    reads = [budget.admit("GET /r", owner, write=False) for owner in ("a", "b") for _ in range(5)]

    assert reads.count(None) == 7  # 10 - 3 kept for writes
    # Writes may take the rest; then the route waits until the first slot of calls leaves the window.
    assert budget.admit("GET /r", "a", write=False) is not None  # a's share is spent anyway
    assert [budget.admit("GET /r", "c", write=True) for _ in range(4)] == [None, None, None, 70]


def test_a_users_share_is_not_given_again_when_a_clock_minute_ends(now: list[float], settings) -> None:
    settings.BACKEND_RATE_LIMIT, settings.BACKEND_WRITE_RESERVE, settings.BACKEND_USER_SHARE = 100, 0, 5
    now[0] += 59  # the last second of a clock minute
    assert [budget.admit("GET /r", "a", write=False) for _ in range(5)] == [None] * 5

    now[0] += 2  # a new clock minute: the five calls of a second ago are still in the window
    assert budget.admit("GET /r", "a", write=False) == 59  # until their 10 s slot has left it
    assert budget.admit("GET /r", "b", write=False) is None  # everyone else's share is their own
    now[0] += 59
    assert budget.admit("GET /r", "a", write=False) is None


def test_a_block_refuses_everyone_until_the_wait_is_over(now: list[float]) -> None:
    budget.block("GET /workouts/sessions/active", 60)

    assert budget.admit("GET /workouts/sessions/active", "someone", write=False) == 60
    now[0] += 61
    assert budget.admit("GET /workouts/sessions/active", "someone", write=False) is None


def test_callers_racing_for_the_last_calls_never_get_more_than_the_limit(now: list[float], settings) -> None:
    settings.BACKEND_RATE_LIMIT, settings.BACKEND_WRITE_RESERVE, settings.BACKEND_USER_SHARE = 10, 0, 100

    with ThreadPoolExecutor(max_workers=8) as pool:  # each thread has its own cache connection, as workers
        answers = list(pool.map(lambda n: budget.admit("PUT /x", f"user{n % 3}", write=True), range(40)))

    assert answers.count(None) == 10
    # Refused calls were not counted: the window holds the 10 until their slot has left it.
    assert budget.admit("PUT /x", "someone-else", write=True) == 70
