"""A set row's reference (and the signed field of older rows): short, bound to its session and set, and still
read in the formats of pages opened before."""

from __future__ import annotations

from dataclasses import asdict, replace

import pytest
from django.core import signing

from workouts.slots import BadSlot, Slot, read_ref, read_slot

SESSION, BENCH = "0b9c6f1e-8f5e-4c11-9d53-4e7a3a8f0c01", "5d1f2a3b-6c7d-4e8f-9a0b-1c2d3e4f5a6b"
EXERCISE = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"


def _slot(**changes: object) -> Slot:
    base = dict(session_id=SESSION, routine_exercise_id=BENCH, exercise_id=EXERCISE, set_number=2)
    base |= dict(rep_type="RANGE", min_reps=8, max_reps=12, weight=62.5, rir=2, rest_seconds=90)
    return Slot(**(base | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "slot", [_slot(), _slot(rep_type="FIXED", reps=5, min_reps=None, max_reps=None, weight=None, rir=None)]
)
def test_the_field_reads_back_as_the_slot_it_was_signed_for(slot: Slot) -> None:
    token = slot.sign()
    assert len(token) <= 85  # a 36-character exercise id, the prescription and a 22-character tag
    assert read_slot(token, session_id=SESSION, routine_exercise_id=BENCH, set_number=2) == slot


def test_a_field_from_another_set_or_changed_by_hand_is_refused() -> None:
    token = _slot().sign()
    with pytest.raises(BadSlot):
        read_slot(token, session_id=SESSION, routine_exercise_id=BENCH, set_number=3)
    with pytest.raises(BadSlot):
        read_slot(token.replace("62.5", "162.5"), session_id=SESSION, routine_exercise_id=BENCH, set_number=2)


def test_a_page_opened_before_the_shorter_tag_still_saves() -> None:
    # The same payload, signed by Django's Signer (a 43-character signature), as pages had it until now.
    payload = f"{EXERCISE}~RANGE~~8~12~62.5~2~90"
    earlier = signing.Signer(salt=f"workouts.set-slot:{SESSION}:{BENCH}:2").sign(payload)
    assert read_slot(earlier, session_id=SESSION, routine_exercise_id=BENCH, set_number=2) == _slot()
    with pytest.raises(BadSlot):
        read_slot(earlier, session_id=SESSION, routine_exercise_id=BENCH, set_number=1)
    tampered = earlier.replace("62.5", "162.5")
    with pytest.raises(BadSlot):
        read_slot(tampered, session_id=SESSION, routine_exercise_id=BENCH, set_number=2)


def test_a_page_opened_before_the_short_field_still_saves() -> None:
    legacy = signing.dumps(asdict(_slot()), salt="workouts.set-slot", compress=True)
    assert read_slot(legacy, session_id=SESSION, routine_exercise_id=BENCH, set_number=2) == _slot()
    with pytest.raises(BadSlot):
        read_slot(legacy, session_id=SESSION, routine_exercise_id=BENCH, set_number=1)


@pytest.mark.parametrize(
    "slot", [_slot(), _slot(rep_type="FIXED", reps=5, min_reps=None, max_reps=None, weight=None, rir=None)]
)
def test_the_reference_reads_back_as_its_set_and_prescription(slot: Slot) -> None:
    ref = slot.ref()
    assert len(ref) <= 85  # two 22-character ids, the set number, the prescription and a 22-character tag
    assert read_ref(ref, session_id=SESSION) == replace(slot, rest_seconds=60)  # the rest: its exercise's
    # The rows' older URLs take it in their field, for their own set only.
    assert read_slot(ref, session_id=SESSION, routine_exercise_id=BENCH, set_number=2).set_number == 2
    with pytest.raises(BadSlot):
        read_slot(ref, session_id=SESSION, routine_exercise_id=BENCH, set_number=3)


def test_a_reference_from_another_session_or_changed_by_hand_is_refused() -> None:
    ref = _slot().ref()
    with pytest.raises(BadSlot):
        read_ref(ref, session_id=EXERCISE)
    for tampered in (ref.replace("~62.5~", "~162.5~"), ref.replace("~2~", "~3~", 1), ref[:-1], "", "~~~"):
        with pytest.raises(BadSlot):
            read_ref(tampered, session_id=SESSION)
