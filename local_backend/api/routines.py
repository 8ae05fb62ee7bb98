"""Exercises and routines: the catalog, routine CRUD, favorite/completed toggles and exercise notes."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from local_backend.api.routine_input import DayInput, ExerciseInput, parse_routine
from local_backend.api.routing import app_user
from local_backend.api.serializers import (
    exercise_json,
    routine_exercise_json,
    routine_exercise_row_json,
    routine_json,
    routine_summary_json,
    with_structure_days,
)
from local_backend.config import quirk
from local_backend.models import (
    AppUser,
    Exercise,
    Routine,
    RoutineDay,
    RoutineExercise,
    RoutineSet,
    SetLog,
    WorkoutSession,
)
from local_backend.responses import ApiError, json_response
from local_backend.timeutil import now
from local_backend.validation import Checker, check_query, parse_uuid, query_bool, read_json_object, truthy

NOT_FOUND = "Routine not found"
# Production's words for a routine that is not the caller's (or does not exist), per action.
NO_PERMISSION = "Routine not found or you do not have permission to {} it."


def exercises_list(request: HttpRequest) -> HttpResponse:
    """GET /exercises, sorted by name."""
    return json_response([exercise_json(e) for e in Exercise.objects.order_by("name")])


def _routines(user: AppUser, **filters: object) -> list[Routine]:
    queryset = Routine.objects.filter(user=user, **filters).prefetch_related(with_structure_days())
    return list(queryset.order_by("-created_at", "-id"))


def owned_routine(user: AppUser, routine_id: str, message: str = NOT_FOUND) -> Routine:
    pk = parse_uuid(routine_id)
    routine = Routine.objects.filter(pk=pk, user=user).first() if pk else None
    if routine is None:
        raise ApiError(404, message)
    return routine


def _full(routine: Routine) -> dict[str, object]:
    return routine_json(Routine.objects.prefetch_related(with_structure_days()).get(pk=routine.pk))


def routines_list(request: HttpRequest) -> HttpResponse:
    """GET /routines?isFavorite=&isCompleted="""
    params = check_query(request, ["isFavorite", "isCompleted"])
    errors: list[str] = []
    filters = {
        "is_favorite": query_bool(params, "isFavorite", errors),
        "is_completed": query_bool(params, "isCompleted", errors),
    }
    if errors:
        raise ApiError(400, ", ".join(errors))
    chosen = {k: v for k, v in filters.items() if v is not None}
    return json_response([routine_json(r) for r in _routines(app_user(request), **chosen)])


def routines_favorites(request: HttpRequest) -> HttpResponse:
    """GET /routines/favorites"""
    return json_response([routine_json(r) for r in _routines(app_user(request), is_favorite=True)])


def routines_completed(request: HttpRequest) -> HttpResponse:
    """GET /routines/completed"""
    return json_response([routine_json(r) for r in _routines(app_user(request), is_completed=True)])


def routine_get(request: HttpRequest, routine_id: str) -> HttpResponse:
    """GET /routines/:id"""
    return json_response(_full(owned_routine(app_user(request), routine_id)))


def routine_create(request: HttpRequest) -> HttpResponse:
    """POST /routines (CreateRoutine) -> 201 Routine"""
    data = parse_routine(read_json_object(request), partial=False)
    exercises = _catalog_rows(data.days or [])
    with transaction.atomic():
        routine = Routine.objects.create(
            user=app_user(request),
            name=data.name or "",
            description=data.description,
            is_periodized=bool(data.is_periodized),
        )
        for day in data.days or []:
            _create_day(routine, day, exercises)
    return json_response(_full(routine), 201)


def routine_update(request: HttpRequest, routine_id: str) -> HttpResponse:
    """PATCH /routines/:id: any part of CreateRoutine; `days` replaces the whole structure."""
    routine = owned_routine(app_user(request), routine_id, NO_PERMISSION.format("edit"))
    data = parse_routine(read_json_object(request), partial=True)
    exercises = _catalog_rows(data.days or [])
    with transaction.atomic():
        if quirk("routine-patch-erases-set-logs"):
            # Production: any PATCH, even a rename, empties the set logs of the routine's sessions.
            SetLog.objects.filter(session__routine=routine).delete()
        if data.name is not None:
            routine.name = data.name
        if "description" in data.present:
            routine.description = data.description
        if data.is_periodized is not None:
            routine.is_periodized = data.is_periodized
        if data.days is not None:
            if quirk("routine-patch-days-new-ids"):
                # Production: the structure is recreated (new day and exercise ids); the sessions go with it.
                WorkoutSession.objects.filter(routine=routine).delete()
                RoutineDay.objects.filter(routine=routine).delete()
                for day in data.days:
                    _create_day(routine, day, exercises)
            else:
                _replace_days(routine, data.days, exercises)
        routine.updated_at = now()
        routine.save()
    return json_response(_full(routine))


def routine_delete(request: HttpRequest, routine_id: str) -> HttpResponse:
    """DELETE /routines/:id -> the deleted routine (without days); its sessions go with it."""
    routine = owned_routine(app_user(request), routine_id, NO_PERMISSION.format("delete"))
    body = routine_summary_json(routine)
    routine.delete()
    return json_response(body)


def _toggle(request: HttpRequest, routine_id: str, field: str, attribute: str) -> HttpResponse:
    routine = owned_routine(app_user(request), routine_id, NO_PERMISSION.format("modify"))
    body = read_json_object(request)
    if quirk("truthy-flags") and body.get(field) is not None:
        body = {**body, field: truthy(body[field])}  # production: {"isFavorite": "false"} sets true
    check = Checker(body)
    check.forbid_unknown([field])
    value = check.boolean(field, required=True)
    check.raise_if_errors()
    setattr(routine, attribute, value)
    routine.updated_at = now()
    routine.save()
    return json_response(routine_summary_json(routine))


def routine_favorite(request: HttpRequest, routine_id: str) -> HttpResponse:
    """PATCH /routines/:id/favorite {isFavorite}"""
    return _toggle(request, routine_id, "isFavorite", "is_favorite")


def routine_completed(request: HttpRequest, routine_id: str) -> HttpResponse:
    """PATCH /routines/:id/completed {isCompleted}"""
    return _toggle(request, routine_id, "isCompleted", "is_completed")


def routine_exercise_note(request: HttpRequest, routine_id: str, routine_exercise_id: str) -> HttpResponse:
    """PATCH /routines/:id/exercises/:routineExerciseId/note {note}

    Production (quirk `note-raw-row`) reads `note` off an unvalidated body: unknown fields are ignored, an
    empty body leaves the note as it is, and the answer is the raw database row (`routineDayId`,
    `exerciseId`; no `exercise` or `sets`). An unknown slot is `404 Exercise not found in this routine`."""
    routine = owned_routine(app_user(request), routine_id)
    body = read_json_object(request)
    raw = quirk("note-raw-row")
    check = Checker(body)
    if not raw:
        check.forbid_unknown(["note"])
    note = check.string("note")
    check.raise_if_errors()
    pk = parse_uuid(routine_exercise_id)
    item = (
        RoutineExercise.objects.select_related("exercise").filter(pk=pk, day__routine=routine).first()
        if pk
        else None
    )
    if item is None:
        raise ApiError(404, "Exercise not found in this routine" if raw else "Routine exercise not found")
    if "note" in body or not raw:
        item.note = note
        item.save(update_fields=["note"])
    return json_response(routine_exercise_row_json(item) if raw else routine_exercise_json(item))


# --- persistence helpers --------------------------------------------------------------------


def _catalog_rows(days: list[DayInput]) -> dict[str, Exercise]:
    """The catalog rows the days refer to; 404 when one does not exist."""
    wanted = {e.exercise_id.lower() for d in days for e in d.exercises}
    ids = [uuid.UUID(i) for i in wanted if parse_uuid(i)]
    rows = {str(e.id): e for e in Exercise.objects.filter(pk__in=ids)}
    if wanted - rows.keys():
        raise ApiError(404, "Exercise not found")
    return rows


def _create_day(routine: Routine, data: DayInput, exercises: dict[str, Exercise]) -> None:
    day = RoutineDay.objects.create(routine=routine, day_of_week=data.day_of_week, order=data.order)
    for item in data.exercises:
        _save_exercise(RoutineExercise(day=day), item, exercises)


def _save_exercise(row: RoutineExercise, data: ExerciseInput, exercises: dict[str, Exercise]) -> None:
    row.exercise = exercises[data.exercise_id.lower()]
    row.order = data.order
    row.rest_seconds = data.rest_seconds
    row.note = data.note
    row.progression_scheme = data.progression_scheme
    row.min_weight_increment = data.min_weight_increment
    row.save()
    RoutineSet.objects.filter(routine_exercise=row).delete()
    RoutineSet.objects.bulk_create(
        RoutineSet(
            routine_exercise=row,
            set_number=s.set_number,
            rep_type=s.rep_type,
            reps=s.reps,
            min_reps=s.min_reps,
            max_reps=s.max_reps,
            weight=s.weight,
            rir=s.rir,
        )
        for s in data.sets
    )


def _replace_days(routine: Routine, days: list[DayInput], exercises: dict[str, Exercise]) -> None:
    """Replace the structure, keeping the ids of days (by weekday) and exercises (by position)
    that survive, so sessions and their set logs keep pointing at them."""
    existing = {d.day_of_week: d for d in RoutineDay.objects.filter(routine=routine)}
    wanted = {d.day_of_week for d in days}
    RoutineDay.objects.filter(routine=routine).exclude(day_of_week__in=wanted).delete()
    for data in days:
        day = existing.get(data.day_of_week)
        if day is None:
            _create_day(routine, data, exercises)
            continue
        day.order = data.order
        day.save(update_fields=["order"])
        rows = list(RoutineExercise.objects.filter(day=day).order_by("order", "id"))
        for index, item in enumerate(data.exercises):
            _save_exercise(rows[index] if index < len(rows) else RoutineExercise(day=day), item, exercises)
        for stale in rows[len(data.exercises) :]:
            stale.delete()
