"""The newest edit of a set wins (workouts/setversions.py): which writes are made, and which are not. In a
real Redis (one atomic script per claim and per settle, as production keeps them) and in the in-process
cache (development, most tests)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from workouts import setversions
from workouts.setversions import SetRecord

USER, SET = "user-1", "session:exercise:1"
LOG = {"reps": 8}


pytestmark = pytest.mark.usefixtures("each_cache")


def _newer_after_a_timeout(settings: Any) -> SetRecord:
    """A save given up on (it may still land for 60 s), then a newer edit of the set claimed: the newer."""
    settings.BACKEND_STALE_WRITE_WINDOW = 60
    _, late = setversions.claim(USER, SET, 100, {"reps": "5"})
    assert late is not None
    setversions.timed_out(USER, SET, late)
    _, newer = setversions.claim(USER, SET, 200, {"reps": "6"})
    assert newer is not None
    return newer


def test_an_older_edit_is_stale_and_the_same_edit_again_is_answered_without_a_write(settings: Any) -> None:
    outcome, record = setversions.claim(USER, SET, 200, {"reps": "8"})
    assert outcome == "write" and record is not None
    assert setversions.claim(USER, SET, 200, {"reps": "8"})[0] == "busy"  # the beacon while it is written
    setversions.settle(USER, SET, record, "saved", LOG)

    assert setversions.claim(USER, SET, 200, {"reps": "8"})[0] == "duplicate"  # the restore after a reload
    assert setversions.claim(USER, SET, 100, {"reps": "7"})[0] == "stale"  # an older tab
    assert setversions.claim(USER, SET, 300, {"reps": "9"})[0] == "write"  # a newer edit


def test_after_a_timeout_a_newer_write_is_made_again_only_once_the_window_has_passed(settings: Any) -> None:
    newer = _newer_after_a_timeout(settings)
    setversions.settle(USER, SET, newer, "saved", LOG)

    assert setversions.seconds_in_doubt(newer) > 0  # the page is asked to send it again later
    assert setversions.claim(USER, SET, 200, {"reps": "6"}, reassert=True)[0] == "wait"
    current = setversions.get(USER, SET)
    assert current is not None
    current.doubt_until = 1.0  # the window has passed
    setversions.put(USER, SET, current)
    assert setversions.claim(USER, SET, 200, {"reps": "6"}, reassert=True)[0] == "write"


def test_an_older_write_ending_after_a_newer_one_was_confirmed_asks_for_the_newest_again() -> None:
    _, older = setversions.claim(USER, SET, 100, {"reps": "7"})
    _, newer = setversions.claim(USER, SET, 200, {"reps": "9"})
    assert older is not None and newer is not None
    assert setversions.settle(USER, SET, newer, "saved", LOG) is None

    again = setversions.settle(USER, SET, older, "saved", {"reps": 7})

    assert again is not None and again.version == 200 and again.log == LOG


def test_a_write_ending_after_a_newer_edit_was_claimed_leaves_the_newer_one_as_it_is() -> None:
    _, older = setversions.claim(USER, SET, 100, {"reps": "7"})
    setversions.claim(USER, SET, 200, {"reps": "9"})
    assert older is not None

    assert setversions.settle(USER, SET, older, "saved", LOG) is None  # the newer is not confirmed yet

    current = setversions.get(USER, SET)
    assert current is not None and (current.version, current.state, current.values) == (
        200,
        "pending",
        {"reps": "9"},
    )
    assert older.state == "pending"  # the older write's record was not settled either


def test_an_older_write_ending_while_the_newer_is_being_written_has_the_newer_written_again() -> None:
    # Which of the two landed last is unknown: once the newer one is written, it is written again.
    _, older = setversions.claim(USER, SET, 100, {"reps": "7"})
    _, newer = setversions.claim(USER, SET, 200, {"reps": "9"})
    assert older is not None and newer is not None
    assert setversions.settle(USER, SET, older, "saved", {"reps": 7}) is None

    again = setversions.settle(USER, SET, newer, "saved", LOG)

    assert again is newer and (again.version, again.state, again.log) == (200, "saved", LOG)
    assert setversions.settle(USER, SET, newer, "saved", LOG) is None  # written again once, not forever
    assert setversions.claim(USER, SET, 200, {"reps": "9"})[0] == "duplicate"


def test_an_older_write_refused_while_the_newer_is_being_written_costs_nothing_more() -> None:
    _, older = setversions.claim(USER, SET, 100, {"reps": "7"})
    _, newer = setversions.claim(USER, SET, 200, {"reps": "9"})
    assert older is not None and newer is not None
    setversions.settle(USER, SET, older, "failed", None)  # the backend said no: it did not land

    assert setversions.settle(USER, SET, newer, "saved", LOG) is None
    assert setversions.seconds_in_doubt(newer) == 0


def test_a_timeout_ending_after_a_newer_edit_was_claimed_puts_the_newer_edit_in_doubt(settings: Any) -> None:
    settings.BACKEND_STALE_WRITE_WINDOW = 60
    _, late = setversions.claim(USER, SET, 100, {"reps": "5"})
    _, newer = setversions.claim(USER, SET, 200, {"reps": "6"})  # the phone gave up and sent the next edit
    assert late is not None and newer is not None
    setversions.timed_out(USER, SET, late)  # may still land, after the newer one

    assert setversions.settle(USER, SET, newer, "saved", LOG) is None
    assert setversions.seconds_in_doubt(newer) > 0  # the page is asked to send it again later
    assert setversions.claim(USER, SET, 200, {"reps": "6"}, reassert=True)[0] == "wait"


def test_a_timeout_ending_after_the_newer_edit_was_saved_leaves_it_to_be_written_again(
    settings: Any,
) -> None:
    settings.BACKEND_STALE_WRITE_WINDOW = 60
    _, late = setversions.claim(USER, SET, 100, {"reps": "5"})
    _, newer = setversions.claim(USER, SET, 200, {"reps": "6"})
    assert late is not None and newer is not None
    setversions.settle(USER, SET, newer, "saved", LOG)

    setversions.timed_out(USER, SET, late)

    current = setversions.get(USER, SET)
    assert current is not None and (current.version, current.state) == (200, "saved")
    assert setversions.seconds_in_doubt(current) > 0  # finishing writes it again first


def test_a_write_sent_before_the_window_ended_leaves_the_set_in_doubt_however_late_its_answer(
    settings: Any,
) -> None:
    newer = _newer_after_a_timeout(settings)
    stored = setversions.get(USER, SET)
    assert stored is not None
    sent = time.time() - 10
    stored.claimed_at = newer.claimed_at = sent
    stored.doubt_until = newer.doubt_until = sent + 5  # the window ended after it was sent
    setversions.put(USER, SET, stored)

    setversions.settle(USER, SET, newer, "saved", LOG)  # answered after the window

    current = setversions.get(USER, SET)
    assert current is not None and current.doubt_until > 0  # the late one may have landed after it
    assert setversions.claim(USER, SET, 200, {"reps": "6"}, reassert=True)[0] == "write"


def test_finishing_writes_a_doubted_set_at_once_and_it_stays_in_doubt_until_the_window_ends(
    settings: Any,
) -> None:
    newer = _newer_after_a_timeout(settings)
    setversions.settle(USER, SET, newer, "saved", LOG)
    assert setversions.claim(USER, SET, 200, {"reps": "6"}, reassert=True)[0] == "wait"

    outcome, again = setversions.claim(USER, SET, 200, {"reps": "6"}, reassert=True, in_doubt_too=True)
    assert outcome == "write" and again is not None
    setversions.settle(USER, SET, again, "saved", LOG)

    current = setversions.get(USER, SET)
    assert current is not None and setversions.seconds_in_doubt(current) > 0  # should Finish then fail


def test_the_largest_version_a_row_may_send_comes_back_exact() -> None:
    assert setversions.claim(USER, SET, setversions.MAX_VERSION, {})[0] == "write"

    assert setversions.claim(USER, SET, setversions.MAX_VERSION, {})[0] == "busy"  # the same edit, not older
    current = setversions.get(USER, SET)
    assert current is not None and current.version == setversions.MAX_VERSION


def test_a_record_keeps_what_was_typed_and_the_backend_answer() -> None:
    _, record = setversions.claim(USER, SET, 1_796_235_182_023, {"weight": "62.5", "reps": "8"})
    assert record is not None
    setversions.settle(USER, SET, record, "saved", {"weight": 62.5, "reps": 8, "rpe": None})

    assert setversions.get_many(USER, [SET, "session:exercise:2"]) == {SET: record}
    assert record.version == 1_796_235_182_023 and record.values == {"weight": "62.5", "reps": "8"}
    assert record.log == {"weight": 62.5, "reps": 8, "rpe": None}


def test_a_clear_that_failed_is_still_known_to_be_a_clear() -> None:
    """Finish writes it again (workouts/sets.py) though it has no backend answer to write."""
    _, record = setversions.claim(USER, SET, 200, {"reps": "8", "completed": "0"}, clearing=True)
    assert record is not None
    setversions.settle(USER, SET, record, "failed", None)

    stored = setversions.get(USER, SET)
    assert stored is not None and stored.state == "failed" and stored.clearing and stored.log is None


def test_the_same_edit_sent_from_two_places_at_once_is_written_once() -> None:
    """The page-leave beacon and the restore after a reload, say, reaching two web processes together."""
    rounds = 25
    with ThreadPoolExecutor(8) as pool:
        for version in range(1, rounds + 1):
            outcomes = list(pool.map(_claim, [version] * 8))

            assert sorted(outcomes) == ["busy"] * 7 + ["write"], (version, outcomes)


def _claim(version: int) -> str:
    return setversions.claim(USER, SET, version, {})[0]
