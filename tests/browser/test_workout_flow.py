"""The live workout on a phone (390×844, headless Chromium): start, log, reload, finish, summary."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import start_signed_in
from tests.browser.workout_page import row, start_monday
from tests.localbackend import LocalBackend
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser


def test_start_log_three_sets_reload_finish_and_see_the_summary(page: Page, web: str, lifter: Lifter) -> None:
    start_monday(page, web, lifter)
    first, second, curl = row(page, lifter.bench, 1), row(page, lifter.bench, 2), row(page, lifter.curl, 1)

    first.get_by_role("button", name="Set 1 done").click()  # as prescribed: one tap
    expect(first.locator("[data-status]")).to_have_text("Saved")
    second.get_by_label("Set 2 RPE (optional)").fill("8.5")
    second.get_by_role("button", name="Set 2 done").click()
    curl.get_by_label("Set 1 weight (kg)").fill("22.5")
    curl.get_by_role("button", name="Set 1 done").click()
    expect(curl.locator("[data-status]")).to_have_text("Saved")
    expect(second.locator("[data-status]")).to_have_text("Saved")
    expect(page.locator("#progress-text")).to_have_text("3 / 3 sets")

    page.reload()

    expect(page.locator("#progress-text")).to_have_text("3 / 3 sets")
    expect(second.get_by_label("Set 2 RPE (optional)")).to_have_value("8.5")
    expect(curl.get_by_label("Set 1 weight (kg)")).to_have_value("22.5")
    for done in (first, second, curl):
        expect(done.locator("[data-done]")).to_have_attribute("aria-pressed", "true")
    page.get_by_label("Notes (optional)").fill("felt strong")
    page.get_by_role("button", name="Finish workout").click()

    expect(page.get_by_role("heading", name="Workout complete")).to_be_visible()
    expect(page.locator("[data-summary=sets]")).to_have_text("3 / 3")
    expect(page.locator("[data-summary=volume]")).to_have_text("1,590 kg")
    expect(page.locator("[data-summary=progression]")).to_contain_text("Bench Press: 60 → 62.5 kg")
    expect(page.locator("[data-summary=progression]")).to_contain_text("Barbell Curl: 20 → 22.5 kg")
    expect(page.get_by_text("felt strong")).to_be_visible()
    page.screenshot(path="test-artifacts/workout-summary-390.png", full_page=True)


def test_the_rest_timer_appears_after_done_and_survives_a_reload(
    page: Page, web: str, lifter: Lifter
) -> None:
    start_monday(page, web, lifter)
    timer = page.locator("#rest-timer")
    expect(timer).to_be_hidden()

    row(page, lifter.bench, 1).get_by_role("button", name="Set 1 done").click()

    expect(timer).to_be_visible()
    expect(timer.locator("[data-rest-time]")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    expect(row(page, lifter.bench, 1).locator("[data-status]")).to_have_text("Saved")
    before = _seconds(timer.locator("[data-rest-time]").inner_text())
    timer.get_by_role("button", name="+15 s").click()
    assert 13 <= _seconds(timer.locator("[data-rest-time]").inner_text()) - before <= 15
    page.screenshot(path="test-artifacts/workout-rest-timer-390.png")
    page.reload()
    expect(timer).to_be_visible()
    expect(timer.locator("[data-rest-time]")).to_have_text(re.compile(r"^2:(0|1)\d$"))
    timer.get_by_role("button", name="Skip").click()
    expect(timer).to_be_hidden()
    page.reload()
    expect(page.locator("#progress-text")).to_have_text("1 / 3 sets")
    expect(timer).to_be_hidden()


def _seconds(clock: str) -> int:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + int(seconds)


def test_the_first_set_is_visible_without_scrolling_on_a_small_phone(
    page: Page, web: str, lifter: Lifter
) -> None:
    page.set_viewport_size({"width": 360, "height": 640})
    start_monday(page, web, lifter)

    done = row(page, lifter.bench, 1).get_by_role("button", name="Set 1 done")

    expect(done).to_be_in_viewport(ratio=1)
    box = done.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sticks out sideways
    for name in ("weight", "reps", "rpe"):
        field = row(page, lifter.bench, 1).locator(f"input[name={name}]")
        assert field.evaluate("e => getComputedStyle(e).fontSize") == "16px"
    page.screenshot(path="test-artifacts/workout-session-360.png")


STUBS = """
window.__vibrations = [];
window.__wakeLocks = 0;
Object.defineProperty(navigator, 'vibrate', {value: function (pattern) {
  window.__vibrations.push(pattern); return true;
}});
Object.defineProperty(navigator, 'wakeLock', {value: {request: function () {
  window.__wakeLocks += 1; return Promise.resolve({release: function () { return Promise.resolve(); }});
}}});
"""


def test_the_end_of_the_rest_vibrates_and_the_screen_is_kept_awake(
    page: Page, web: str, lifter: Lifter
) -> None:
    page.add_init_script(STUBS)
    page.clock.install()
    start_monday(page, web, lifter)
    page.wait_for_function("window.__wakeLocks >= 1")  # asked for once the page's scripts have run
    timer = page.locator("#rest-timer")

    row(page, lifter.curl, 1).get_by_role("button", name="Set 1 done").click()
    expect(timer.locator("[data-rest-time]")).to_have_text(re.compile(r"^1:[0-3]\d$"))
    page.clock.fast_forward("01:31")

    expect(timer.locator("[data-rest-label]")).to_have_text("Rest over")
    assert page.evaluate("window.__vibrations") == [[200, 100, 200]]
    page.clock.fast_forward("00:06")
    expect(timer).to_be_hidden()


def test_the_resume_bar_appears_when_the_tab_is_shown_again(page: Page, web: str, lifter: Lifter) -> None:
    start_signed_in(page, web, lifter.backend, lifter.account["email"], at=None)
    page.goto(f"{web}/routines/")
    bar = page.get_by_role("link", name=re.compile("Workout in progress"))
    expect(bar).to_have_count(0)
    session_id = lifter.start(lifter.monday)  # on another device

    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")

    expect(bar).to_be_visible()
    bar.click()
    expect(page).to_have_url(f"{web}/workouts/{session_id}")
    expect(page.get_by_role("link", name=re.compile("Workout in progress"))).to_have_count(0)


VISIBILITY = """
window.__visibility = "visible";
Object.defineProperty(document, "visibilityState", {get: function () { return window.__visibility; }});
window.__barRequests = 0;
document.addEventListener("htmx:beforeRequest", function (event) {
  if (event.detail.elt.id === "workout-banner") window.__barRequests += 1;
});
"""


def test_the_resume_bar_refreshes_every_minute_only_while_the_tab_is_shown(
    page: Page, web: str, lifter: Lifter
) -> None:
    page.add_init_script(VISIBILITY)
    page.clock.install()
    start_signed_in(page, web, lifter.backend, lifter.account["email"], at=None)
    page.goto(f"{web}/routines/")
    bar = page.get_by_role("link", name=re.compile("Workout in progress"))
    lifter.start(lifter.monday)  # on another device

    page.evaluate("window.__visibility = 'hidden'")  # the phone is in a pocket, the tab left open
    page.clock.fast_forward("10:00")
    assert page.evaluate("window.__barRequests") == 0  # a hidden tab spends none of the backend budget
    expect(bar).to_have_count(0)

    page.evaluate("window.__visibility = 'visible'")  # shown again without a visibilitychange: the minute
    page.clock.fast_forward("01:00")
    assert page.evaluate("window.__barRequests") == 1
    expect(bar).to_be_visible()


def test_finishing_waits_for_a_save_still_on_its_way(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    start_monday(page, web, lifter)
    for slot, number in ((lifter.bench, 1), (lifter.bench, 2), (lifter.curl, 1)):
        row(page, slot, number).get_by_role("button", name=f"Set {number} done").click()
    expect(page.locator("#progress-text")).to_have_text("3 / 3 sets")
    backend.add_fault("/api/workouts/sessions/*/set-logs", "slow", method="PUT", delay=1, times=1)

    row(page, lifter.curl, 1).get_by_label("Set 1 RPE (optional)").fill("9")  # then straight to Finish
    page.get_by_role("button", name="Finish workout").click()

    expect(page.get_by_role("heading", name="Workout complete")).to_be_visible()
    session = lifter.api.session(page.url.rsplit("/", 1)[1])
    assert [log["rpe"] for log in session["setLogs"] if log["routineExerciseId"] == lifter.curl["id"]] == [9]
