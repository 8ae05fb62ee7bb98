"""Workout sessions: start, active, detail, finish, and set logs.

One IN_PROGRESS session per user is guaranteed by a partial unique index; starting while one
exists answers 201 with that session and `reused: true`, as production does (racing starts
included: the loser of the insert race gets the winner's session).
"""

from __future__ import annotations

import datetime as dt
import math

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from local_backend.api.progression import apply_progression
from local_backend.api.routing import app_user
from local_backend.api.serializers import session_json, set_log_json, start_json
from local_backend.config import quirk
from local_backend.models import AppUser, RoutineDay, RoutineExercise, SetLog, WorkoutSession
from local_backend.responses import ApiError, empty_response, json_response
from local_backend.timeutil import now
from local_backend.validation import Checker, checked, parse_uuid, read_json_object

IDLE_LIMIT = dt.timedelta(hours=48)
FINISH_STATUSES = ("COMPLETED", "ABORTED", "CANCELLED")  # CANCELLED: the seed's word for ABORTED


def abort_idle_sessions(user: AppUser) -> None:
    """With the quirk `idle-sweep` off: abort sessions idle for 48 hours lazily, when the user's sessions
    are read, ending them at their last activity so history shows a real duration. (Production leaves
    them to its sweep, `sweep_idle_sessions`.)"""
    if quirk("idle-sweep"):
        return
    cutoff = now() - IDLE_LIMIT
    for session in WorkoutSession.objects.filter(user=user, status="IN_PROGRESS"):
        last = session.last_activity_at or session.started_at
        if last < cutoff:
            WorkoutSession.objects.filter(pk=session.pk, status="IN_PROGRESS").update(
                status="ABORTED", ended_at=last, duration_sec=int((last - session.started_at).total_seconds())
            )


def sweep_idle_sessions() -> int:
    """Production's sweep (every 30 minutes): every session idle for 48 hours is aborted, `endedAt` the
    time of the sweep and `durationSec` null. Returns how many. A no-op with the quirk `idle-sweep` off."""
    if not quirk("idle-sweep"):
        return 0
    moment = now()
    cutoff = moment - IDLE_LIMIT
    idle = WorkoutSession.objects.filter(status="IN_PROGRESS").filter(
        Q(last_activity_at__lt=cutoff) | Q(last_activity_at__isnull=True, started_at__lt=cutoff)
    )
    return idle.update(status="ABORTED", ended_at=moment, duration_sec=None)


def _active(user: AppUser) -> WorkoutSession | None:
    return WorkoutSession.objects.select_related("routine").filter(user=user, status="IN_PROGRESS").first()


def owned_session(user: AppUser, session_id: str) -> WorkoutSession:
    abort_idle_sessions(user)
    pk = parse_uuid(session_id)
    session = (
        WorkoutSession.objects.select_related("routine").filter(pk=pk, user=user).first() if pk else None
    )
    if session is None:
        raise ApiError(404, "Workout session not found")
    return session


def start(request: HttpRequest) -> HttpResponse:
    """POST /workouts/sessions/start {routineId, routineDayId, notes?} -> 201 StartResponse"""
    user = app_user(request)
    check = Checker(read_json_object(request))
    check.forbid_unknown(["routineId", "routineDayId", "notes"])
    routine_id = check.string("routineId", required=True)  # production: "routineId must be a string"
    day_id = check.uuid("routineDayId")
    notes = check.string("notes")
    check.raise_if_errors()
    abort_idle_sessions(user)
    routine_pk = parse_uuid(checked(routine_id))
    day = (
        RoutineDay.objects.filter(pk=checked(day_id), routine_id=routine_pk, routine__user=user).first()
        if routine_pk
        else None
    )
    if day is None:
        raise ApiError(404, "Routine day not found for this user/routine")
    existing = _active(user)
    if existing is not None:
        return json_response(start_json(existing, reused=True), 201)
    moment = now()
    try:
        with transaction.atomic():
            session = WorkoutSession.objects.create(
                user=user,
                routine_id=day.routine_id,
                routine_day=day,
                started_at=moment,
                last_activity_at=moment,
                notes=notes,
            )
    except IntegrityError:
        existing = _active(user)
        if existing is None:
            raise
        return json_response(start_json(existing, reused=True), 201)
    return json_response(start_json(session, reused=False), 201)


def active(request: HttpRequest) -> HttpResponse:
    """GET /workouts/sessions/active: the session, or 200 with an empty body (production's null)."""
    user = app_user(request)
    abort_idle_sessions(user)
    session = _active(user)
    if session is None:
        return empty_response(200)
    return json_response(session_json(session, set_logs=False))


def detail(request: HttpRequest, session_id: str) -> HttpResponse:
    """GET /workouts/sessions/:id (with setLogs)"""
    session = owned_session(app_user(request), session_id)
    return json_response(session_json(session, set_logs=True))


