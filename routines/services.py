"""Exercises and routines: each function names the backend route it calls."""

from __future__ import annotations

from typing import Any

from routines.types import Exercise, Routine
from sunnsteel_web.backend.client import BackendClient, Cached, parse, parse_list

EXERCISES = Cached("exercises", ttl=30 * 60, shared=True)
ROUTINES = Cached("routines", ttl=5 * 60)


def exercise_list(api: BackendClient) -> list[Exercise]:
    """GET /exercises"""
    return parse_list(Exercise, api.get("/exercises", cache=EXERCISES), "GET /exercises")


def routine_list(
    api: BackendClient, *, is_favorite: bool | None = None, is_completed: bool | None = None
) -> list[Routine]:
    """GET /routines?isFavorite=&isCompleted="""
    params = {"isFavorite": _flag(is_favorite), "isCompleted": _flag(is_completed)}
    return parse_list(Routine, api.get("/routines", params, cache=ROUTINES), "GET /routines")


def routine_favorites(api: BackendClient) -> list[Routine]:
    """GET /routines/favorites"""
    return parse_list(Routine, api.get("/routines/favorites", cache=ROUTINES), "GET /routines/favorites")


def routine_completed(api: BackendClient) -> list[Routine]:
    """GET /routines/completed"""
    return parse_list(Routine, api.get("/routines/completed", cache=ROUTINES), "GET /routines/completed")


def routine_get(api: BackendClient, routine_id: str) -> Routine:
    """GET /routines/:id"""
    return parse(Routine, api.get(f"/routines/{routine_id}", cache=ROUTINES), "GET /routines/:id")


def routine_create(api: BackendClient, body: dict[str, Any]) -> Routine:
    """POST /routines (body: CreateRoutine, camelCase as the backend takes it)"""
    return parse(Routine, api.post("/routines", body, invalidates=["routines"]), "POST /routines")


def routine_update(api: BackendClient, routine_id: str, body: dict[str, Any]) -> Routine:
    """PATCH /routines/:id"""
    data = api.patch(f"/routines/{routine_id}", body, invalidates=["routines"])
    return parse(Routine, data, "PATCH /routines/:id")


def routine_delete(api: BackendClient, routine_id: str) -> None:
    """DELETE /routines/:id"""
    api.delete(f"/routines/{routine_id}", invalidates=["routines"])


def routine_set_favorite(api: BackendClient, routine_id: str, is_favorite: bool) -> Routine:
    """PATCH /routines/:id/favorite"""
    data = api.patch(
        f"/routines/{routine_id}/favorite", {"isFavorite": is_favorite}, invalidates=["routines"]
    )
    return parse(Routine, data, "PATCH /routines/:id/favorite")


def routine_set_completed(api: BackendClient, routine_id: str, is_completed: bool) -> Routine:
    """PATCH /routines/:id/completed"""
    data = api.patch(
        f"/routines/{routine_id}/completed", {"isCompleted": is_completed}, invalidates=["routines"]
    )
    return parse(Routine, data, "PATCH /routines/:id/completed")


def routine_exercise_note(api: BackendClient, routine_id: str, routine_exercise_id: str, note: str) -> None:
    """PATCH /routines/:id/exercises/:routineExerciseId/note"""
    api.patch(
        f"/routines/{routine_id}/exercises/{routine_exercise_id}/note",
        {"note": note},
        invalidates=["routines"],
    )


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")
