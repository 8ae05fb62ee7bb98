"""Exercises and routines: each function names the backend route it calls.

Production facts that shape these (measured, see the README): any `PATCH /routines/:id` erases the set logs of
every past session of that routine, and one with `days` deletes those sessions; `DELETE /routines/:id` deletes
them too. So `routine_update` is only for a routine that has never been trained (`routines.editing` decides).
Favourite, archive (completed) and note PATCHes leave history alone. The list is always fetched whole and
filtered here: production reads any non-empty `isFavorite`/`isCompleted` query value as true.
"""

from __future__ import annotations

from routines.types import Exercise, Routine, RoutinePlan
from sunnsteel_web.backend.client import BackendClient, Cached, parse, parse_list

EXERCISES = Cached("exercises", ttl=30 * 60, shared=True)
ROUTINES = Cached("routines", ttl=5 * 60)


def exercise_list(api: BackendClient) -> list[Exercise]:
    """GET /exercises (the catalogue: the same for everyone, so cached once for all users)"""
    route = "GET /exercises"
    data = api.get("/exercises", cache=EXERCISES, check=lambda d: parse_list(Exercise, d, route))
    return parse_list(Exercise, data, route)


def routine_list(api: BackendClient) -> list[Routine]:
    """GET /routines (never with isFavorite/isCompleted: production reads "false" as true)"""
    route = "GET /routines"
    data = api.get("/routines", cache=ROUTINES, check=lambda d: parse_list(Routine, d, route))
    return parse_list(Routine, data, route)


def routine_get(api: BackendClient, routine_id: str) -> Routine:
    """GET /routines/:id"""
    route = "GET /routines/:id"
    data = api.get(f"/routines/{routine_id}", cache=ROUTINES, check=lambda d: parse(Routine, d, route))
    return parse(Routine, data, route)


def routine_create(api: BackendClient, plan: RoutinePlan) -> Routine:
    """POST /routines"""
    return parse(Routine, api.post("/routines", plan.as_body(), invalidates=["routines"]), "POST /routines")


def routine_update(api: BackendClient, routine_id: str, plan: RoutinePlan) -> Routine:
    """PATCH /routines/:id (the whole plan: production replaces the days and erases the routine's history, so
    only for a routine with no sessions at all)"""
    body = plan.as_body(for_update=True)
    data = api.patch(f"/routines/{routine_id}", body, invalidates=["routines"])
    return parse(Routine, data, "PATCH /routines/:id")


def routine_delete(api: BackendClient, routine_id: str) -> None:
    """DELETE /routines/:id (its sessions go with it, so history and "last time" change too)"""
    api.delete(f"/routines/{routine_id}", invalidates=["routines", "sessions", "active"])


def routine_set_favorite(api: BackendClient, routine_id: str, is_favorite: bool) -> None:
    """PATCH /routines/:id/favorite"""
    api.patch(f"/routines/{routine_id}/favorite", {"isFavorite": is_favorite}, invalidates=["routines"])


def routine_set_archived(api: BackendClient, routine_id: str, archived: bool) -> None:
    """PATCH /routines/:id/completed (the backend's "completed" flag is what the app calls archived)"""
    api.patch(f"/routines/{routine_id}/completed", {"isCompleted": archived}, invalidates=["routines"])
