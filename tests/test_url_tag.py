"""`{% url %}` in our templates (sunnsteel_web/urltag.py) answers as Django's own tag, from memory after
the first time."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix

from sunnsteel_web import urltag


@pytest.fixture
def prefix() -> Iterator[None]:
    yield
    set_script_prefix("/")


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def test_links_are_what_django_reverses_also_when_remembered(prefix: None) -> None:
    routine = str(uuid.uuid4())
    link = '{% url "routines:favorite" routine %}|{% url "routines:detail" routine as there %}{{ there }}'
    expected = f"{reverse('routines:favorite', args=[routine])}|{reverse('routines:detail', args=[routine])}"

    assert render(link, routine=routine) == expected
    assert render(link, routine=routine) == expected  # remembered
    set_script_prefix("/gym/")  # the app mounted under a prefix: links follow it
    assert render(link, routine=routine) == expected.replace("/routines/", "/gym/routines/")


def test_an_unknown_view_still_fails_and_is_not_remembered() -> None:
    before = len(urltag._reversed)
    with pytest.raises(NoReverseMatch):
        render('{% url "routines:nothing-here" %}')
    assert render('{% url "routines:nothing-here" as missing %}[{{ missing }}]') == "[]"
    assert len(urltag._reversed) == before
