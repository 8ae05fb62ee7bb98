"""Two saves of one set on their way at once (a phone that gave up waiting and sent the next edit, two tabs):
whatever order the backend handles them in, the newest edit is what it keeps."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.test import Client

from tests.auth_kit import wait_until
from tests.workouts.lifters import HTMX, Lifter, row_action

SET_LOGS = "/api/workouts/sessions/*/set-logs"


def _save(client: Client, action: str, version: int, weight: str, reps: str) -> Any:
    fields = {"weight": weight, "reps": reps, "completed": "1", "version": str(version)}
    return client.post(action, fields, headers=HTMX)


def _cross(lifter: Lifter, other: Client, session_id: str, *, then_down: bool = False) -> tuple[Any, Any]:
    """Saves 50×5 and then, from `other`, 60×6 of the bench's first set, so that the older save reaches the
    backend first but is handled a second later, after the newer one, and the newer one's answer comes back
    later still: the older one ends first. `then_down`: every later set save fails. The answers, older
    first."""
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    action = row_action(page, session_id, lifter.bench, 1)
    lifter.backend.add_fault(SET_LOGS, "slow", method="PUT", delay=1.0, times=1)
    lifter.backend.add_fault(SET_LOGS, "late", method="PUT", delay=1.5, times=1)
    if then_down:
        lifter.backend.add_fault(SET_LOGS, "status", method="PUT", status=503)
    before = len(lifter.backend.api_calls())
    with ThreadPoolExecutor(2) as pool:
        older = pool.submit(_save, lifter.client, action, 100, "50", "5")
        wait_until(lambda: len(lifter.calls_since(before)) == 1)  # on its way, not yet handled
        newer = pool.submit(_save, other, action, 200, "60", "6")
        return older.result(), newer.result()


def _kept(lifter: Lifter, session_id: str) -> tuple[float, int]:
    (log,) = lifter.session(session_id)["setLogs"]
    return log["weight"], log["reps"]


def test_an_older_save_handled_last_is_overwritten_by_the_newer_edit(lifter: Lifter, client_for) -> None:  # type: ignore[no-untyped-def]
    session_id = lifter.start()
    other = client_for(lifter.account)
    before = len(lifter.backend.api_calls())

    older, newer = _cross(lifter, other, session_id)

    assert (older.status_code, newer.status_code) == (200, 200)
    assert 'value="60"' in newer.content.decode()
    saves = [call for call in lifter.calls_since(before) if "/set-logs" in call]
    assert _kept(lifter, session_id) == (60, 6)
    # One call more than the two saves: the newer edit, written again once both had ended.
    assert saves == [f"PUT /api/workouts/sessions/{session_id}/set-logs"] * 3


def test_a_newer_edit_that_could_not_be_written_again_is_written_when_finishing(
    lifter: Lifter,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    session_id = lifter.start()

    _, newer = _cross(lifter, client_for(lifter.account), session_id, then_down=True)
    lifter.backend.clear_faults()

    assert newer.status_code == 502  # written, but not again: the phone says it is not saved
    assert _kept(lifter, session_id) == (50, 5)
    finished = lifter.client.post(f"/workouts/{session_id}/finish", {"confirm": "on"})
    assert finished.status_code == 302
    assert _kept(lifter, session_id) == (60, 6)
