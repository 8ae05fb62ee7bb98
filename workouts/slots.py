"""What a set row needs to know about its set and prescription, carried in the row's form, signed.

Saving a set makes exactly one backend call (`PUT …/set-logs`), so the server cannot look the session up
again to learn the set's exercise and prescription; the row form brings them along, signed so that they can
be trusted.

Since December 2026 the row posts to its page's own URL (the session's) with the set in the query: `?s=` and
its *reference* (`Slot.ref`, about 85 characters), "exercise slot~set~exercise~R~~8~12~60~2~tag", the two
ids as 22 characters of URL-safe base64 instead of 36 (the rest is its exercise's, not the set's), its tag
an HMAC-SHA256 of the rest (its first 128 bits) bound to the page's session (in its salt), so a reference
moved to another session is refused. Before then the row posted to its own URL
(`…/sets/<exercise slot>/<n>`) with a hidden `slot` field, "exercise~R~~8~12~60~2~90:tag", bound to that
URL's session, exercise slot and set number; those URLs and fields keep working for pages opened before the
deploy (`read_slot`).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from functools import lru_cache

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
        values = (*_prescription(self), self.rest_seconds)
        payload = _SEP.join([self.exercise_id, *("" if value is None else str(value) for value in values)])
        return f"{payload}:{_tag(payload, _salt(self.session_id, self.routine_exercise_id, self.set_number))}"

    def ref(self) -> str:
        """The row's reference in its form's query (`?s=`): the set, its prescription, and the tag. The
        same rows are drawn on every reload of the page and in every save's answer: computed once."""
        return _ref(self, settings.SECRET_KEY)


def _prescription(slot: Slot) -> tuple[str | int | None, ...]:
    """What a set asks for, as signed: the rep type's short name, reps, range, weight ("60" for 60.0), RIR."""
    weight = None if slot.weight is None else str(slot.weight).removesuffix(".0")
    return (
        _REP_TYPES.get(slot.rep_type, slot.rep_type),
        slot.reps,
        slot.min_reps,
        slot.max_reps,
        weight,
        slot.rir,
    )


@lru_cache(maxsize=4096)
def _ref(slot: Slot, secret: str) -> str:
    values = (
        short_id(slot.routine_exercise_id),
        slot.set_number,
        short_id(slot.exercise_id),
        *_prescription(slot),
    )
    payload = _SEP.join("" if value is None else str(value) for value in values)
    return f"{payload}{_SEP}{_tag(payload, _ref_salt(slot.session_id), secret)}"


@lru_cache(maxsize=4096)
def short_id(id_: str) -> str:
    """A UUID as 22 characters of URL-safe base64 (any other id as it is: it never is 22 characters)."""
    try:
        return base64.urlsafe_b64encode(uuid.UUID(id_).bytes).decode().rstrip("=")
    except ValueError:
        return id_


def long_id(short: str) -> str:
    if len(short) != _TAG_LENGTH:
        return short
    try:
        return str(uuid.UUID(bytes=base64.urlsafe_b64decode(short + "==")))
    except (binascii.Error, ValueError) as exc:
        raise BadSlot("not an id") from exc


def _ref_salt(session_id: str) -> str:
    return f"{_SALT}:ref:{session_id}"


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


def read_ref(ref: str, *, session_id: str) -> Slot:
    """The slot of a row's reference (`Slot.ref`), if it was tagged for this session (else BadSlot)."""
    payload, _, tag = ref.rpartition(_SEP)
    payload = _verified(f"{payload}:{tag}", _ref_salt(session_id))
    try:
        short_slot, number, short_exercise, rep_type, reps, min_reps, max_reps, weight, rir = payload.split(
            _SEP
        )
        return Slot(
            session_id=session_id,
            routine_exercise_id=long_id(short_slot),
            exercise_id=long_id(short_exercise),
            set_number=int(number),
            rep_type=_REP_TYPE_OF.get(rep_type, rep_type),
            reps=_int(reps),
            min_reps=_int(min_reps),
            max_reps=_int(max_reps),
            weight=float(weight) if weight else None,
            rir=_int(rir),
        )
    except ValueError as exc:
        raise BadSlot(str(exc)) from exc


def read_slot(token: str, *, session_id: str, routine_exercise_id: str, set_number: int) -> Slot:
    """The row's slot, if its field was signed for this very set (else BadSlot: tampered, another set's).

    A reference (`Slot.ref`, the newer rows' `?s=`) is taken in the field too, for this very set only."""
    payload: str | None
    if ":" not in token:
        slot = read_ref(token, session_id=session_id)
        if (slot.routine_exercise_id, slot.set_number) != (routine_exercise_id, set_number):
            raise BadSlot("the reference belongs to another set")
        return slot
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
