"""Saving set rows on a poor connection: failures keep what was typed and offer Retry; late answers lose."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.workout_page import open_monday, row, start_monday
from tests.localbackend import LocalBackend
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser

SET_LOGS = "/api/workouts/sessions/*/set-logs"


def _logged(lifter: Lifter, session_id: str) -> dict[int, tuple]:
    logs = lifter.api.session(session_id)["setLogs"]
    return {
        log["setNumber"]: (log["weight"], log["reps"], log["isCompleted"])
        for log in logs
        if log["routineExerciseId"] == lifter.bench["id"]
    }


def _session_id(page: Page) -> str:
    return page.url.rsplit("/", 1)[1]


def test_a_failed_save_shows_retry_keeps_the_values_and_retry_saves(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    start_monday(page, web, lifter)
    first = row(page, lifter.bench, 1)
    backend.add_fault(SET_LOGS, "status", method="PUT", status=500)  # every attempt, retries included

    first.get_by_label("Set 1 reps").fill("9")
    first.get_by_role("button", name="Set 1 done").click()

    expect(first.locator("[data-status]")).to_have_text("Not saved")
    expect(first.get_by_role("button", name="Retry")).to_be_visible()
    expect(first).to_contain_text("Not saved — your entry is kept.")
    expect(first.get_by_label("Set 1 reps")).to_have_value("9")
    expect(first.locator("[data-done]")).to_have_attribute("aria-pressed", "false")  # rolled back
    expect(page.locator("#progress-text")).to_have_text("0 / 3 sets")
    expect(page.get_by_role("alert").filter(has_text="A server error occurred")).to_be_visible()
    page.screenshot(path="test-artifacts/workout-failed-save-390.png")

    page.reload()  # what was typed survives a reload too (and is tried again, still failing)
    expect(first.get_by_label("Set 1 reps")).to_have_value("9")
    expect(first.locator("[data-status]")).to_have_text("Not saved")

    backend.clear_faults()
    first.get_by_role("button", name="Retry").click()

    expect(first.locator("[data-status]")).to_have_text("Saved")
    expect(first.locator("[data-done]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#progress-text")).to_have_text("1 / 3 sets")
    assert _logged(lifter, _session_id(page)) == {1: (60, 9, True)}


def test_a_slow_earlier_save_never_overwrites_a_newer_edit(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    start_monday(page, web, lifter)
    first = row(page, lifter.bench, 1)
    reps = first.get_by_label("Set 1 reps")
    backend.add_fault(SET_LOGS, "slow", method="PUT", delay=1.5, times=1)

    reps.fill("8")
    reps.press("Enter")  # saves at once; this answer will be slow
    expect(first.locator("[data-status]")).to_have_text("Saving…")
    reps.fill("11")  # typing goes on while the first save is in flight...
    first.get_by_label("Set 1 RPE (optional)").focus()  # ...and moves on: only the sequence check protects it

    expect(first.locator("[data-status]")).to_have_text("Saved")
    expect(reps).to_have_value("11")
    assert _logged(lifter, _session_id(page)) == {1: (60, 11, False)}
    page.reload()
    expect(reps).to_have_value("11")


def test_typed_values_wait_in_the_browser_until_they_are_saved(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    start_monday(page, web, lifter)
    backend.add_fault(SET_LOGS, "drop", method="PUT")  # the connection dies on every save
    second = row(page, lifter.bench, 2)

    second.get_by_label("Set 2 weight (kg)").fill("62.5")
    expect(second.locator("[data-status]")).to_have_text("Not saved")
    backend.clear_faults()
    page.reload()  # the kept value comes back and is saved now

    expect(second.get_by_label("Set 2 weight (kg)")).to_have_value("62.5")
    expect(second.locator("[data-status]")).to_have_text("Saved")
    assert lifter.api.session(_session_id(page))["setLogs"][0]["weight"] == 62.5
    page.reload()
    expect(second.get_by_label("Set 2 weight (kg)")).to_have_value("62.5")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('sunnsteel:draft:'))") == []


def test_clearing_a_logged_set_brings_back_the_prescription(page: Page, web: str, lifter: Lifter) -> None:
    start_monday(page, web, lifter)
    first = row(page, lifter.bench, 1)
    first.get_by_label("Set 1 weight (kg)").fill("70")
    first.get_by_role("button", name="Set 1 done").click()
    expect(first.locator("[data-status]")).to_have_text("Saved")

    first.get_by_role("button", name="Clear set 1").click()

    expect(first.get_by_label("Set 1 weight (kg)")).to_have_value("60")
    expect(first.locator("[data-done]")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#progress-text")).to_have_text("0 / 3 sets")
    expect(first.get_by_role("button", name="Clear set 1")).to_have_count(0)
    assert lifter.api.session(_session_id(page))["setLogs"] == []


def test_an_edit_is_sent_when_the_page_is_left_before_the_pause(page: Page, web: str, lifter: Lifter) -> None:
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    weight = row(page, lifter.bench, 2).get_by_label("Set 2 weight (kg)")

    weight.fill("65")
    page.goto(f"{web}/routines/")  # at once, well within the pause before saving

    # The backend has it before the session page is opened again (which would also send the kept value).
    assert eventually(lambda: [log["weight"] for log in lifter.api.session(session_id)["setLogs"]] == [65])
    page.goto(f"{web}/workouts/{session_id}")
    expect(weight).to_have_value("65")
    expect(row(page, lifter.bench, 2).locator("[data-status]")).to_have_text("Saved")


def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Waits for a condition outside the page (the backend's state), checking every 50 ms."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_set_typed_before_the_page_scripts_arrive_is_still_saved(
    page_without_worker: Page, web: str, lifter: Lifter
) -> None:
    page = page_without_worker  # a first visit: the worker has kept no script yet
    held: list[Route] = []
    page.route(
        "**/js/session/*.js", lambda route: held.append(route)
    )  # a slow gym connection: the scripts are late
    with page.expect_request("**/js/session/*.js"):
        open_monday(page, web, lifter)
    first = row(page, lifter.bench, 1)

    first.get_by_label("Set 1 weight (kg)").fill("62.5")  # the page is already usable
    while held:
        held.pop(0).continue_()

    expect(first.locator("[data-status]")).to_have_text("Saved")
    assert _logged(lifter, _session_id(page)) == {1: (62.5, 12, False)}  # reps as prescribed
