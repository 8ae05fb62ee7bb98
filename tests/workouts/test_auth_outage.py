"""An auth-service outage mid-workout signs nobody out and loses no set (the backend validates every token
with the auth service, as production does: while it is down every backend call answers 401)."""

from __future__ import annotations

import time

import httpx

from accounts.tokens import SESSION_KEY
from tests.localbackend import LocalBackend
from tests.workouts.lifters import HTMX, Lifter, row_fields, set_url


def _done(lifter: Lifter, session_id: str, set_number: int, weight: str, reps: str):  # type: ignore[no-untyped-def]
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    fields = row_fields(page, session_id, lifter.bench, set_number)
    return lifter.client.post(
        set_url(session_id, lifter.bench, set_number),
        {**fields, "weight": weight, "reps": reps, "toggle": "1"},
        headers=HTMX,
    )


def test_an_auth_outage_mid_workout_signs_nobody_out_and_loses_no_set(lifter: Lifter) -> None:
    session_id = lifter.start(lifter.monday)
    assert _done(lifter, session_id, 1, "60", "8").status_code == 200
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    fields = row_fields(page, session_id, lifter.bench, 2)

    lifter.backend.add_fault("/auth/v1/*", "status", status=503)  # the auth service is down for minutes
    during = lifter.client.post(
        set_url(session_id, lifter.bench, 2),
        {**fields, "weight": "62.5", "reps": "7", "toggle": "1"},
        headers=HTMX,
    )
    refused = [r for r in lifter.backend.requests() if r["path"].startswith("/api/") and r["status"] == 401]
    told = during.content.decode() + " ".join(during.headers.values())

    assert refused  # the backend could not validate the token (production's "Token validation failed")
    assert "HX-Redirect" not in during and SESSION_KEY in lifter.client.session  # still signed in
    assert "sign-in service is not answering" in told  # the outage wording; the row keeps its draft

    lifter.backend.clear_faults()  # the outage is over
    again = _done(lifter, session_id, 2, "62.5", "7")

    assert again.status_code == 200
    logs = sorted(lifter.session(session_id)["setLogs"], key=lambda log: log["setNumber"])
    assert [(log["setNumber"], log["weight"], log["reps"]) for log in logs] == [(1, 60, 8), (2, 62.5, 7)]


def test_the_backend_asks_the_auth_service_for_every_call(backend: LocalBackend, user: dict) -> None:
    token = backend.sign_in(user["email"], user["password"])
    headers = {"Authorization": f"Bearer {token}"}
    backend.add_fault("/auth/v1/user", "status", status=503, times=1)
    down = httpx.get(f"{backend.api_url}/routines", headers=headers)
    backend.add_fault("/auth/v1/user", "slow", delay=3, times=1)
    started = time.monotonic()
    slow = httpx.get(f"{backend.api_url}/routines", headers=headers, timeout=30)

    assert (down.status_code, down.json()["message"]) == (401, "Token validation failed")
    assert slow.status_code == 200 and time.monotonic() - started >= 3
