"""The routines pages: every day of every routine can be started, and a routine shows its plan in full."""

from __future__ import annotations

import re

from django.test import Client

from tests.workouts.lifters import Lifter


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_routines_lists_each_day_with_its_exercise_count_and_a_start_button(lifter: Lifter) -> None:
    page = lifter.client.get("/routines/").content.decode()

    assert "Push Pull A" in page
    assert "Monday 2 exercises" in _text(page) and "Thursday 1 exercise" in _text(page)
    for day in (lifter.monday, lifter.thursday):  # any day, not only today's
        assert f'name="routine_day_id" value="{day["id"]}"' in page
    assert page.count('action="/workouts/start"') == 2
    assert 'aria-label="Start Push Pull A, Monday"' in page


def test_a_routine_shows_each_day_with_sets_rest_and_notes(lifter: Lifter) -> None:
    page = _text(lifter.client.get(f"/routines/{lifter.routine['id']}").content.decode())

    assert "Monday" in page and "Thursday" in page
    assert "Bench Press Rest 2 min pause first rep" in page
    assert "1 8–12 60 kg 2" in page and "2 10 60 kg –" in page
    assert "Barbell Curl Rest 1 min 30 s" in page and "1 10–15 15 kg –" in page


def test_an_lb_user_sees_the_plan_in_pounds(make_lifter) -> None:  # type: ignore[no-untyped-def]
    lifter = make_lifter(weight_unit="LB")

    page = _text(lifter.client.get(f"/routines/{lifter.routine['id']}").content.decode())

    assert "1 8–12 132.5 lb 2" in page and "1 10–15 33 lb –" in page


def test_the_demo_routines_are_listed(signed_in: Client) -> None:
    page = _text(signed_in.get("/routines/").content.decode())

    assert "Upper/Lower" in page and "Push Pull Legs" in page
    assert "Monday 4 exercises" in page and "Friday 4 exercises" in page


def test_an_unknown_routine_is_not_found(lifter: Lifter) -> None:
    response = lifter.client.get("/routines/00000000-0000-0000-0000-000000000000")

    assert response.status_code == 404
