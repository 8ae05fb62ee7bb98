"""Two saves of one set on their way at once (a phone that gave up waiting and sent the next edit, two tabs):
whatever order the backend handles them in, the newest edit is what it keeps."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from django.test import Client

from tests.auth_kit import wait_until
from tests.workouts.lifters import HTMX, Lifter, row_action

SET_LOGS = "/api/workouts/sessions/*/set-logs"


@pytest.fixture
def other(lifter: Lifter, client_for: Callable[[dict[str, Any]], Client]) -> Client:
    """The same lifter in a second tab or on another device."""
    return client_for(lifter.account)


def _save(client: Client, action: str, version: int, weight: str, reps: str) -> Any:
    fields = {"weight": weight, "reps": reps, "completed": "1", "version": str(version)}
    return client.post(action, fields, headers=HTMX)


def _action(lifter: Lifter, session_id: str) -> str:
    return row_action(
        lifter.client.get(f"/workouts/{session_id}").content.decode(), session_id, lifter.bench, 1
    )


def _cross(
    lifter: Lifter, other: Client, session_id: str, *, then: dict[str, Any] | None = None
) -> tuple[Any, Any]:
    """Saves 50×5 and then, from `other`, 60×6 of the bench's first set, so that the older save reaches the
    backend first but is handled a second later, after the newer one, and the newer one's answer comes back
    later still: the older one ends first. `then`: a fault for the set saves after those two. The answers,
    older first."""
    action = _action(lifter, session_id)
    lifter.backend.add_fault(SET_LOGS, "slow", method="PUT", delay=1.0, times=1)
    lifter.backend.add_fault(SET_LOGS, "late", method="PUT", delay=1.5, times=1)
    if then is not None:
        lifter.backend.add_fault(SET_LOGS, method="PUT", **then)
    before = len(lifter.backend.api_calls())
    with ThreadPoolExecutor(2) as pool:
        older = pool.submit(_save, lifter.client, action, 100, "50", "5")
        wait_until(lambda: len(lifter.calls_since(before)) == 1)  # on its way, not yet handled
        newer = pool.submit(_save, other, action, 200, "60", "6")
        return older.result(), newer.result()


def _older_save_on_its_way(lifter: Lifter, pool: ThreadPoolExecutor, action: str) -> Future[Any]:
    """Saves 50×5 of the bench's first set from the lifter's tab, handled by the backend two seconds after
    it arrives; returns once it has arrived."""
    lifter.backend.add_fault(SET_LOGS, "slow", method="PUT", delay=2.0, times=1)
    before = len(lifter.backend.api_calls())
    older = pool.submit(_save, lifter.client, action, 100, "50", "5")
    wait_until(lambda: len(lifter.calls_since(before)) == 1)
    return older


def _kept(lifter: Lifter, session_id: str) -> tuple[float, int]:
    (log,) = lifter.session(session_id)["setLogs"]
    return log["weight"], log["reps"]


def test_an_older_save_handled_last_is_overwritten_by_the_newer_edit(lifter: Lifter, other: Client) -> None:
    session_id = lifter.start()
    before = len(lifter.backend.api_calls())

    older, newer = _cross(lifter, other, session_id)

    assert (older.status_code, newer.status_code) == (409, 200)  # the older tab is told of the newer edit
    assert 'value="60"' in older.content.decode() and 'value="60"' in newer.content.decode()
    saves = [call for call in lifter.calls_since(before) if "/set-logs" in call]
    assert _kept(lifter, session_id) == (60, 6)
    # One call more than the two saves: the newer edit, written again once both had ended.
    assert saves == [f"PUT /api/workouts/sessions/{session_id}/set-logs"] * 3


def _cross_and_fail_to_write_again(lifter: Lifter, other: Client, session_id: str) -> None:
    """`_cross`, with the newer edit's write again refused: the backend keeps the older values for now."""
    _, newer = _cross(lifter, other, session_id, then={"kind": "status", "status": 503})
    lifter.backend.clear_faults()
    assert newer.status_code == 502  # written, but not again: the phone says it is not saved
    assert _kept(lifter, session_id) == (50, 5)


def test_a_newer_edit_that_could_not_be_written_again_is_written_by_the_phones_retry(
    lifter: Lifter,
    other: Client,
) -> None:
    session_id = lifter.start()
    _cross_and_fail_to_write_again(lifter, other, session_id)
    before = len(lifter.backend.api_calls())

    retried = _save(other, _action(lifter, session_id), 200, "60", "6")  # the same edit, sent again

    assert retried.status_code == 200
    assert [call for call in lifter.calls_since(before) if "/set-logs" in call] == [
        f"PUT /api/workouts/sessions/{session_id}/set-logs"
    ]
    assert _kept(lifter, session_id) == (60, 6)


