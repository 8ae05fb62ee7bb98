"""A cached answer is decoded and parsed once per process (sunnsteel_web/backend/decoded.py,
sunnsteel_web/memo.py), and the training index likewise (progress/index.py): the next request reading the
same stored text gets the same frozen objects, yet whatever one request does with what it was given never
reaches another, and a changed answer is read afresh."""

from __future__ import annotations

import pydantic
import pytest

from progress import index as training
from routines.services import routine_list, routine_set_favorite
from sunnsteel_web.backend.client import BackendClient
from sunnsteel_web.memo import ByText
from tests.localbackend import LocalBackend
from tests.progress.training_kit import indexed_workout


@pytest.fixture
def token(backend: LocalBackend) -> str:
    account = backend.create_user(demo_data=True)
    return backend.sign_in(account["email"], account["password"])


def _request(token: str) -> BackendClient:
    """One page's client (its own per-request memo), as the middleware makes it."""
    return BackendClient(token=token, user_key="decoded-once", client_ip="203.0.113.7")


def test_the_next_request_reads_a_cached_answer_without_parsing_it_again(backend, token) -> None:
    fetched = routine_list(_request(token))  # fetched, and kept as text
    before = len(backend.api_calls())
    first = routine_list(_request(token))  # the text decoded and parsed

    again = routine_list(_request(token))

    assert backend.api_calls()[before:] == []  # both from the cache
    assert [r.name for r in again] == [r.name for r in first] == [r.name for r in fetched]
    assert all(a is b for a, b in zip(again, first, strict=True))  # the same parsed routines


def test_a_list_changed_by_one_request_is_whole_for_the_next(token) -> None:
    mine = routine_list(_request(token))
    count = len(mine)
    mine.clear()

    assert len(routine_list(_request(token))) == count > 0


def test_a_parsed_answer_cannot_be_changed_in_place(token) -> None:
    routine = routine_list(_request(token))[0]

    with pytest.raises(pydantic.ValidationError):
        routine.name = "Changed"  # type: ignore[misc]


def test_an_answer_changed_since_is_read_afresh(backend, token) -> None:
    routine_list(_request(token))
    routine = routine_list(_request(token))[0]  # parsed from the kept text
    routine_set_favorite(_request(token), routine.id, not routine.is_favorite)

    again = next(r for r in routine_list(_request(token)) if r.id == routine.id)

    assert again.is_favorite is not routine.is_favorite


def test_kept_texts_are_bounded_the_least_recently_read_dropped_first() -> None:
    built: list[str] = []
    kept: ByText[str] = ByText(max_chars=400)

    def build(text: str) -> str:
        built.append(text)
        return text.upper()

    for letter in "abcdefgh":  # 8 × 50: full
        kept.get(letter * 50, build)
    kept.get("a" * 50, build)  # read again: now the most recent
    kept.get("i" * 50, build)  # past 400: the least recently read goes, "b"
    built.clear()

    assert kept.get("a" * 50, build) == "A" * 50 and built == []  # kept
    assert kept.get("c" * 50, build) == "C" * 50 and built == []  # kept
    assert kept.get("b" * 50, build) == "B" * 50 and built == ["b" * 50]  # dropped: built again
    built.clear()
    assert kept.get("x" * 51, build) == "X" * 51  # over an eighth of the bound: built,
    assert kept.get("x" * 51, build) == "X" * 51 and built == ["x" * 51] * 2  # and not kept


def test_two_readers_of_one_stored_index_never_share_its_lists() -> None:
    stored = training.TrainingIndex(
        workouts={"w1": indexed_workout("w1", "2026-11-02T18:00:00+00:00", {"bench": [(1, 100, 5, True)]})},
        known=["w1"],
        listed_all=True,
    ).model_dump_json()

    one, other = training._read(stored), training._read(stored)
    one.known.insert(0, "w2")
    one.workouts.pop("w1")

    assert other.known == ["w1"] and list(other.workouts) == ["w1"]
    assert training._read(stored).known == ["w1"]
    with pytest.raises(pydantic.ValidationError):
        other.workouts["w1"].title = "Changed"  # type: ignore[misc]