def finish(request: HttpRequest, session_id: str) -> HttpResponse:
    """PATCH /workouts/sessions/:id/finish {status, notes?} -> the session without setLogs"""
    user = app_user(request)
    check = Checker(read_json_object(request))
    check.forbid_unknown(["status", "notes"])
    status = check.enum(
        "status",
        FINISH_STATUSES,
        required=True,
        message="must be one of the following values: COMPLETED, ABORTED",
    )
    notes = check.string("notes")
    check.raise_if_errors()
    status = "ABORTED" if status == "CANCELLED" else status
    session = owned_session(user, session_id)
    moment = now()
    changes: dict[str, object] = {
        "status": status,
        "ended_at": moment,
        "duration_sec": int((moment - session.started_at).total_seconds()),
    }
    if notes is not None:
        changes["notes"] = notes
    with transaction.atomic():
        # Conditional, so a double finish cannot apply progression twice.
        if WorkoutSession.objects.filter(pk=session.pk, status="IN_PROGRESS").update(**changes) != 1:
            raise ApiError(400, "Only in-progress sessions can be finished")
        session.refresh_from_db()
        if status == "COMPLETED":
            apply_progression(session)
    return json_response(session_json(session, set_logs=False))


def _writable(user: AppUser, session_id: str) -> WorkoutSession:
    session = owned_session(user, session_id)
    if session.status != "IN_PROGRESS":
        raise ApiError(400, "Cannot modify set logs for a finished session")
    return session


def set_log_put(request: HttpRequest, session_id: str) -> HttpResponse:
    """PUT /workouts/sessions/:id/set-logs: create or update the log keyed by (exercise slot, set)."""
    user = app_user(request)
    body = read_json_object(request)
    check = Checker(body)
    check.forbid_unknown(
        ["routineExerciseId", "exerciseId", "setNumber", "reps", "weight", "rpe", "isCompleted"]
    )
    routine_exercise_id = check.uuid("routineExerciseId")
    exercise_id = check.uuid("exerciseId")
    if quirk("loose-set-log-numbers"):
        # Production: setNumber >= 1 is all it checks (2.5 is stored as 2, overwriting set 2); reps, weight
        # and rpe take any number or numeric string, negative or out of range; reps are truncated (7.5 -> 7).
        set_number_or_none = _truncated(check.loose_number("setNumber", required=True, minimum=1))
        reps = _truncated(check.loose_number("reps"))
        weight = check.loose_number("weight")
        rpe = check.loose_number("rpe")
    else:
        set_number_or_none = check.integer("setNumber", required=True, minimum=1)
        reps = check.integer("reps", minimum=0)
        weight = check.number("weight", minimum=0)
        rpe = check.number("rpe", minimum=0, maximum=10)
    is_completed = check.boolean("isCompleted")
    check.raise_if_errors()
    set_number = checked(set_number_or_none)
    session = _writable(user, session_id)
    slot = RoutineExercise.objects.filter(
        pk=checked(routine_exercise_id), day_id=session.routine_day_id
    ).first()
    if slot is None:
        raise ApiError(400, "Routine exercise does not belong to this session")
    if str(slot.exercise_id) != exercise_id:
        raise ApiError(400, "exerciseId does not match routine exercise")
    moment = now()
    with transaction.atomic():
        log = SetLog.objects.filter(
            session=session, routine_exercise_id=slot.id, set_number=set_number
        ).first()
        if log is None:
            log = SetLog(
                session=session,
                routine_exercise_id=slot.id,
                exercise_id=slot.exercise_id,
                set_number=set_number,
                created_at=moment,
            )
        if reps is not None:
            log.reps = reps
        if "weight" in body:  # an explicit null clears the weight
            log.weight = weight
        if "rpe" in body:
            log.rpe = rpe
        if is_completed is not None:
            log.is_completed = is_completed
            if is_completed:
                log.completed_at = moment
            elif not quirk("completed-at-kept"):  # production keeps completedAt when a set is undone
                log.completed_at = None
        log.updated_at = moment
        log.save()
        WorkoutSession.objects.filter(pk=session.pk).update(last_activity_at=moment)
    return json_response(set_log_json(log, stored_reps=True))


def _truncated(value: float | None) -> int | None:
    return None if value is None else math.trunc(value)


def set_log_delete(
    request: HttpRequest, session_id: str, routine_exercise_id: str, set_number: str
) -> HttpResponse:
    """DELETE /workouts/sessions/:id/set-logs/:routineExerciseId/:setNumber -> {id}"""
    if not set_number.isdigit():
        raise ApiError(400, "Validation failed (numeric string is expected)")
    session = _writable(app_user(request), session_id)
    slot_id = parse_uuid(routine_exercise_id)
    log = (
        SetLog.objects.filter(
            session=session, routine_exercise_id=slot_id, set_number=int(set_number)
        ).first()
        if slot_id
        else None
    )
    if log is None:
        raise ApiError(404, "Set log not found")
    deleted_id = str(log.id)
    with transaction.atomic():
        log.delete()
        WorkoutSession.objects.filter(pk=session.pk).update(last_activity_at=now())
    return json_response({"id": deleted_id})
