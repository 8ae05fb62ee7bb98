"""Progression applied to a routine when a session is finished as COMPLETED.

Checked against production (contract-samples 40_finish / 52_routine_after): a set's target is its
`reps` (FIXED) or `maxReps` (RANGE); "used" is the weight of the set's completed log.
- DOUBLE_PROGRESSION: when every set has a completed log that reached its target, each set's
  weight becomes used + minWeightIncrement; otherwise sets take the weight used.
- DYNAMIC_DOUBLE_PROGRESSION: per set, used + increment when it reached its target, else used.
- NONE: sets take the weight used.
Sets without a completed log (or whose log has no weight) keep their prescription.
"""

from __future__ import annotations

from local_backend.models import RoutineExercise, RoutineSet, SetLog, WorkoutSession


def _target(routine_set: RoutineSet) -> int | None:
    if routine_set.rep_type == "RANGE":
        return routine_set.max_reps
    return routine_set.reps


def _reached(routine_set: RoutineSet, log: SetLog | None) -> bool:
    target = _target(routine_set)
    return log is not None and target is not None and (log.reps or 0) >= target


def _used(routine_set: RoutineSet, log: SetLog | None) -> float | None:
    if log is not None and log.weight is not None:
        return log.weight
    return routine_set.weight


def _bumped(weight: float | None, increment: float) -> float | None:
    return None if weight is None else round(weight + increment, 4)


def apply_progression(session: WorkoutSession) -> None:
    logs = {
        (str(log.routine_exercise_id), log.set_number): log
        for log in SetLog.objects.filter(session=session, is_completed=True)
    }
    items = RoutineExercise.objects.filter(day_id=session.routine_day_id).prefetch_related("sets")
    for item in items:
        sets = sorted(item.sets.all(), key=lambda s: s.set_number)
        paired = [(s, logs.get((str(item.id), s.set_number))) for s in sets]
        all_reached = bool(paired) and all(_reached(s, log) for s, log in paired)
        for routine_set, log in paired:
            if log is None:
                continue
            scheme = item.progression_scheme
            if (scheme == "DOUBLE_PROGRESSION" and all_reached) or (
                scheme == "DYNAMIC_DOUBLE_PROGRESSION" and _reached(routine_set, log)
            ):
                new_weight = _bumped(_used(routine_set, log), item.min_weight_increment)
            else:
                new_weight = _used(routine_set, log)
            if new_weight != routine_set.weight:
                routine_set.weight = new_weight
                routine_set.save(update_fields=["weight"])
