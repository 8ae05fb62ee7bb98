"""Backend calls are a budget: the same answer is fetched once while fresh, and only for its owner."""

from __future__ import annotations

import pytest
from django.test import Client

from routines.services import exercise_list, routine_list
from sunnsteel_web.backend import errors
from sunnsteel_web.backend.client import BackendClient
from tests.localbackend import LocalBackend
from workouts import services as workouts


def test_a_page_visited_twice_within_its_freshness_makes_one_call(
    backend: LocalBackend, signed_in: Client
) -> None:
    backend.reset()
    assert signed_in.get("/").status_code == 200
    first_visit = sorted(backend.api_calls())
    assert signed_in.get("/").status_code == 200
    assert sorted(backend.api_calls()) == first_visit  # the second visit made no call
    assert first_visit.count("GET /api/routines") == 1


def test_two_users_never_share_a_cached_answer(backend: LocalBackend, client_for) -> None:
    alice = backend.create_user(name="Alice Cache")
    bob = backend.create_user(name="Bob Cache")
    a_client, b_client = client_for(alice), client_for(bob)
    backend.reset()
    a_client.get("/")
    b_client.get("/")
    a_client.get("/")
    b_client.get("/")
    calls = [(r["path"], r["email"]) for r in backend.requests() if r["path"] == "/api/routines"]
    assert calls == [("/api/routines", alice["email"]), ("/api/routines", bob["email"])]


def _api_for(backend: LocalBackend, account: dict) -> BackendClient:
    token = backend.sign_in(account["email"], account["password"])
    return BackendClient(token=token, user_key=account["id"])


def test_a_set_log_save_updates_that_cached_session_and_touches_nothing_else(
    backend: LocalBackend, user: dict
) -> None:
    api = _api_for(backend, user)
    routine = routine_list(api)[0]
    day = routine.days[0]
    started = workouts.workout_session_start(api, routine_id=routine.id, routine_day_id=day.id)
    fresh = lambda: _api_for_key(api)  # noqa: E731 - a new request of the same user
    workouts.workout_session_get(fresh(), started.id)
    routine_list(fresh())
    exercise_list(fresh())
    backend.reset()
    slot = day.exercises[0]
    workouts.workout_set_log_upsert(
        fresh(),
        started.id,
        routine_exercise_id=slot.id,
        exercise_id=slot.exercise.id,
        set_number=1,
        reps=8,
        weight=60,
        is_completed=True,
    )
    session = workouts.workout_session_get(fresh(), started.id)
    routine_list(fresh())
    exercise_list(fresh())
    assert backend.api_calls() == [f"PUT /api/workouts/sessions/{started.id}/set-logs"]
    assert [log.reps for log in session.set_logs or []] == [8]  # the saved log, without fetching again
    workouts.workout_set_log_delete(fresh(), started.id, slot.id, 1)
    assert workouts.workout_session_get(fresh(), started.id).set_logs == []
    assert backend.api_calls()[-1] == f"DELETE /api/workouts/sessions/{started.id}/set-logs/{slot.id}/1"


def test_a_failed_set_log_save_forgets_the_cached_session(backend: LocalBackend, user: dict) -> None:
    api = _api_for(backend, user)
    routine = routine_list(api)[0]
    day = routine.days[0]
    started = workouts.workout_session_start(api, routine_id=routine.id, routine_day_id=day.id)
    workouts.workout_session_get(_api_for_key(api), started.id)
    backend.add_fault("/api/workouts/sessions/*/set-logs", "drop", method="PUT")
    slot = day.exercises[0]
    with pytest.raises(errors.BackendUnavailable):
        workouts.workout_set_log_upsert(
            _api_for_key(api),
            started.id,
            routine_exercise_id=slot.id,
            exercise_id=slot.exercise.id,
            set_number=1,
            reps=8,
        )
    backend.reset()
    workouts.workout_session_get(_api_for_key(api), started.id)
    assert backend.api_calls() == [f"GET /api/workouts/sessions/{started.id}"]  # unknown outcome: asked again


def test_finishing_clears_the_active_session_lists_and_routines(backend: LocalBackend, user: dict) -> None:
    api = _api_for(backend, user)
    routine = routine_list(api)[0]
    started = workouts.workout_session_start(api, routine_id=routine.id, routine_day_id=routine.days[0].id)
    assert workouts.workout_session_active(_api_for_key(api)) is not None
    workouts.workout_sessions_list(_api_for_key(api))
    routine_list(_api_for_key(api))
    backend.reset()
    workouts.workout_session_finish(_api_for_key(api), started.id, status="ABORTED")
    assert workouts.workout_session_active(_api_for_key(api)) is None
    workouts.workout_sessions_list(_api_for_key(api))
    routine_list(_api_for_key(api))
    assert backend.api_calls() == [
        f"PATCH /api/workouts/sessions/{started.id}/finish",
        "GET /api/workouts/sessions/active",
        "GET /api/workouts/sessions",
        "GET /api/routines",
    ]


def test_the_exercise_catalog_is_fetched_once_for_everyone(backend: LocalBackend) -> None:
    first, second = backend.create_user(), backend.create_user()
    exercise_list(_api_for(backend, first))
    exercise_list(_api_for(backend, second))
    assert backend.api_calls().count("GET /api/exercises") == 1


def _api_for_key(api: BackendClient) -> BackendClient:
    """Another request of the same user (a new client: no per-request memo, same cache owner)."""
    return BackendClient(token=api.token, user_key=api.user_key)
