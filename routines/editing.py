"""Saving a routine without ever costing its history.

Production erases the set logs of every past session of a routine on any `PATCH /routines/:id`, and deletes
them when the PATCH carries days. So a routine that has sessions is never PATCHed: saving an edit creates the
edited routine as a new one (weights as they stand today, after progression) and archives the old one
(`PATCH …/completed`, which leaves history alone), its workouts intact. Only a routine that has never been
trained (no session of any status) is edited in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from routines import services
from routines.types import Routine, RoutinePlan
from sunnsteel_web.backend import errors
from sunnsteel_web.backend.client import BackendClient
from workouts.services import workout_sessions_list

HISTORY_PAGE = 50  # the list's largest page
HISTORY_PAGES = 4  # counted exactly up to 200 workouts; beyond, "more than 200"


@dataclass(frozen=True)
class RoutineHistory:
    finished: int  # completed or discarded workouts
    in_progress: bool  # a workout of this routine is being trained right now
    more: bool = False  # there are more finished workouts than were counted

    @property
    def any(self) -> bool:
        return self.finished > 0 or self.in_progress

    @property
    def text(self) -> str:
        """ "12 past workouts", "1 past workout", "more than 200 past workouts"."""
        if self.more:
            return f"more than {self.finished} past workouts"
        return f"{self.finished} past workout{'' if self.finished == 1 else 's'}"


def routine_history(api: BackendClient, routine_id: str) -> RoutineHistory:
    """GET /workouts/sessions?routineId=&limit=50, paged (every status): what an edit or a delete touches."""
    finished, in_progress, cursor = 0, False, None
    for _ in range(HISTORY_PAGES):
        page = workout_sessions_list(api, routine_id=routine_id, limit=HISTORY_PAGE, cursor=cursor)
        for item in page.items:
            if item.status == "IN_PROGRESS":
                in_progress = True
            else:
                finished += 1
        cursor = page.next_cursor
        if not cursor:
            return RoutineHistory(finished, in_progress)
    return RoutineHistory(finished, in_progress, more=True)


class RoutineInUse(Exception):
    """A workout of the routine is in progress: editing it now would part that workout from the new version
    (its progress would land on the archived one), so it has to be finished or discarded first."""


@dataclass(frozen=True)
class Saved:
    routine: Routine
    how: Literal["created", "updated", "replaced"]
    history: RoutineHistory | None = None  # of the routine that was replaced
    archived: bool = True  # False: the new version exists, but the old one could not be archived


def save(api: BackendClient, routine_id: str | None, plan: RoutinePlan, *, favorite: bool) -> Saved:
    """Creates the routine, updates it in place when it has never been trained, or replaces it: the edit as a
    new routine (favourite like the old one) and the old one archived with its history."""
    if routine_id is None:
        return Saved(services.routine_create(api, plan), "created")
    # Asked afresh, never from the cache: a workout done on another app since the editor opened must not be
    # erased by a PATCH (the one irreversible choice here).
    api.invalidate("sessions")
    history = routine_history(api, routine_id)
    if history.in_progress:
        raise RoutineInUse(routine_id)
    if not history.any:
        return Saved(services.routine_update(api, routine_id, plan), "updated")
    created = services.routine_create(api, plan)
    try:
        if favorite:
            services.routine_set_favorite(api, created.id, True)
        services.routine_set_archived(api, routine_id, True)
    except errors.ApiError:
        # The edit is saved; only tidying up the old version failed (logged by the client). Never undone by
        # deleting the new one: the user is told, and can archive the old one from the routines page.
        return Saved(created, "replaced", history, archived=False)
    return Saved(created, "replaced", history)
