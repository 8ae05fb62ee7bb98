"""The "Workout in progress — Resume" bar: on every page while a session is active, except its own."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache

from tests.workouts.lifters import HTMX, Lifter


def test_every_page_shows_the_resume_bar_while_a_workout_is_active(lifter: Lifter) -> None:
    assert "Workout in progress" not in lifter.client.get("/routines/").content.decode()
    session_id = lifter.start(lifter.monday)

    for url in ("/", "/routines/", f"/routines/{lifter.routine['id']}"):
        page = lifter.client.get(url).content.decode()
        assert '<span class="workout-banner__what">Push Pull A · Monday</span>' in page, url
        assert f'href="/workouts/{session_id}"' in page and ">Resume<" in page
        assert 'hx-trigger="banner-refresh"' in page  # refreshed by workout.js while the tab is shown


def test_the_session_page_itself_has_no_resume_bar(lifter: Lifter) -> None:
    session_id = lifter.start(lifter.monday)

    page = lifter.client.get(f"/workouts/{session_id}").content.decode()

    assert "Workout in progress" not in page and 'id="workout-banner"' not in page


def test_the_bar_refresh_costs_at_most_the_cached_active_session(lifter: Lifter) -> None:
    lifter.start(lifter.monday)
    lifter.client.get("/routines/")
    before = len(lifter.backend.api_calls())

    refreshed = lifter.client.get("/workouts/banner", headers=HTMX)

    assert "Workout in progress" in refreshed.content.decode()
    assert lifter.calls_since(before) == []  # fresh for 30 s
    lifter.api.abort_active_session()
    cache.clear()  # 30 s later
    before = len(lifter.backend.api_calls())
    gone = lifter.client.get("/workouts/banner", headers=HTMX).content.decode()
    assert lifter.calls_since(before) == ["GET /api/workouts/sessions/active"]
    assert "Workout in progress" not in gone and 'id="workout-banner"' in gone  # keeps polling


def test_the_bar_leaves_pages_alone_when_the_backend_fails_and_the_failure_is_logged_once(
    lifter: Lifter, caplog: pytest.LogCaptureFixture
) -> None:
    lifter.start(lifter.monday)
    lifter.backend.add_fault("/api/workouts/sessions/active", "status", method="GET", status=500)
    cache.clear()
    with caplog.at_level(logging.INFO):
        response = lifter.client.get("/routines/")

    assert response.status_code == 200 and "Push Pull A" in response.content.decode()
    assert "Workout in progress" not in response.content.decode()
    failed = [
        r.getMessage()
        for r in caplog.records
        if "/workouts/sessions/active" in r.getMessage() and not r.getMessage().startswith("retrying")
    ]
    assert len(failed) == 1 and failed[0].startswith("backend call failed")  # not again by the bar


def test_finishing_hides_the_bar_without_asking_the_backend_again(lifter: Lifter) -> None:
    session_id = lifter.start(lifter.monday)
    lifter.client.get("/routines/")
    lifter.client.post(f"/workouts/{session_id}/finish", {"confirm": "on"})
    before = len(lifter.backend.api_calls())

    page = lifter.client.get("/routines/").content.decode()

    assert "Workout in progress" not in page
    assert "GET /api/workouts/sessions/active" not in lifter.calls_since(before)


def test_the_bar_refresh_after_the_sign_in_ended_leaves_the_page_where_it_is(lifter: Lifter) -> None:
    lifter.start(lifter.monday)
    lifter.client.get("/routines/")
    lifter.client.post("/logout")  # e.g. the sign-in ended while a form on the page was being filled in

    refreshed = lifter.client.get("/workouts/banner", headers=HTMX)

    assert refreshed.status_code == 204 and "HX-Redirect" not in refreshed  # no jump to the login page
    assert lifter.client.get("/workouts/banner").status_code == 204  # and nothing to see without sign-in
