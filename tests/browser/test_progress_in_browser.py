"""Progress while training, on a phone (390 × 844): an exercise's page opened from the live workout, its
records and chart read, and back to the workout as it was, nothing typed lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_workout_saving import eventually
from tests.browser.workout_page import SESSION_URL, row, start_monday
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser


def _finished_monday(lifter: Lifter, weight: float) -> None:
    """A Monday done elsewhere: bench 12 and 10 reps at `weight`, curl 12 × 20 kg."""
    session = lifter.api.start(lifter.routine)["id"]
    lifter.api.log_set(session, lifter.bench, 1, weight=weight, reps=12, isCompleted=True)
    lifter.api.log_set(session, lifter.bench, 2, weight=weight, reps=10, isCompleted=True)
    lifter.api.log_set(session, lifter.curl, 1, weight=20, reps=12, isCompleted=True)
    lifter.api.finish(session)


def test_an_exercise_opened_from_the_workout_shows_records_and_chart_and_the_workout_is_kept(
    page: Page, web: str, lifter: Lifter
) -> None:
    _finished_monday(lifter, 57.5)
    _finished_monday(lifter, 60)  # best e1RM 60 × (1 + 12/30) = 84, heaviest 60 kg
    start_monday(page, web, lifter)
    session_url = page.url
    first, second = row(page, lifter.bench, 1), row(page, lifter.bench, 2)
    expect(first.locator("[data-last]")).to_have_text("last: 60 kg × 12")

    first.locator("input[name=weight]").fill("62.5")
    first.locator("input[name=reps]").fill("10")
    first.locator("[data-done]").click()
    expect(first.locator("[data-status]")).to_have_text("Saved")
    expect(first.locator("[data-record]")).to_have_text("Heaviest yet")  # 62.5 × 10: e1RM 83.33 < 84
    second.locator("input[name=weight]").fill("65")  # typed, not saved yet, as the link is tapped

    page.get_by_role("link", name="Bench Press").click()

    expect(page).to_have_url(f"{web}/exercises/{lifter.bench['exercise']['id']}")
    expect(page.locator("[data-record=heaviest]")).to_contain_text("60 kg × 12")
    expect(page.locator("[data-record=e1rm]")).to_contain_text("84 kg from 60 kg × 12")
    expect(page.locator("svg.chart polyline")).to_have_count(2)
    expect(page.locator("tr[data-point]")).to_have_count(2)  # one per finished workout with bench
    expect(page.locator("tr[data-point]").last).to_contain_text("84")
    page.screenshot(path="test-artifacts/progress-exercise-390.png", full_page=True)

    page.go_back()

    expect(page).to_have_url(SESSION_URL)
    assert page.url == session_url
    first, second = row(page, lifter.bench, 1), row(page, lifter.bench, 2)
    expect(first.locator("input[name=weight]")).to_have_value("62.5")
    expect(first.locator("input[name=reps]")).to_have_value("10")
    expect(first.locator("[data-done]")).to_have_attribute("aria-pressed", "true")
    expect(second.locator("input[name=weight]")).to_have_value("65")  # what was typed is still there
    session_id = session_url.rsplit("/", 1)[1]
    assert eventually(
        lambda: any(
            log["setNumber"] == 2 and log["weight"] == 65
            for log in lifter.api.session(session_id)["setLogs"] or []
            if log["routineExerciseId"] == lifter.bench["id"]
        ),
        timeout=15,
    )  # and it reached the backend (the page-leave beacon, or the page once back)
    page.screenshot(path="test-artifacts/progress-back-to-workout-390.png")
    page.set_viewport_size({"width": 360, "height": 640})  # the badge fits a small phone's row too
    expect(first.locator("[data-record]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="test-artifacts/progress-back-to-workout-360.png")
