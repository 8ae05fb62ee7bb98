"""What a set row needs to know about its prescription, carried in the row's form, signed.

Saving a set makes exactly one backend call (`PUT …/set-logs`), so the server cannot look the session up
again to learn the set's exercise and prescription; the row form brings them along in one hidden field,
signed so that it can be trusted (and bound to its session, exercise slot and set number).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core import signing

from routines.types import RoutineSet

_SALT = "workouts.set-slot"


@dataclass(frozen=True)
class Slot:
    session_id: str
    routine_exercise_id: str
    exercise_id: str
    set_number: int
    rep_type: str = "FIXED"
    reps: int | None = None
    min_reps: int | None = None
    max_reps: int | None = None
    weight: float | None = None  # kg
    rir: int | None = None
    rest_seconds: int = 60

    @property
    def target_reps(self) -> int | None:
        return self.max_reps if self.rep_type == "RANGE" else self.reps

    @classmethod
    def for_set(
        cls,
        session_id: str,
        routine_exercise_id: str,
        exercise_id: str,
        rest_seconds: int,
        prescribed: RoutineSet,
        rir: int | None,
    ) -> Slot:
        return cls(
            session_id=session_id,
            routine_exercise_id=routine_exercise_id,
            exercise_id=exercise_id,
            set_number=prescribed.set_number,
            rep_type=prescribed.rep_type,
            reps=prescribed.reps,
            min_reps=prescribed.min_reps,
            max_reps=prescribed.max_reps,
            weight=prescribed.weight,
            rir=rir,
            rest_seconds=rest_seconds,
        )

    def sign(self) -> str:
        return signing.dumps(asdict(self), salt=_SALT, compress=True)


class BadSlot(Exception):
    """The row's hidden slot field is missing, tampered with, or belongs to another set."""


def read_slot(token: str, *, session_id: str, routine_exercise_id: str, set_number: int) -> Slot:
    try:
        slot = Slot(**signing.loads(token, salt=_SALT))
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise BadSlot(str(exc)) from exc
    if (slot.session_id, slot.routine_exercise_id, slot.set_number) != (
        session_id,
        routine_exercise_id,
        set_number,
    ):
        raise BadSlot("the slot belongs to another set")
    return slot
