"""The local backend as a process: setup, demo data, environment settings, idle sessions, races."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from supabase import ClientOptions, create_client

from tests.localbackend import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    REPO_ROOT,
    LocalBackend,
    http_client,
    start_local_backend,
)


@pytest.fixture
def own_backend(tmp_path: Path) -> Iterator[callable]:  # type: ignore[valid-type]
    """start(**env) -> a local backend of this test only, with its own database and environment."""
    started: list[LocalBackend] = []

    def start(**env: str) -> LocalBackend:
        backend = start_local_backend(tmp_path, **env)
        started.append(backend)
        return backend

    yield start
    for backend in started:
        backend.stop()


def authed(backend: LocalBackend, email: str, password: str) -> httpx.Client:
    token = backend.sign_in(email, password)
    return http_client(base_url=backend.api_url, headers={"Authorization": f"Bearer {token}"})


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        tables = [row[0] for row in connection.execute("select name from sqlite_master where type='table'")]
        return {t: connection.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def test_setup_twice_changes_nothing(tmp_path: Path) -> None:
    env = {"LOCAL_BACKEND_DB": str(tmp_path / "db.sqlite3"), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "local_backend", "setup"]
    first = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True)
    before = counts(tmp_path / "db.sqlite3")
    subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True)
    assert counts(tmp_path / "db.sqlite3") == before
    assert first.stdout == "" and before["local_backend_exercise"] >= 60


def test_the_demo_login_has_two_routines_and_pages_of_history(backend: LocalBackend) -> None:
    api = authed(backend, DEMO_EMAIL, DEMO_PASSWORD)
    assert (
        api.post("/auth/supabase/verify", json={"token": api.headers["Authorization"][7:]}).json()["user"][
            "name"
        ]
        == "Demo Lifter"
    )
    routines = api.get("/routines").json()
    assert {r["name"] for r in routines} == {"Upper/Lower", "Push Pull Legs"}
    days = {d["dayOfWeek"] for r in routines for d in r["days"]}
    exercises = [e for r in routines for d in r["days"] for e in d["exercises"]]
    assert len(days) >= 4
    assert {e["progressionScheme"] for e in exercises} == {
        "NONE",
        "DOUBLE_PROGRESSION",
        "DYNAMIC_DOUBLE_PROGRESSION",
    }
    assert {s["repType"] for e in exercises for s in e["sets"]} == {"FIXED", "RANGE"}
    assert any(e["note"] for e in exercises)
    first = api.get("/workouts/sessions").json()
    second = api.get(f"/workouts/sessions?cursor={first['nextCursor']}").json()
    history = first["items"] + second["items"]
    assert len(first["items"]) == 20 and len(history) >= 28
    assert {s["status"] for s in history} == {"COMPLETED", "ABORTED"}
    assert any("notes" in s for s in history)
    oldest = dt.datetime.fromisoformat(history[-1]["startedAt"])
    assert dt.datetime.now(dt.UTC) - oldest > dt.timedelta(weeks=9)
    logs = api.get(f"/workouts/sessions/{history[0]['id']}").json()["setLogs"]
    assert logs and all(log["isCompleted"] for log in logs)


def test_a_control_user_with_demo_data_gets_its_own_copy(backend: LocalBackend) -> None:
    account = backend.create_user(demo_data=True, name="Copy Cat", weight_unit="LB")
    again = backend.create_user(email=account["email"], password="other-pass-2", demo_data=True)
    assert again["id"] == account["id"]  # the same user, updated
    api = authed(backend, account["email"], "other-pass-2")
    assert api.get("/auth/supabase/profile").json()["user"]["name"] == "Copy Cat"
    assert len(api.get("/routines").json()) == 2  # demo data is not added twice
    assert len(api.get("/workouts/sessions?limit=50").json()["items"]) >= 28


def test_demo_data_as_of_a_moment_ends_before_it_and_needs_an_offset(backend: LocalBackend) -> None:
    monday = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    account = backend.create_user(demo_data=True, demo_as_of=monday.isoformat())
    api = authed(backend, account["email"], account["password"])
    history = api.get("/workouts/sessions?limit=50").json()["items"]

    assert len(history) == 30  # ten whole weeks before that Monday, three workouts each
    assert max(dt.datetime.fromisoformat(s["endedAt"]) for s in history) < monday
    naive = {
        "email": "naive@example.test",
        "password": "pass-word-1",
        "demoData": True,
        "demoAsOf": "2026-11-02",
    }
    refused = backend.http.post(f"{backend.root_url}/__control__/users", json=naive)
    assert refused.status_code == 400 and "demoAsOf" in refused.json()["message"]


def test_faults_and_rate_limits_from_the_environment(own_backend) -> None:  # type: ignore[no-untyped-def]
    backend = own_backend(
        LOCAL_BACKEND_FAULTS="GET /api/health=status:503;/api/auth/supabase/health=malformed",
        LOCAL_BACKEND_RATE_LIMIT="2",
        LOCAL_BACKEND_TRUST_PROXY="1",
    )
    health = f"{backend.api_url}/health"
    failed = backend.http.get(health)
    assert failed.status_code == 503 and failed.json()["message"] == "Internal server error"
    assert backend.http.get(f"{backend.api_url}/auth/supabase/health").text.startswith("<html>")
    backend.clear_faults()
    alice, bob = {"X-Forwarded-For": "198.51.100.1"}, {"X-Forwarded-For": "198.51.100.2, 10.0.0.1"}
    assert [backend.http.get(health, headers=alice).status_code for _ in range(3)] == [200, 200, 429]
    assert backend.http.get(health, headers=bob).status_code == 200  # counted per client address
    logged = [r for r in backend.requests() if r["path"] == "/api/health"]
    assert logged[-1]["forwardedFor"] == "198.51.100.2, 10.0.0.1"


def test_the_control_api_can_be_switched_off(own_backend) -> None:  # type: ignore[no-untyped-def]
    backend = own_backend(LOCAL_BACKEND_CONTROL="0")
    assert backend.http.post(f"{backend.root_url}/__control__/reset").status_code == 404
    assert backend.http.get(f"{backend.api_url}/health").status_code == 200


def test_requiring_email_confirmation_from_the_environment(own_backend) -> None:  # type: ignore[no-untyped-def]
    backend = own_backend(LOCAL_BACKEND_REQUIRE_EMAIL_CONFIRMATION="1")
    options = ClientOptions(auto_refresh_token=False, persist_session=False, flow_type="implicit")
    client = create_client(backend.root_url, backend.anon_key, options=options)
    result = client.auth.sign_up({"email": "new@example.test", "password": "secret-1"})
    assert result.session is None
    link = backend.outbox()[0]["link"]
    landing = backend.http.get(link)  # implicit flow: the session rides in the fragment
    assert landing.status_code == 303 and "#access_token=" in landing.headers["location"]


def test_with_the_idle_sweep_quirk_off_an_idle_session_is_aborted_when_read(
    own_backend, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    backend = own_backend(LOCAL_BACKEND_QUIRKS_OFF="idle-sweep")
    account = backend.create_user(demo_data=True)
    api = authed(backend, account["email"], account["password"])
    routine = api.get("/routines").json()[0]
    started = api.post(
        "/workouts/sessions/start",
        json={"routineId": routine["id"], "routineDayId": routine["days"][0]["id"]},
    ).json()
    idle_since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=49)
    with sqlite3.connect(tmp_path / "local_backend.sqlite3") as db:
        db.execute(
            "update local_backend_workoutsession set started_at = ?, last_activity_at = ? where id = ?",
            (
                idle_since.strftime("%Y-%m-%d %H:%M:%S.%f"),
                idle_since.strftime("%Y-%m-%d %H:%M:%S.%f"),
                started["id"].replace("-", ""),
            ),
        )
    active = api.get("/workouts/sessions/active")
    assert active.status_code == 200 and active.content == b""
    session = api.get(f"/workouts/sessions/{started['id']}").json()
    assert session["status"] == "ABORTED" and session["durationSec"] == 0
    assert session["endedAt"] == session["lastActivityAt"]


def test_the_idle_sweep_runs_by_itself_on_its_interval(own_backend) -> None:  # type: ignore[no-untyped-def]
    # No rate limit: the test asks again until the sweep (due within a second) has run.
    backend = own_backend(LOCAL_BACKEND_SWEEP_INTERVAL="1", LOCAL_BACKEND_RATE_LIMIT="0")
    account = backend.create_user(demo_data=True)
    api = authed(backend, account["email"], account["password"])
    routine = api.get("/routines").json()[0]
    started = api.post(
        "/workouts/sessions/start",
        json={"routineId": routine["id"], "routineDayId": routine["days"][0]["id"]},
    ).json()
    backend.age_workout_sessions(account["email"], 49 * 3600)

    deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20)
    session = api.get(f"/workouts/sessions/{started['id']}").json()
    while session["status"] == "IN_PROGRESS" and dt.datetime.now(dt.UTC) < deadline:
        session = api.get(f"/workouts/sessions/{started['id']}").json()  # until the sweep has run
    assert session["status"] == "ABORTED" and session["durationSec"] is None


def test_a_bad_quirk_name_stops_the_start_with_a_readable_message(tmp_path: Path) -> None:
    env = {"LOCAL_BACKEND_DB": str(tmp_path / "db.sqlite3"), "LOCAL_BACKEND_QUIRKS_OFF": "nope"}
    command = [sys.executable, "-m", "local_backend", "serve", "--port", "0"]
    done = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "LOCAL_BACKEND_QUIRKS_OFF: unknown quirk 'nope'" in done.stderr + done.stdout


def test_racing_starts_make_one_session(backend: LocalBackend) -> None:
    account = backend.create_user(demo_data=True)
    api = authed(backend, account["email"], account["password"])
    routine = api.get("/routines").json()[0]
    body = {"routineId": routine["id"], "routineDayId": routine["days"][0]["id"]}
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: api.post("/workouts/sessions/start", json=body), range(8)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert sorted(a.json()["reused"] for a in answers) == [False] + [True] * 7
    api.patch(f"/workouts/sessions/{answers[0].json()['id']}/finish", json={"status": "ABORTED"})
