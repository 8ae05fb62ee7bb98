"""A signed-in page drawn once for the same inputs (sunnsteel_web/rendered.py): a reload with nothing new is
served without drawing it again, yet every response has its own CSRF token, shows its own toasts and its
own "Possibly out of date" note, follows every change the user makes, and is only ever the user's own."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from django.test import Client

from sunnsteel_web import rendered
from tests.localbackend import LocalBackend
from tests.people import Person, make_person_fixture, veteran_fixture  # noqa: F401
from tests.workouts.lifters import http_fixture  # noqa: F401

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")  # a masked CSRF token
FAVOURITE = re.compile(r'action="(/routines/[0-9a-f-]{36}/favorite)"')


class Clock:
    """Moves wall-clock time (`time.time`, which the cached answers' freshness reads) forward."""

    def __init__(self) -> None:
        self.offset = 0.0


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    moved = Clock()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + moved.offset)
    yield moved


def _strict(client: Client) -> Client:
    client.handler.enforce_csrf_checks = True  # as a browser's post is checked
    return client


def test_a_reload_with_nothing_new_is_not_drawn_again(veteran: Person) -> None:
    first = veteran.client.get("/routines/")
    before = len(veteran.backend.api_calls())

    again = veteran.client.get("/routines/")

    assert first.status_code == again.status_code == 200
    assert [t.name for t in first.templates if t.name] and not again.templates  # served as kept
    assert veteran.calls_since(before) == []
    same = TOKEN.sub("", first.content.decode())
    assert same == TOKEN.sub("", again.content.decode()) and "Push Pull Legs" in same


def test_each_response_has_its_own_csrf_token_and_a_kept_pages_forms_post(veteran: Person) -> None:
    client = _strict(veteran.client)
    client.get("/routines/")
    kept = client.get("/routines/").content.decode()
    tokens = set(CSRF_FIELD.findall(kept))
    first_tokens = set(CSRF_FIELD.findall(client.get("/routines/").content.decode()))

    assert len(tokens) == 1 and len(first_tokens) == 1 and tokens != first_tokens  # masked per response
    assert rendered.CSRF_PLACEHOLDER not in kept
    favourite = FAVOURITE.findall(kept)[0]
    posted = client.post(favourite, {"favorite": "1", "csrfmiddlewaretoken": tokens.pop()})
    assert posted.status_code == 302  # the kept page's token is accepted

    after = client.get("/routines/").content.decode()
    form = after[after.index(f'action="{favourite}"') :][:900]
    assert 'aria-pressed="true"' in form  # the change shows at once, not the kept page


def test_a_toast_is_shown_once_also_on_a_kept_page(veteran: Person) -> None:
    page = veteran.client.get("/routines/").content.decode()
    archive = re.findall(r'action="(/routines/[0-9a-f-]{36}/archive)"', page)[0]
    veteran.client.get("/routines/")  # kept

    shown = veteran.client.post(archive, {"archived": "1"}, follow=True).content.decode()
    again = veteran.client.get("/routines/").content.decode()

    assert "Routine archived" in shown
    assert "Routine archived" not in again


def test_two_people_with_nothing_yet_each_see_their_own_page(backend: LocalBackend, client_for) -> None:  # type: ignore[no-untyped-def]
    ada = client_for(backend.create_user(name="Ada"))
    bo = client_for(backend.create_user(name="Bo"))

    ada_home = [ada.get("/").content.decode() for _ in range(2)]
    bo_home = [bo.get("/").content.decode() for _ in range(2)]

    assert all("Hi, Ada" in page and "Hi, Bo" not in page for page in ada_home)
    assert all("Hi, Bo" in page and "Hi, Ada" not in page for page in bo_home)


def test_a_kept_page_is_not_shown_for_an_answer_that_could_not_be_refreshed(
    veteran: Person, clock: Clock
) -> None:
    veteran.client.get("/routines/")
    veteran.client.get("/routines/")  # kept
    clock.offset += 3600  # every cached answer is past its freshness
    veteran.backend.add_fault("/api/routines", "status", method="GET", status=503)

    page = veteran.client.get("/routines/").content.decode()

    assert "Possibly out of date" in page and "Push Pull Legs" in page
