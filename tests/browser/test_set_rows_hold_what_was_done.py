"""Set rows on a phone keep exactly what the lifter did (issue 10): clear, comma decimals, double taps,
offline spells, reloads during an outage, late saves, refused values. Counts from the backend's log."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.browser.test_workout_saving import eventually
from tests.browser.workout_page import SESSION_URL, open_monday, row, start_monday
from tests.localbackend import LocalBackend
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser


def _session_id(page: Page) -> str:
    return page.url.rsplit("/", 1)[1]


def _bench_logs(lifter: Lifter, session_id: str) -> dict[int, dict[str, Any]]:
    logs = lifter.api.session(session_id)["setLogs"] or []
    return {log["setNumber"]: log for log in logs if log["routineExerciseId"] == lifter.bench["id"]}


def _set_log_calls(backend: LocalBackend, before: int, *, answered: bool = False) -> list[str]:
    """The set-log calls since the `before`-th API call; with `answered`, only those the backend has
    answered (a call is logged as it arrives, before it has written anything)."""
    calls = [r for r in backend.requests() if r["path"].startswith("/api/")][before:]
    return [
        f"{r['method']} {r['path']}"
        for r in calls
        if "/set-logs" in r["path"] and (r["status"] is not None or not answered)
    ]


def test_back_to_the_workout_shows_the_sets_saved_before_leaving_it(
    page: Page, web: str, lifter: Lifter
) -> None:
    # Nothing is left unsaved, so no beacon goes as the page is left: what Back shows is the page itself.
    start_monday(page, web, lifter)
    first = row(page, lifter.bench, 1)
    first.get_by_label("Set 1 reps").fill("11")
    first.get_by_role("button", name="Set 1 done").click()
    expect(first.locator("[data-status]")).to_have_text("Saved")

    page.get_by_role("link", name="Bench Press").click()
    expect(page).to_have_url(f"{web}/exercises/{lifter.bench['exercise']['id']}")
    page.go_back()

    first = row(page, lifter.bench, 1)
    expect(first.get_by_label("Set 1 reps")).to_have_value("11")  # not the page as it first arrived
    expect(first.get_by_role("button", name="Set 1 done")).to_have_attribute("aria-pressed", "true")


def test_a_cleared_set_stays_gone_after_leaving_reloading_and_finishing(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    first = row(page, lifter.bench, 1)
    first.get_by_role("button", name="Set 1 done").click()
    expect(first.locator("[data-status]")).to_have_text("Saved")
    clear = first.get_by_role("button", name="Clear set 1")
    box = clear.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44  # a finger-sized target
    before = len(backend.api_calls())

    clear.click()

    expect(first.get_by_role("button", name="Clear set 1")).to_have_count(0)
    expect(first.locator("[data-status]")).to_have_text("")  # not "Unsaved"
    page.goto(f"{web}/routines/")  # leaving the page sends nothing more for it
    page.goto(f"{web}/workouts/{session_id}")
    expect(first.get_by_label("Set 1 weight (kg)")).to_have_value("60")
    expect(first.get_by_role("button", name="Clear set 1")).to_have_count(0)
    path = f"/api/workouts/sessions/{session_id}/set-logs"
    assert _set_log_calls(backend, before) == [f"DELETE {path}/{lifter.bench['id']}/1"]
    page.get_by_role("button", name="Finish workout").click()
    page.get_by_role("dialog").get_by_role("button", name="Finish workout").click()
    expect(page.locator('[data-summary="sets"]')).to_have_text("0 / 3")  # the record lists no set
    assert _bench_logs(lifter, session_id) == {}


def test_a_comma_typed_on_the_decimal_keypad_is_the_decimal_point(
    page: Page, web: str, lifter: Lifter, no_js_page: Page
) -> None:
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    weight = row(page, lifter.bench, 1).get_by_label("Set 1 weight (kg)")

    weight.fill("")
    weight.press_sequentially("62,5")  # key by key, as on a phone's keypad
    weight.press("Enter")

    expect(row(page, lifter.bench, 1).locator("[data-status]")).to_have_text("Saved")
    assert _bench_logs(lifter, session_id)[1]["weight"] == 62.5  # never 625, never nothing
    # Without JavaScript too.
    no_js_page.goto(f"{web}/login")
    no_js_page.get_by_label("Email").fill(lifter.account["email"])
    no_js_page.get_by_label("Password", exact=True).fill(lifter.account["password"])
    no_js_page.get_by_role("button", name="Sign in").click()
    no_js_page.goto(f"{web}/workouts/{session_id}")
    second = row(no_js_page, lifter.bench, 2).get_by_label("Set 2 weight (kg)")
    second.fill("57,5")
    second.press("Enter")
    expect(row(no_js_page, lifter.bench, 2).locator("[data-status]")).to_have_text("Saved")
    assert _bench_logs(lifter, session_id)[2]["weight"] == 57.5


def test_a_double_tap_on_done_leaves_the_set_done(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    page.clock.install()
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    first = row(page, lifter.bench, 1)
    done = first.get_by_role("button", name="Set 1 done")
    before = len(backend.api_calls())

    done.click()
    done.click()  # a second tap at once, as a shaky thumb does

    expect(first.locator("[data-status]")).to_have_text("Saved")
    expect(done).to_have_attribute("aria-pressed", "true")
    assert _bench_logs(lifter, session_id)[1]["isCompleted"] is True
    assert len(_set_log_calls(backend, before)) == 1  # one tap, one save
    page.clock.fast_forward(2000)
    done.click()  # undoing is still possible, deliberately
    expect(done).to_have_attribute("aria-pressed", "false")
    expect(first.locator("[data-status]")).to_have_text("Saved")


def test_sets_done_offline_wait_calmly_and_are_sent_once_in_order_when_back_online(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend, context: BrowserContext
) -> None:
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    first, second = row(page, lifter.bench, 1), row(page, lifter.bench, 2)
    context.set_offline(True)
    before = len(backend.api_calls())

    first.get_by_role("button", name="Set 1 done").click()
    second.get_by_role("button", name="Set 2 done").click()

    expect(page.get_by_text("2 sets waiting to save")).to_be_visible()
    expect(first.locator("[data-status]")).to_have_text("Waiting to save")
    expect(page.locator(".set-row__error")).to_have_count(0)  # no red error per row
    expect(page.locator(".toast")).to_have_count(0)
    page.screenshot(path="test-artifacts/workout-offline-390.png")

    context.set_offline(False)  # the connection is back: nothing to tap

    expect(first.locator("[data-status]")).to_have_text("Saved")
    expect(second.locator("[data-status]")).to_have_text("Saved")
    expect(page.get_by_text("2 sets waiting to save")).to_be_hidden()
    logs = _bench_logs(lifter, session_id)
    assert logs[1]["isCompleted"] and logs[2]["isCompleted"]
    assert logs[1]["updatedAt"] < logs[2]["updatedAt"]  # in the order they were done
    page.reload()  # the page-leave beacon and the restore do not send them again
    expect(second.locator("[data-status]")).to_have_text("Saved")
    assert len(_set_log_calls(backend, before)) == 2


def test_a_set_kept_through_a_reload_during_an_outage_is_saved_when_the_backend_is_back(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend
) -> None:
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    first = row(page, lifter.bench, 1)
    saving_down = ("/api/workouts/sessions/*/set-logs", "status")
    backend.add_fault(*saving_down, method="PUT", status=503)
    first.get_by_label("Set 1 reps").fill("9")
    first.get_by_role("button", name="Set 1 done").click()
    expect(first.locator("[data-status]")).to_have_text("Not saved")

    page.reload()  # still down: the page-leave post fails, and so does the restore
    expect(first.locator("[data-status]")).to_have_text("Not saved")
    expect(first.get_by_label("Set 1 reps")).to_have_value("9")
    backend.clear_faults()
    page.reload()  # back: the browser still has it, and sends it

    expect(first.locator("[data-status]")).to_have_text("Saved")
    expect(first.get_by_label("Set 1 reps")).to_have_value("9")
    log = _bench_logs(lifter, session_id)[1]
    assert (log["reps"], log["isCompleted"]) == (9, True)


def test_a_save_that_lands_late_never_overwrites_the_newer_edit(
    page: Page, web: str, lifter: Lifter, backend: LocalBackend, settings: LazySettings
) -> None:
    settings.BACKEND_READ_TIMEOUT = 1.0  # the web app gives up on a save after 1 s...
    settings.BACKEND_STALE_WRITE_WINDOW = 3.0  # ...which may still land within 3 s
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    first = row(page, lifter.bench, 1)
    backend.add_fault("/api/workouts/sessions/*/set-logs", "slow", method="PUT", delay=2.0, times=1)
    before = len(backend.api_calls())

    first.get_by_label("Set 1 weight (kg)").fill("50")
    first.get_by_label("Set 1 reps").fill("5")
    first.get_by_label("Set 1 reps").press("Enter")
    expect(first.locator("[data-status]")).to_have_text("Not saved")  # timed out; it lands 1 s later
    first.get_by_label("Set 1 weight (kg)").fill("60")
    first.get_by_label("Set 1 reps").fill("6")
    first.get_by_label("Set 1 reps").press("Enter")
    expect(first.locator("[data-status]")).to_have_text("Saved")

    # Once the late save can no longer land, the newest values are written again: they are what stays.
    assert eventually(lambda: len(_set_log_calls(backend, before, answered=True)) >= 3, timeout=10)
    kept = _bench_logs(lifter, session_id)[1]
    assert (kept["weight"], kept["reps"]) == (60, 6)
    expect(first.get_by_label("Set 1 weight (kg)")).to_have_value("60")
    assert len(_set_log_calls(backend, before)) == 3  # one more call, only because of the timeout


def test_a_tab_told_of_a_newer_edit_sends_it_again_once_a_late_save_can_no_longer_land(
    page: Page,
    web: str,
    lifter: Lifter,
    context: BrowserContext,
    backend: LocalBackend,
    settings: LazySettings,
) -> None:
    settings.BACKEND_READ_TIMEOUT = 1.0  # the older tab's save is given up on after 1 s...
    settings.BACKEND_STALE_WRITE_WINDOW = 3.0  # ...and may still land within 3 s
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    other = context.new_page()
    other.goto(page.url)
    older, newer = row(other, lifter.bench, 1), row(page, lifter.bench, 1)
    expect(older.get_by_label("Set 1 reps")).to_be_visible()
    backend.add_fault("/api/workouts/sessions/*/set-logs", "slow", method="PUT", delay=2.0, times=1)
    before = len(backend.api_calls())

    older.get_by_label("Set 1 reps").fill("7")
    older.get_by_label("Set 1 reps").press("Enter")  # handled 2 s later, after the newer edit
    expect(older.locator("[data-status]")).to_have_text("Saving…")
    newer.get_by_label("Set 1 reps").fill("9")
    newer.get_by_label("Set 1 reps").press("Enter")
    expect(newer.locator("[data-status]")).to_have_text("Saved")
    expect(older.locator("[data-status]")).to_have_text("Not saved")  # given up on; it lands later
    older.get_by_role("button", name="Retry").click()
    expect(older.get_by_label("Set 1 reps")).to_have_value("9")  # told of the newer edit

    # Once the late save can no longer land, that tab sends the newer edit again: it is what stays.
    assert eventually(lambda: len(_set_log_calls(backend, before, answered=True)) >= 3, timeout=10)
    assert _bench_logs(lifter, session_id)[1]["reps"] == 9


def test_a_refused_done_starts_no_rest_and_outlines_only_the_wrong_input(
    page: Page, web: str, lifter: Lifter
) -> None:
    start_monday(page, web, lifter)
    first = row(page, lifter.bench, 1)
    weight, reps = first.get_by_label("Set 1 weight (kg)"), first.get_by_label("Set 1 reps")

    reps.fill("")
    first.get_by_role("button", name="Set 1 done").click()

    expect(first.locator("[data-status]")).to_have_text("Check")
    expect(page.locator("#rest-timer")).to_be_hidden()  # the set was not done: no rest
    weight.fill("6o")
    reps.fill("8")
    reps.press("Enter")
    expect(first).to_contain_text("Enter the weight as a number, like 62.5.")
    expect(weight).to_have_attribute("aria-invalid", "true")
    expect(reps).not_to_have_attribute("aria-invalid", "true")
    colour = "e => getComputedStyle(e).borderTopColor"
    assert weight.evaluate(colour) != reps.evaluate(colour)


def test_finish_with_a_row_that_cannot_be_saved_says_which_and_keeps_it(
    page: Page, web: str, lifter: Lifter
) -> None:
    start_monday(page, web, lifter)
    first = row(page, lifter.bench, 1)
    first.get_by_label("Set 1 weight (kg)").fill("62")
    first.get_by_label("Set 1 reps").fill("")
    first.get_by_role("button", name="Set 1 done").click()
    expect(first.locator("[data-status]")).to_have_text("Check")

    page.get_by_role("button", name="Finish workout").click()

    problem = page.get_by_role("alert").filter(has_text="Not finished")
    expect(problem).to_contain_text("Bench Press set 1")
    expect(problem).to_contain_text("Enter the reps you did before marking the set done.")
    expect(page.get_by_role("dialog")).to_have_count(0)  # not finished
    expect(first.get_by_label("Set 1 weight (kg)")).to_have_value("62")  # kept as typed
    expect(page).to_have_url(SESSION_URL)


def test_scripts_that_arrive_late_still_date_each_edit_when_it_was_made(
    page_without_worker: Page, web: str, lifter: Lifter
) -> None:
    """On a slow connection the scripts run well after the page arrived; an edit is still dated by the
    server's clock at the moment it was made, not that much earlier (then another tab's earlier edit
    would count as the newer one)."""
    page = page_without_worker  # a first visit: the scripts come over the network
    held: list[Route] = []
    late = [True]
    page.route("**/js/session/*.js", lambda route: held.append(route) if late[0] else route.continue_())
    with page.expect_request("**/js/session/*.js"):
        open_monday(page, web, lifter)
    page.wait_for_function(  # the scripts are a second and a half late
        "() => performance.now() - performance.getEntriesByType('navigation')[0].responseStart > 1500"
    )
    late[0] = False
    while held:
        held.pop(0).continue_()
    page.wait_for_function("() => window.sunnsteelSession && window.sunnsteelSession.save")
    reps = row(page, lifter.bench, 1).get_by_label("Set 1 reps")

    with page.expect_request(lambda request: request.method == "POST") as sent:
        reps.fill("11")
        reps.press("Enter")
    now = page.evaluate("() => Date.now()")  # this machine's clock is the server's: no skew to correct

    found = re.search(r'name="version"\r\n\r\n(\d+)', sent.value.post_data or "")
    assert found, sent.value.post_data
    assert now - 1000 < int(found[1]) <= now + 100  # made just now, not 1.5 s before
    expect(row(page, lifter.bench, 1).locator("[data-status]")).to_have_text("Saved")


def test_an_edit_from_an_older_tab_never_overwrites_a_newer_one(
    page: Page, web: str, lifter: Lifter, context: BrowserContext, backend: LocalBackend
) -> None:
    start_monday(page, web, lifter)
    session_id = _session_id(page)
    other = context.new_page()
    other.goto(page.url)
    expect(row(other, lifter.bench, 1).get_by_label("Set 1 reps")).to_be_visible()
    # The older tab's save reaches the backend late: after the newer one from this tab.
    backend.add_fault("/api/workouts/sessions/*/set-logs", "slow", method="PUT", delay=1.5, times=1)

    older = row(other, lifter.bench, 1).get_by_label("Set 1 reps")
    older.fill("7")
    older.press("Enter")  # edited first...
    expect(row(other, lifter.bench, 1).locator("[data-status]")).to_have_text("Saving…")
    newer = row(page, lifter.bench, 1).get_by_label("Set 1 reps")
    newer.fill("9")
    newer.press("Enter")  # ...edited later here, and saved first
    expect(row(page, lifter.bench, 1).locator("[data-status]")).to_have_text("Saved")

    expect(older).to_have_value("9")  # the older tab learns of it on its save
    expect(row(other, lifter.bench, 1)).to_contain_text("Changed on another tab or device")
    assert _bench_logs(lifter, session_id)[1]["reps"] == 9  # the newest edit is what the backend keeps
    # And on focus: a set edited here shows up there, with no backend call.
    row(page, lifter.bench, 2).get_by_label("Set 2 weight (kg)").fill("70")
    row(page, lifter.bench, 2).get_by_label("Set 2 weight (kg)").press("Enter")
    expect(row(page, lifter.bench, 2).locator("[data-status]")).to_have_text("Saved")
    before = len(backend.api_calls())
    other.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(row(other, lifter.bench, 2).get_by_label("Set 2 weight (kg)")).to_have_value("70")
    assert backend.api_calls()[before:] == []
