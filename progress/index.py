"""A per-user training index: every finished workout, fetched once, kept small, updated incrementally.

The backend has no per-exercise endpoint, and a finished session (completed or discarded) never changes (the
routine builder never sends the PATCH or DELETE that would change one), so each is fetched once, ever, and
what the progress pages need is kept here: its date, routine and day, and per exercise the sets as logged.

Building it is spread over normal use so it never spends much of the backend's shared budget at once:
`advance` lists new workouts first (the list from the top, until a workout it already holds), then older ones
page by page, then fetches a bounded number of the listed ones. A user with 300 past workouts costs about
300 + 6 calls, once; after that about one list call per visit and one fetch per new workout. Besides the
exercise page, starting a workout takes a step (workouts/views.py); the live page only reads the index.

Kept in Django's cache under the user's id (Redis in production). Losing it costs only rebuilding it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from pydantic import BaseModel, ConfigDict, PrivateAttr

from sunnsteel_web.backend import errors
from sunnsteel_web.backend.client import BackendClient
from sunnsteel_web.memo import ByText
from workouts.services import workout_session_get, workout_sessions_list
from workouts.types import WorkoutSession

if TYPE_CHECKING:
    from sunnsteel_web.http import SignedInRequest

PAGE = 50  # the list's largest page
PAGE_FETCHES = 6  # workouts fetched while a page is drawn, at most
BACKGROUND_FETCHES = 2  # per refresh of "Building your history…" (every 5 s while it shows)
KEEP_SECONDS = 90 * 24 * 60 * 60


class IndexedSet(BaseModel):
    model_config = ConfigDict(frozen=True)  # shared between requests (`_read`)

    number: int
    weight: float | None  # kg
    reps: int | None
    rpe: float | None
    done: bool


class IndexedExercise(BaseModel):
    model_config = ConfigDict(frozen=True)  # shared between requests (`_read`)

    id: str  # the catalogue's exercise id
    name: str
    sets: list[IndexedSet]


class IndexedWorkout(BaseModel):
    model_config = ConfigDict(frozen=True)  # shared between requests (`_read`)

    id: str
    routine_id: str
    title: str  # "Upper/Lower · Monday"
    status: str
    ended_at: datetime
    exercises: list[IndexedExercise]


class TrainingIndex(BaseModel):
    workouts: dict[str, IndexedWorkout] = {}
    known: list[str] = []  # every finished workout listed so far, newest first
    cursor: str | None = None  # where listing older workouts goes on
    listed_all: bool = False
    # A digest of the index as `refreshed` kept it, for pages drawn from it (sunnsteel_web/rendered.py);
    # None once changed, or when it did not come from `refreshed`.
    _fingerprint: str | None = PrivateAttr(default=None)

    @property
    def fingerprint(self) -> str | None:
        return self._fingerprint

    @property
    def waiting(self) -> list[str]:
        return [workout_id for workout_id in self.known if workout_id not in self.workouts]

    @property
    def complete(self) -> bool:
        return self.listed_all and not self.waiting

    def latest_first(self) -> list[IndexedWorkout]:
        return sorted(self.workouts.values(), key=lambda w: w.ended_at, reverse=True)


def load(request: SignedInRequest) -> TrainingIndex:
    raw = cache.get(_key(request))
    return TrainingIndex() if raw is None else _read(raw)


def store(request: SignedInRequest, index: TrainingIndex) -> None:
    cache.set(_key(request), index.model_dump_json(), KEEP_SECONDS)


def refreshed(request: SignedInRequest, *, fetches: int) -> TrainingIndex:
    """The user's index one bounded step further (`advance`), kept for the next page: written back only
    when the step changed it (a built index is tens of kilobytes), else only its expiry renewed."""
    key = _key(request)
    raw = cache.get(key)
    index = TrainingIndex() if raw is None else _read(raw)
    if advance(request.api, index, fetches=fetches) or raw is None:
        raw = index.model_dump_json()
        cache.set(key, raw, KEEP_SECONDS)
    else:
        cache.touch(key, KEEP_SECONDS)
    index._fingerprint = hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()  # what it was read as
    return index


def remember_finished(request: SignedInRequest, session: WorkoutSession) -> None:
    """A workout just finished here goes in from finish's answer (with its set logs): no call, and the next
    "last time" and records already count it. An index not begun yet lists it with the rest."""
    index = load(request)
    if not (index.known or index.listed_all) or session.ended_at is None:
        return
    index.workouts[session.id] = indexed(session)
    if session.id not in index.known:
        index.known.insert(0, session.id)
    store(request, index)


def forget_routine(request: SignedInRequest, routine_id: str) -> None:
    """A routine deleted here took its workouts with it: they leave the index too."""
    index = load(request)
    gone = {w.id for w in index.workouts.values() if w.routine_id == routine_id}
    if gone:
        index.workouts = {k: v for k, v in index.workouts.items() if k not in gone}
        index.known = [k for k in index.known if k not in gone]
        store(request, index)


def advance(api: BackendClient, index: TrainingIndex, *, fetches: int) -> bool:
    """One bounded step: new workouts listed, one page of older ones listed, up to `fetches` fetched. A
    failing backend only stops the step: what it built is kept (the caller stores the index). True when the
    step changed the index."""
    changed = False
    try:
        changed = _list_new(api, index)
        if not index.listed_all:
            _list_older(api, index)
            changed = True
    except errors.NotAuthenticated:
        raise
    except errors.ApiError:
        return changed  # logged by the client
    for workout_id in index.waiting[:fetches]:
        try:
            session = workout_session_get(api, workout_id)
        except errors.NotFound:
            index.known.remove(workout_id)  # deleted since it was listed (with its routine)
            changed = True
            continue
        except errors.NotAuthenticated:
            raise
        except errors.ApiError:
            return changed  # logged by the client; what was built so far is kept, the rest waits
        if session.status != "IN_PROGRESS" and session.ended_at is not None:
            index.workouts[session.id] = indexed(session)
        else:
            index.known.remove(workout_id)
        changed = True
    return changed


def _list_new(api: BackendClient, index: TrainingIndex) -> bool:
    """GET /workouts/sessions from the newest, only until a workout the index already knows. True when
    that changed the index."""
    known = set(index.known)
    page = workout_sessions_list(api, sort="finishedAt:desc", limit=PAGE)
    fresh = [item.id for item in page.items if item.status != "IN_PROGRESS" and item.id not in known]
    if not index.known:  # the first build: this page is the start of the listing
        before = (index.cursor, index.listed_all)
        index.known = fresh
        index.cursor = page.next_cursor
        index.listed_all = page.next_cursor is None
        return bool(fresh) or (index.cursor, index.listed_all) != before
    # More than a page of workouts since the last visit is rare; the older listing then picks up the rest.
    index.known = fresh + index.known
    return bool(fresh)


def _list_older(api: BackendClient, index: TrainingIndex) -> None:
    page = workout_sessions_list(api, sort="finishedAt:desc", limit=PAGE, cursor=index.cursor)
    known = set(index.known)
    index.known += [i.id for i in page.items if i.status != "IN_PROGRESS" and i.id not in known]
    index.cursor = page.next_cursor
    index.listed_all = page.next_cursor is None


def indexed(session: WorkoutSession) -> IndexedWorkout:
    """What the progress pages need of a finished workout."""
    assert session.ended_at is not None
    slots = {e.id: e for e in session.routine_day.exercises}
    by_exercise: dict[str, IndexedExercise] = {}
    for log in sorted(session.set_logs or [], key=lambda log: (log.routine_exercise_id, log.set_number)):
        slot = slots.get(log.routine_exercise_id)
        name = slot.exercise.name if slot else "Exercise"
        entry = by_exercise.setdefault(
            log.exercise_id, IndexedExercise(id=log.exercise_id, name=name, sets=[])
        )
        entry.sets.append(
            IndexedSet(
                number=log.set_number, weight=log.weight, reps=log.reps, rpe=log.rpe, done=log.is_completed
            )
        )
    day = f" · {session.routine_day.day_name}"
    return IndexedWorkout(
        id=session.id,
        routine_id=session.routine_id,
        title=f"{session.routine.name}{day}",
        status=session.status,
        ended_at=session.ended_at,
        exercises=list(by_exercise.values()),
    )


# Indexes as stored, parsed once per process: a built one is tens of kilobytes, read by every progress page.
_parsed: ByText[TrainingIndex] = ByText(4_000_000)


def _read(raw: str) -> TrainingIndex:
    """The index stored as `raw`, with its own lists of workouts (what `advance` and the rest change); the
    workouts in them are frozen, and shared with every other reader of the same text."""
    kept = _parsed.get(raw, TrainingIndex.model_validate_json)
    return kept.model_copy(update={"workouts": dict(kept.workouts), "known": list(kept.known)})


def _key(request: SignedInRequest) -> str:
    return f"training-index:{request.user.pk}"
