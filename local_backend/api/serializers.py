"""JSON shapes exactly as the production backend sends them (field order and null-vs-absent included).

Two views of a routine's structure exist: the routine's own (sets without id, with rir; exercises
with note and `exercise {id, name}`) and a session's `routineDay` (sets with id and without rir;
exercises without note, with `exercise {id, name, primaryMuscles}`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from local_backend.config import quirk
from local_backend.models import (
    Exercise,
    Routine,
    RoutineDay,
    RoutineExercise,
    RoutineSet,
    SetLog,
    WorkoutSession,
)
from local_backend.responses import num
from local_backend.timeutil import iso

DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def with_structure_days() -> Prefetch[Any, Any, Any]:
    """Prefetch a routine's days, their exercises (with the catalog row) and sets, all ordered."""
    exercises = RoutineExercise.objects.select_related("exercise").order_by("order", "id")
    return Prefetch(
        "days",
        queryset=RoutineDay.objects.order_by("order", "day_of_week").prefetch_related(
            Prefetch("exercises", queryset=exercises.prefetch_related(_sets()))
        ),
    )


def _sets() -> Prefetch[Any, Any, Any]:
    return Prefetch("sets", queryset=RoutineSet.objects.order_by("set_number"))


def day_with_structure(queryset: QuerySet[RoutineDay]) -> QuerySet[RoutineDay]:
    exercises = RoutineExercise.objects.select_related("exercise").order_by("order", "id")
    return queryset.prefetch_related(Prefetch("exercises", queryset=exercises.prefetch_related(_sets())))


def exercise_json(exercise: Exercise) -> dict[str, Any]:
    return {
        "id": str(exercise.id),
        "name": exercise.name,
        "primaryMuscles": list(exercise.primary_muscles),
        "secondaryMuscles": list(exercise.secondary_muscles),
        "equipment": exercise.equipment,
        "createdAt": iso(exercise.created_at),
        "updatedAt": iso(exercise.updated_at),
    }


def routine_set_json(routine_set: RoutineSet) -> dict[str, Any]:
    return {
        "setNumber": routine_set.set_number,
        "repType": routine_set.rep_type,
        "reps": routine_set.reps,
        "minReps": routine_set.min_reps,
        "maxReps": routine_set.max_reps,
        "weight": num(routine_set.weight),
        "rir": routine_set.rir,
    }


def routine_exercise_json(item: RoutineExercise) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "order": item.order,
        "restSeconds": item.rest_seconds,
        "note": item.note,
        "progressionScheme": item.progression_scheme,
        "minWeightIncrement": num(item.min_weight_increment),
        "exercise": {"id": str(item.exercise.id), "name": item.exercise.name},
        "sets": [routine_set_json(s) for s in item.sets.all()],
    }


def routine_exercise_row_json(item: RoutineExercise) -> dict[str, Any]:
    """A routine exercise as its database row (the note PATCH answers this in production)."""
    return {
        "id": str(item.id),
        "routineDayId": str(item.day_id),
        "exerciseId": str(item.exercise_id),
        "order": item.order,
        "restSeconds": item.rest_seconds,
        "note": item.note,
        "progressionScheme": item.progression_scheme,
        "minWeightIncrement": num(item.min_weight_increment),
    }


def routine_summary_json(routine: Routine) -> dict[str, Any]:
    """A routine without `days` (the favorite/completed toggles answer this)."""
    return {
        "id": str(routine.id),
        "userId": str(routine.user_id),
        "name": routine.name,
        "description": routine.description,
        "isPeriodized": routine.is_periodized,
        "isFavorite": routine.is_favorite,
        "isCompleted": routine.is_completed,
        "createdAt": iso(routine.created_at),
        "updatedAt": iso(routine.updated_at),
    }


def routine_json(routine: Routine) -> dict[str, Any]:
    data = routine_summary_json(routine)
    created, updated = data.pop("createdAt"), data.pop("updatedAt")
    data["days"] = [
        {
            "id": str(day.id),
            "dayOfWeek": day.day_of_week,
            "order": day.order,
            "exercises": [routine_exercise_json(e) for e in day.exercises.all()],
        }
        for day in routine.days.all()
    ]
    data["createdAt"], data["updatedAt"] = created, updated
    return data


