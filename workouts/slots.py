"""What a set row needs to know about its prescription, carried in the row's form, signed.

Saving a set makes exactly one backend call (`PUT …/set-logs`), so the server cannot look the session up
again to learn the set's exercise and prescription; the row form brings them along in one hidden field,
signed so that it can be trusted. The field is short (about 80 characters): it holds only what the row's URL
does not, "exercise~R~~8~12~60~2~90:tag", and its tag (an HMAC-SHA256 of the field, its first 128 bits) is
bound to the URL's session, exercise slot and set number (they are in its salt), so a field moved to another
row is refused.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from routines.types import RoutineSet

_SALT = "workouts.set-slot"
_SEP = "~"
_TAG_BYTES = 16  # 128 bits: a forgery is a guess among 2**128, one request each
_TAG_LENGTH = 22  # its URL-safe base64, unpadded
_REP_TYPES = {"FIXED": "F", "RANGE": "R"}
_REP_TYPE_OF = {short: name for name, short in _REP_TYPES.items()}


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
            _REP_TYPES.get(self.rep_type, self.rep_type),
            self.reps,
            self.min_reps,
            self.max_reps,
            None if self.weight is None else str(self.weight).removesuffix(".0"),
            self.rir,
            self.rest_seconds,
        )
        payload = _SEP.join([self.exercise_id, *("" if value is None else str(value) for value in values)])
        return f"{payload}:{_tag(payload, _salt(self.session_id, self.routine_exercise_id, self.set_number))}"


def _salt(session_id: str, routine_exercise_id: str, set_number: int) -> str:
    return f"{_SALT}:{session_id}:{routine_exercise_id}:{set_number}"


def _tag(payload: str, salt: str, secret: str | bytes | None = None) -> str:
    digest = salted_hmac(salt, payload, secret, algorithm="sha256").digest()[:_TAG_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _verified(token: str, salt: str) -> str:
    """The field's payload if its tag is right (for the secret key or one being rotated out), else BadSlot."""
    payload, _, tag = token.rpartition(":")
    if len(tag) != _TAG_LENGTH:
        raise BadSlot("not a tagged field")
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if any(constant_time_compare(tag, _tag(payload, salt, secret)) for secret in secrets):
        return payload
    raise BadSlot("bad tag")


def _signer(session_id: str, routine_exercise_id: str, set_number: int) -> signing.Signer:
    return signing.Signer(salt=_salt(session_id, routine_exercise_id, set_number))


def _int(raw: str) -> int | None:
    return int(raw) if raw else None


class BadSlot(Exception):
    """The row's hidden slot field is missing, tampered with, or belongs to another set."""


def read_slot(token: str, *, session_id: str, routine_exercise_id: str, set_number: int) -> Slot:
    """The row's slot, if its field was signed for this very set (else BadSlot: tampered, another set's)."""
    payload: str | None
    try:
        payload = _verified(token, _salt(session_id, routine_exercise_id, set_number))
    except BadSlot:
        payload = _older(token, session_id, routine_exercise_id, set_number)
    if payload is None:  # the whole slot, from a page opened before either short field
        return _legacy_slot(token, session_id, routine_exercise_id, set_number)
    try:
        exercise_id, rep_type, reps, min_reps, max_reps, weight, rir, rest = payload.split(_SEP)
        return Slot(
            session_id=session_id,
            routine_exercise_id=routine_exercise_id,
            exercise_id=exercise_id,
            set_number=set_number,
            rep_type=_REP_TYPE_OF.get(rep_type, rep_type),
            reps=_int(reps),
            min_reps=_int(min_reps),
            max_reps=_int(max_reps),
            weight=float(weight) if weight else None,
            rir=_int(rir),
            rest_seconds=int(rest),
        )
    except ValueError as exc:
        raise BadSlot(str(exc)) from exc


def _older(token: str, session_id: str, routine_exercise_id: str, set_number: int) -> str | None:
    """The payload of the field as Django's Signer signed it until December 2026 (the same payload with a
    full-length signature), None for a token in the first format; BadSlot for one tampered with."""
    if token.startswith("."):
        return None
    try:
        return _signer(session_id, routine_exercise_id, set_number).unsign(token)
    except signing.BadSignature as exc:
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
