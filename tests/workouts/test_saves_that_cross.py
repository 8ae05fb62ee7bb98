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


def test_an_older_save_handled_last_is_overwritten_by_the_newer_edit(lifter: Lifter, client_for) -> None:  # type: ignore[no-untyped-def]
    session_id = lifter.start()
    action = row_action(
        lifter.client.get(f"/workouts/{session_id}").content.decode(), session_id, lifter.bench, 1
    )
    other = client_for(lifter.account)
    # The older save reaches the backend first but is handled a second later, after the newer one; the
    # newer one's answer comes back later still, so the older one ends first.
    lifter.backend.add_fault(SET_LOGS, "slow", method="PUT", delay=1.0, times=1)
    lifter.backend.add_fault(SET_LOGS, "late", method="PUT", delay=1.5, times=1)
    before = len(lifter.backend.api_calls())

    with ThreadPoolExecutor(2) as pool:
        older = pool.submit(_save, lifter.client, action, 100, "50", "5")
        wait_until(lambda: len(lifter.calls_since(before)) == 1)  # on its way, not yet handled
        newer = pool.submit(_save, other, action, 200, "60", "6")
        answers = older.result(), newer.result()

    assert [answer.status_code for answer in answers] == [200, 200]
    assert 'value="60"' in answers[1].content.decode()
    calls = lifter.calls_since(before)
    (log,) = lifter.session(session_id)["setLogs"]
    assert (log["weight"], log["reps"]) == (60, 6)
    # One call more than the two saves: the newer edit, written again once both had ended.
    assert calls == [f"PUT /api/workouts/sessions/{session_id}/set-logs"] * 3