def session_day_json(day: RoutineDay) -> dict[str, Any]:
    return {
        "id": str(day.id),
        "dayOfWeek": day.day_of_week,
        "exercises": [
            {
                "id": str(item.id),
                "order": item.order,
                "restSeconds": item.rest_seconds,
                "progressionScheme": item.progression_scheme,
                "minWeightIncrement": num(item.min_weight_increment),
                "exercise": {
                    "id": str(item.exercise.id),
                    "name": item.exercise.name,
                    "primaryMuscles": list(item.exercise.primary_muscles),
                },
                "sets": [
                    {
                        "id": str(s.id),
                        "setNumber": s.set_number,
                        "repType": s.rep_type,
                        "reps": s.reps,
                        "minReps": s.min_reps,
                        "maxReps": s.max_reps,
                        "weight": num(s.weight),
                    }
                    for s in item.sets.all()
                ],
            }
            for item in day.exercises.all()
        ],
    }


def set_log_json(log: SetLog, *, stored_reps: bool = False) -> dict[str, Any]:
    """A set log as a session's GET shows it (reps never null); `stored_reps` (the PUT answer): as stored,
    null when never sent (production's quirk `set-log-reps-null`)."""
    reps = log.reps if stored_reps and quirk("set-log-reps-null") else (log.reps or 0)
    return {
        "id": str(log.id),
        "sessionId": str(log.session_id),
        "routineExerciseId": str(log.routine_exercise_id),
        "exerciseId": str(log.exercise_id),
        "setNumber": log.set_number,
        "reps": reps,
        "weight": num(log.weight),
        "rpe": num(log.rpe),
        "isCompleted": log.is_completed,
        "completedAt": iso(log.completed_at),
        "createdAt": iso(log.created_at),
        "updatedAt": iso(log.updated_at),
    }


def session_json(session: WorkoutSession, *, set_logs: bool) -> dict[str, Any]:
    """A WorkoutSession; `setLogs` only for GET /workouts/sessions/:id."""
    day = day_with_structure(RoutineDay.objects.filter(pk=session.routine_day_id)).get()
    routine = session.routine
    data: dict[str, Any] = {
        "id": str(session.id),
        "userId": str(session.user_id),
        "routineId": str(session.routine_id),
        "routineDayId": str(session.routine_day_id),
        "status": session.status,
        "startedAt": iso(session.started_at),
        "endedAt": iso(session.ended_at),
        "durationSec": session.duration_sec,
        "notes": session.notes,
        "lastActivityAt": iso(session.last_activity_at),
        "routine": {"id": str(routine.id), "name": routine.name, "description": routine.description},
        "routineDay": session_day_json(day),
    }
    if set_logs:
        logs = SetLog.objects.filter(session=session).order_by("routine_exercise_id", "set_number")
        data["setLogs"] = [set_log_json(log) for log in logs]
    return data


def start_json(session: WorkoutSession, *, reused: bool) -> dict[str, Any]:
    return {
        "id": str(session.id),
        "routineId": str(session.routine_id),
        "routineDayId": str(session.routine_day_id),
        "status": session.status,
        "startedAt": iso(session.started_at),
        "endedAt": iso(session.ended_at),
        "reused": reused,
    }


def summary_json(session: WorkoutSession) -> dict[str, Any]:
    """A history list item; absent optional fields are left out rather than sent as null."""
    data: dict[str, Any] = {
        "id": str(session.id),
        "status": session.status,
        "startedAt": iso(session.started_at),
        "endedAt": iso(session.ended_at),
    }
    if session.duration_sec is not None:
        data["durationSec"] = session.duration_sec
    if session.notes is not None:
        data["notes"] = session.notes
    data["routine"] = {
        "id": str(session.routine_id),
        "name": session.routine.name,
        "dayName": DAY_NAMES[session.routine_day.day_of_week],
    }
    return data