def test_a_newer_edit_that_could_not_be_written_again_is_written_when_finishing(
    lifter: Lifter,
    other: Client,
) -> None:
    session_id = lifter.start()
    _cross_and_fail_to_write_again(lifter, other, session_id)

    finished = lifter.client.post(f"/workouts/{session_id}/finish", {"confirm": "on"})

    assert finished.status_code == 302
    assert _kept(lifter, session_id) == (60, 6)


def test_a_clear_that_could_not_be_written_again_is_written_when_finishing(
    lifter: Lifter,
    other: Client,
) -> None:
    session_id = lifter.start()
    action = _action(lifter, session_id)
    with ThreadPoolExecutor(1) as pool:
        older = _older_save_on_its_way(lifter, pool, action)  # handled after the newer edit: a clear
        assert other.post(action, {"clear": "1", "version": "200"}, headers=HTMX).status_code == 200
        # The clear's write again, once the older save has ended, is refused.
        lifter.backend.add_fault(f"{SET_LOGS}/*", "status", method="DELETE", status=503)
        assert older.result().status_code == 502
    lifter.backend.clear_faults()
    assert lifter.session(session_id)["setLogs"] != []  # the older save is what the backend holds

    finished = lifter.client.post(f"/workouts/{session_id}/finish", {"confirm": "on"})

    assert finished.status_code == 302
    assert lifter.session(session_id)["setLogs"] == []


def test_an_edit_made_while_the_newest_is_written_again_is_what_stays(
    lifter: Lifter,
    other: Client,
) -> None:
    session_id = lifter.start()
    action = _action(lifter, session_id)
    before = len(lifter.backend.api_calls())
    with ThreadPoolExecutor(1) as pool:
        # The write again of 60×6 reaches the backend and is handled a second later...
        crossing = pool.submit(
            _cross, lifter, other, session_id, then={"kind": "slow", "delay": 1.0, "times": 1}
        )
        wait_until(lambda: len([c for c in lifter.calls_since(before) if "/set-logs" in c]) == 3)
        # ...after a still newer edit, 70×7, made meanwhile.
        newest = _save(lifter.client, action, 300, "70", "7")
        crossing.result()

    assert newest.status_code == 200
    assert _kept(lifter, session_id) == (70, 7)


def test_a_tab_told_of_a_newer_edit_a_late_save_may_overwrite_is_asked_to_send_it_again(
    lifter: Lifter,
    other: Client,
    settings: Any,
) -> None:
    settings.BACKEND_READ_TIMEOUT = 1.0  # the older save is given up on after 1 s...
    settings.BACKEND_STALE_WRITE_WINDOW = 3.0  # ...and may land for 3 s after that
    session_id = lifter.start()
    action = _action(lifter, session_id)
    with ThreadPoolExecutor(1) as pool:
        older = _older_save_on_its_way(lifter, pool, action)
        assert _save(other, action, 200, "60", "6").status_code == 200  # saved before the older one gives up
        assert older.result().status_code == 503  # "did not answer in time"

    retried = _save(lifter.client, action, 100, "50", "5")  # the older tab's Retry

    assert retried.status_code == 409 and 'value="60"' in retried.content.decode()
    recheck = json.loads(retried["HX-Trigger"])["set-recheck"]
    assert 2000 < recheck["after"] <= 3250  # once the older save can no longer land


def test_a_workout_finished_elsewhere_before_the_newest_is_written_again_is_said_so(
    lifter: Lifter,
    other: Client,
) -> None:
    session_id = lifter.start()
    before = len(lifter.backend.api_calls())
    with ThreadPoolExecutor(1) as pool:
        crossing = pool.submit(_cross, lifter, other, session_id)
        # Both saves handled, the newer one's answer still on its way: the workout is finished on a watch.
        wait_until(lambda: len(_answered_saves(lifter, before)) == 2)
        lifter.api.finish(session_id, "COMPLETED")
        _, newer = crossing.result()

    assert newer.status_code == 409 and newer["X-Set-Outcome"] == "finished"
    assert newer["X-Record-URL"] == f"/workouts/{session_id}"


def _answered_saves(lifter: Lifter, before: int) -> list[dict[str, Any]]:
    calls = [r for r in lifter.backend.requests() if r["path"].startswith("/api/")][before:]
    return [r for r in calls if "/set-logs" in r["path"] and r["status"] is not None]
