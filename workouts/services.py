"""Workout sessions: each function names the backend route it calls.

Freshness (the seed's staleTime): the active session 30 s, one session 5 min, session lists 2 min.
Each mutation clears exactly the cached answers it changes. ("Last time" comes from the training index,
progress/index.py, not from here.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from sunnsteel_web.backend import errors
from sunnsteel_web.backend.client import BackendClient, Cached, parse
from workouts.types import SessionPage, SetLog, StartResponse, WorkoutSession

ACTIVE = Cached("active", ttl=30)
SESSION_LISTS = Cached("sessions", ttl=2 * 60)


def session_cache(session_id: str) -> Cached:
    return Cached(f"session:{session_id}", ttl=5 * 60)


def workout_session_start(
    api: BackendClient, *, routine_id: str, routine_day_id: str, notes: str | None = None
) -> StartResponse:
    """POST /workouts/sessions/start

    A backend that answers 409 (the seed's behaviour) raises `ActiveSessionConflict` carrying the active
    session; the production backend instead answers with that session and `reused: true`, which the caller
    compares with the day it asked for.
    """
    body: dict[str, str] = {"routineId": routine_id, "routineDayId": routine_day_id}
    if notes:
        body["notes"] = notes
    try:
        data = api.post("/workouts/sessions/start", body, invalidates=["active", "sessions"])
    except errors.Conflict as exc:
        raise errors.ActiveSessionConflict(
            workout_session_active(api), message=exc.message, status=409, body=exc.body, route=exc.route
        ) from exc
    return parse(StartResponse, data, "POST /workouts/sessions/start")


def workout_session_active(api: BackendClient) -> WorkoutSession | None:
    """GET /workouts/sessions/active (no session: 200 with an empty body, or 404 from a seed-style backend)"""
    try:
        data = api.get("/workouts/sessions/active", cache=ACTIVE, check=_active_shape)
    except errors.NotFound:
        return None
    return None if data is None else parse(WorkoutSession, data, "GET /workouts/sessions/active")


def workout_session_get(api: BackendClient, session_id: str) -> WorkoutSession:
    """GET /workouts/sessions/:id"""
    data = api.get(f"/workouts/sessions/{session_id}", cache=session_cache(session_id), check=_session_shape)
    return parse(WorkoutSession, data, "GET /workouts/sessions/:id")


def workout_session_finish(
    api: BackendClient,
    session_id: str,
    *,
    status: Literal["COMPLETED", "ABORTED"],
    notes: str | None = None,
) -> WorkoutSession:
    """PATCH /workouts/sessions/:id/finish (COMPLETED applies progression, so routines change too)"""
    body: dict[str, str] = {"status": status}
    if notes:
        body["notes"] = notes
    data = api.patch(
        f"/workouts/sessions/{session_id}/finish",
        body,
        invalidates=["active", "sessions", f"session:{session_id}", "routines"],
    )
    return parse(WorkoutSession, data, "PATCH /workouts/sessions/:id/finish")


def workout_set_log_upsert(
    api: BackendClient,
    session_id: str,
    *,
    routine_exercise_id: str,
    exercise_id: str,
    set_number: int,
    reps: int | None = None,
    weight: float | None = None,
    rpe: float | None = None,
    is_completed: bool | None = None,
) -> SetLog:
    """PUT /workouts/sessions/:id/set-logs (creates or updates the log of that set; weight in kg)"""
    body: dict[str, object] = {
        "routineExerciseId": routine_exercise_id,
        "exerciseId": exercise_id,
        "setNumber": set_number,
    }
    for key, value in (("reps", reps), ("weight", weight), ("rpe", rpe), ("isCompleted", is_completed)):
        if value is not None:
            body[key] = value
    data = _changing_session(
        api, session_id, lambda: api.put(f"/workouts/sessions/{session_id}/set-logs", body)
    )
    saved = parse(SetLog, data, "PUT /workouts/sessions/:id/set-logs")
    # The answer is the whole log: fold it into the cached session instead of fetching the session again.
    api.update_cached(
        session_cache(session_id),
        f"/workouts/sessions/{session_id}",
        lambda session: _with_set_log(session, data),
    )
    return saved


def workout_set_log_delete(
    api: BackendClient, session_id: str, routine_exercise_id: str, set_number: int
) -> None:
    """DELETE /workouts/sessions/:id/set-logs/:routineExerciseId/:setNumber"""
    _changing_session(
        api,
        session_id,
        lambda: api.delete(f"/workouts/sessions/{session_id}/set-logs/{routine_exercise_id}/{set_number}"),
    )
    api.update_cached(
        session_cache(session_id),
        f"/workouts/sessions/{session_id}",
        lambda session: _without_set_log(session, routine_exercise_id, set_number),
    )


SortOrder = Literal["finishedAt:desc", "finishedAt:asc", "startedAt:desc", "startedAt:asc"]


def workout_sessions_list(
    api: BackendClient,
    *,
    status: str | None = None,
    routine_id: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    q: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
    sort: SortOrder | None = None,
) -> SessionPage:
    """GET /workouts/sessions?status&routineId&from&to&q&cursor&limit&sort"""
    params = {
        "status": status,
        "routineId": routine_id,
        "from": date_from,
        "to": date_to,
        "q": q,
        "cursor": cursor,
        "limit": limit,
        "sort": sort,
    }
    data = api.get("/workouts/sessions", params, cache=SESSION_LISTS, check=_page_shape)
    return parse(SessionPage, data, "GET /workouts/sessions")


def workout_session_remember_finished(api: BackendClient, session: WorkoutSession) -> None:
    """Keeps a session we just finished (finish's answer with its set logs) as `GET /workouts/sessions/:id`,
    and `GET /workouts/sessions/active` as none: only the in-progress session can be finished, and a user has
    at most one."""
    api.prime(
        session_cache(session.id),
        f"/workouts/sessions/{session.id}",
        session.model_dump(mode="json", by_alias=True),
    )
    api.prime(ACTIVE, "/workouts/sessions/active", None)


# Checks the client runs before it caches an answer (a `{}` body must not be kept for minutes).
def _session_shape(data: Any) -> object:
    return parse(WorkoutSession, data, "GET /workouts/sessions/:id")


def _active_shape(data: Any) -> object:
    return None if data is None else parse(WorkoutSession, data, "GET /workouts/sessions/active")


def _page_shape(data: Any) -> object:
    return parse(SessionPage, data, "GET /workouts/sessions")


def _changing_session(api: BackendClient, session_id: str, call: Callable[[], Any]) -> Any:
    """Runs a set-log change; if it fails, whether it happened is unknown, so the cached session goes."""
    try:
        return call()
    except errors.ApiError:
        api.invalidate(f"session:{session_id}")
        raise


def _with_set_log(session: dict[str, Any], saved: dict[str, Any]) -> dict[str, Any]:
    key = (saved["routineExerciseId"], saved["setNumber"])
    logs = [
        log for log in session.get("setLogs") or [] if (log["routineExerciseId"], log["setNumber"]) != key
    ]
    return {**session, "setLogs": [*logs, saved], "lastActivityAt": saved.get("updatedAt")}


def _without_set_log(session: dict[str, Any], routine_exercise_id: str, set_number: int) -> dict[str, Any]:
    logs = [
        log
        for log in session.get("setLogs") or []
        if (log["routineExerciseId"], log["setNumber"]) != (routine_exercise_id, set_number)
    ]
    return {**session, "setLogs": logs}
