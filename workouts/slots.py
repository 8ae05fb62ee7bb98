"""What a set row needs to know about its prescription, carried in the row's form, signed.

Saving a set makes exactly one backend call (`PUT …/set-logs`), so the server cannot look the session up
again to learn the set's exercise and prescription; the row form brings them along in one hidden field,
signed so that it can be trusted. The field is short (about 100 characters, one HMAC): it holds only what
the row's URL does not, "exercise~FIXED~8~~~60.0~2~90:signature", and the signature is bound to the URL's
session, exercise slot and set number (they are in its salt), so a field moved to another row is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from routines.types import RoutineSet

_SALT = "workouts.set-slot"
_SEP = "~"


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
        values = (
            self.rep_type,
            self.reps,
            self.min_reps,
            self.max_reps,
            self.weight,
            self.rir,
            self.rest_seconds,
        )
        payload = _SEP.join([self.exercise_id, *("" if value is None else str(value) for value in values)])
        return _signer(self.session_id, self.routine_exercise_id, self.set_number).sign(payload)


def _signer(session_id: str, routine_exercise_id: str, set_number: int) -> signing.Signer:
    return signing.Signer(salt=f"{_SALT}:{session_id}:{routine_exercise_id}:{set_number}")


def _int(raw: str) -> int | None:
    return int(raw) if raw else None


class BadSlot(Exception):
    """The row's hidden slot field is missing, tampered with, or belongs to another set."""


def read_slot(token: str, *, session_id: str, routine_exercise_id: str, set_number: int) -> Slot:
    """The row's slot, if its field was signed for this very set (else BadSlot: tampered, another set's)."""
    try:
        payload = _signer(session_id, routine_exercise_id, set_number).unsign(token)
        exercise_id, rep_type, reps, min_reps, max_reps, weight, rir, rest = payload.split(_SEP)
        return Slot(
            session_id=session_id,
            routine_exercise_id=routine_exercise_id,
            exercise_id=exercise_id,
            set_number=set_number,
            rep_type=rep_type,
            reps=_int(reps),
            min_reps=_int(min_reps),
            max_reps=_int(max_reps),
            weight=float(weight) if weight else None,
            rir=_int(rir),
            rest_seconds=int(rest),
        )
    except (signing.BadSignature, ValueError) as exc:
        if token.startswith("."):  # the longer field of pages opened before this format: still honoured
            return _legacy_slot(token, session_id, routine_exercise_id, set_number)
        raise BadSlot(str(exc)) from exc


def _legacy_slot(token: str, session_id: str, routine_exercise_id: str, set_number: int) -> Slot:
    """The field as it was signed until December 2026 (the whole slot, compressed JSON). A live page open
    across the deploy keeps saving; this can go once no workout that old can still be open (a day)."""
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
