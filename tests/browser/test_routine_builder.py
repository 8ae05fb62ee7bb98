"""A brand-new user builds their own training on a phone, with and without JavaScript, and starts it."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, Response, Route, expect

from tests.browser.conftest import start_signed_in
from tests.localbackend import LocalBackend

pytestmark = pytest.mark.browser

SESSION_URL = re.compile(r"/workouts/[0-9a-f-]{36}$")


def _sign_up(page: Page, web: str, name: str) -> str:
    email = f"new-{uuid.uuid4().hex[:10]}@example.test"
    page.goto(f"{web}/signup")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("pass-word-1")
    page.get_by_label("Confirm password").fill("pass-word-1")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{web}/")
    return email


def _add_exercise(page: Page, day: str, search: str, name: str) -> None:
    page.locator(f"#day-{day}").get_by_role("button", name="+ Add exercise").click()
    expect(page.get_by_role("heading", name="Add an exercise")).to_be_visible()
    page.get_by_label("Search by name").fill(search)
    # The answer to the search pushes its address, then redraws the list: tap only once that is done, as a
    # person would, or the tap can land while the list is being replaced under it.
    expect(page).to_have_url(re.compile(rf"[?&]q={search}(&|$)"))
    page.get_by_role("button", name=f"Add {name}", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(rf"\d\. {re.escape(name)}$"))).to_be_visible()


def _no_sideways_scrolling(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_new_user_builds_a_three_day_routine_then_starts_it_from_home_and_logs_a_set(
    page: Page, web: str, backend: LocalBackend
) -> None:
    _sign_up(page, web, "Nora New")
    expect(page.get_by_text("Let’s set up your training")).to_be_visible()
    page.get_by_role("link", name="Build a routine").click()
    page.get_by_label("Name").fill("My First Week")
    for day in ("Monday", "Wednesday", "Friday"):
        page.get_by_role("button", name=day, exact=True).click()
        expect(page.get_by_role("heading", name=day, exact=True)).to_be_visible()
    calls_before = len(backend.api_calls())

    _add_exercise(page, "1", "bench", "Bench Press")
    bench = page.locator(".builder-exercise", has_text="Bench Press")
    bench.get_by_label("Bench Press set 1 reps (or the bottom of a range)").fill("6")
    bench.get_by_label("Bench Press set 1 top of the rep range (empty for fixed reps)").fill("10")
    bench.get_by_label("Bench Press set 1 weight (kg)").fill("62,5")
    bench.get_by_label("Rest (s)").fill("150")
    bench.get_by_role("button", name="+ Add set").click()  # htmx: only this exercise is redrawn
    expect(bench.get_by_label("Bench Press set 4 weight (kg)")).to_be_visible()
    _add_exercise(page, "3", "squat", "Back Squat")
    _add_exercise(page, "5", "dead", "Deadlift")
    _no_sideways_scrolling(page)
    # Only the catalogue (shared, cached for everyone) was read while building.
    assert set(backend.api_calls()[calls_before:]) <= {"GET /api/exercises"}

    page.reload()  # the draft is on the server: what was typed is still there
    expect(page.get_by_label("Bench Press set 1 weight (kg)")).to_have_value("62,5")
    expect(page.get_by_label("Rest (s)").first).to_have_value("150")
    page.get_by_role("button", name="Save routine").click()

    expect(page.get_by_role("heading", name="My First Week")).to_be_visible()
    expect(page.get_by_text("“My First Week” is ready.")).to_be_visible()
    page.get_by_role("link", name="Home").click()
    start = page.get_by_role("button", name=re.compile(r"^Start My First Week, (Monday|Wednesday|Friday)$"))
    expect(start).to_be_visible()  # today's day, or the next one
    start.click()
    expect(page).to_have_url(SESSION_URL)
    first = page.locator("form[data-set-row]").first
    first.get_by_role("button", name="Set 1 done").click()
    expect(first.locator("[data-status]")).to_have_text("Saved")
    assert any(call.endswith("/set-logs") for call in backend.api_calls())


def test_another_new_user_starts_from_a_template_and_adjusts_it(page: Page, web: str) -> None:
    _sign_up(page, web, "Tom Template")
    page.get_by_role("link", name="Start from a template").click()
    page.get_by_role("button", name="Use Upper / lower, 4× a week").click()

    expect(page.get_by_text("Started from Upper / lower, 4× a week.")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Upper / lower, 4× a week")
    for day in ("Monday", "Tuesday", "Thursday", "Friday"):
        expect(page.get_by_role("heading", name=day, exact=True)).to_be_visible()
    page.get_by_role("button", name="Thursday", exact=True).click()  # not this week: one day less
    expect(page.get_by_text("Removed Thursday.")).to_be_visible()
    page.get_by_label("Bench Press set 1 weight (kg)").fill("50")
    page.get_by_role("button", name="Save routine").click()

    expect(page.get_by_role("heading", name="Upper / lower, 4× a week")).to_be_visible()
    expect(page.get_by_role("heading", name="Thursday")).to_have_count(0)
    expect(page.locator(".plan-sets").first).to_contain_text("50 kg")


def test_the_same_build_works_without_javascript(no_js_page: Page, web: str, backend: LocalBackend) -> None:
    page = no_js_page
    account = backend.create_user()
    start_signed_in(page, web, backend, account["email"], at=None)
    page.goto(f"{web}/routines/")
    page.get_by_role("link", name="Build a routine").click()
    page.get_by_label("Name").fill("Plain Forms")
    for day in ("Tuesday", "Saturday"):
        page.get_by_role("button", name=day, exact=True).click()
    expect(page.get_by_label("Name")).to_have_value("Plain Forms")  # typed values ride along every post

    page.locator("#day-2").get_by_role("button", name="+ Add exercise").click()
    page.get_by_label("Search by name").fill("row")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add Cable Row", exact=True).click()
    page.get_by_label("Cable Row set 2 reps (or the bottom of a range)").fill("10")
    page.get_by_label("Cable Row set 2 top of the rep range (empty for fixed reps)").fill("")
    page.get_by_label("Rest (s)").fill("75")
    page.get_by_role("button", name="+ Add set").click()
    expect(page.get_by_label("Cable Row set 4 weight (kg)")).to_be_visible()
    page.locator("#day-2").get_by_label("Copy Tuesday to").select_option("Thursday")
    page.locator("#day-2").get_by_role("button", name="Copy day").click()
    expect(page.locator("#day-4").get_by_label("Cable Row set 4 weight (kg)")).to_be_visible()
    page.get_by_role("button", name="Saturday", exact=True).click()  # an empty day goes without asking
    page.get_by_role("button", name="Save routine").click()

    expect(page.get_by_role("heading", name="Plain Forms")).to_be_visible()
    expect(page.get_by_role("heading", name="Tuesday")).to_be_visible()
    expect(page.get_by_role("heading", name="Thursday")).to_be_visible()
    expect(page.get_by_role("heading", name="Saturday")).to_have_count(0)
    second_set = page.locator(".plan-sets").first.locator("tbody tr").nth(1).locator("td")
    expect(second_set).to_have_text(["2", "10", "–", "–"])
    expect(page.get_by_text("Rest 1 min 15 s").first).to_be_visible()


def test_the_builder_fits_a_small_phone(browser, web: str, backend: LocalBackend) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    account = backend.create_user(demo_data=True)
    start_signed_in(page, web, backend, account["email"])
    routine = next(r for r in _routines(backend, account) if r["name"] == "Upper/Lower")
    page.goto(f"{web}/routines/{routine['id']}/edit")

    expect(page.get_by_text("This routine has")).to_be_visible()
    _no_sideways_scrolling(page)
    for target in page.locator(
        ".builder button:not(.visually-hidden), .builder input, .builder select"
    ).all()[:40]:
        box = target.bounding_box()
        if box and target.is_visible():
            assert box["height"] >= 44, target.evaluate("e => e.outerHTML.slice(0, 120)")
    size = page.get_by_label("Bench Press set 1 weight (kg)").evaluate("e => getComputedStyle(e).fontSize")
    assert size == "16px"
    context.close()


def _routines(backend: LocalBackend, account: dict) -> list[dict]:
    token = backend.sign_in(account["email"], account["password"])
    return backend.http.get(
        f"{backend.api_url}/routines", headers={"Authorization": f"Bearer {token}"}
    ).json()


def _new_routine_with_bench(page: Page, web: str, backend: LocalBackend) -> None:
    account = backend.create_user()
    start_signed_in(page, web, backend, account["email"], at=None)
    page.goto(f"{web}/routines/new")
    page.get_by_role("button", name="Monday", exact=True).click()
    expect(page.get_by_role("heading", name="Monday", exact=True)).to_be_visible()
    _add_exercise(page, "1", "bench", "Bench Press")


def test_a_search_typed_before_the_page_scripts_arrive_still_searches(
    page_without_worker: Page, web: str, backend: LocalBackend
) -> None:
    page = page_without_worker  # the worker keeps no script: each comes from the network
    start_signed_in(page, web, backend, backend.create_user()["email"], at=None)
    page.goto(f"{web}/routines/new")
    page.get_by_role("button", name="Monday", exact=True).click()
    expect(page.get_by_role("heading", name="Monday", exact=True)).to_be_visible()
    held: list[Route] = []
    page.route("**/*.js", lambda route: held.append(route))  # a slow gym connection: the scripts are late
    with page.expect_request("**/*.js"):
        page.locator("#day-1").get_by_role("button", name="+ Add exercise").click()
    expect(page.get_by_role("heading", name="Add an exercise")).to_be_visible()

    page.get_by_label("Search by name").fill("bench")  # the page is already usable
    while held:
        held.pop(0).continue_()

    expect(page).to_have_url(re.compile(r"[?&]q=bench(&|$)"))
    expect(page.get_by_role("button", name="Add Bench Press", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Add (?!.*[Bb]ench)"))).to_have_count(0)
    page.screenshot(path="test-artifacts/picker-typed-early-390.png")
    page.unroute("**/*.js")
    page.clock.install()
    searches: list[str] = []
    page.on("request", lambda request: searches.append(request.url) if "/exercises" in request.url else None)
    page.reload()  # nothing typed early: the page asks for nothing more than itself
    expect(page.get_by_label("Search by name")).to_have_value("bench")
    page.clock.run_for(1000)  # past the search's 250 ms delay
    assert searches == [page.url]


def test_a_field_changed_before_the_page_scripts_arrive_is_stored(
    page_without_worker: Page, web: str, backend: LocalBackend
) -> None:
    page = page_without_worker  # the worker keeps no script: each comes from the network
    start_signed_in(page, web, backend, backend.create_user()["email"], at=None)
    held: list[Route] = []
    page.route("**/*.js", lambda route: held.append(route))  # a slow gym connection: the scripts are late
    with page.expect_request("**/*.js"):
        page.goto(f"{web}/routines/new", wait_until="commit")

    page.get_by_label("Name", exact=True).fill("Early bird")  # the page is already usable
    with page.expect_response(lambda answer: answer.request.method == "POST"):  # stored once they are in
        while held:
            held.pop(0).continue_()
    page.unroute("**/*.js")
    page.goto(f"{web}/routines/new")  # opened again (not reloaded: the browser would put back the field)

    expect(page.get_by_label("Name", exact=True)).to_have_value("Early bird")


def test_a_field_brought_into_view_stops_above_the_tab_bar(
    page: Page, web: str, backend: LocalBackend
) -> None:
    _new_routine_with_bench(page, web, backend)
    page.evaluate("() => window.scrollTo(0, 0)")
    rest = page.get_by_label("Rest (s)")
    rest.scroll_into_view_if_needed()  # as the browser does for a focused field (the keyboard's Next)
    field, tab_bar = rest.bounding_box(), page.locator(".mainnav").bounding_box()
    assert field and tab_bar
    assert field["y"] + field["height"] <= tab_bar["y"]  # not hidden behind the tab bar


def test_a_value_typed_and_not_yet_left_is_kept_when_the_phone_is_locked(
    page: Page, web: str, backend: LocalBackend
) -> None:
    _new_routine_with_bench(page, web, backend)
    page.get_by_label("Rest (s)").fill("95")  # still in the field: nothing has been sent for it yet

    with page.context.expect_event("requestfinished", lambda r: r.resource_type == "ping") as beacon:
        _hide(page)  # the phone locks between sets, or another app comes to the front
    assert beacon.value.url == f"{web}/routines/new"
    assert beacon.value.response().status == 204
    later = page.context.new_page()
    later.goto(f"{web}/routines/new")
    expect(later.get_by_label("Rest (s)")).to_have_value("95")


def _hide(page: Page) -> None:
    """What the browser does when its tab goes to the background (a headless page is never hidden)."""
    page.evaluate(
        """() => {
            Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )


def test_a_value_typed_while_a_change_is_on_its_way_is_put_back_and_kept(
    page: Page, web: str, backend: LocalBackend
) -> None:
    _new_routine_with_bench(page, web, backend)
    held: list[Route] = []
    holding = [True]
    page.route(f"{web}/routines/new", lambda route: held.append(route) if holding[0] else route.continue_())
    with page.expect_request(lambda r: r.method == "POST"):
        page.get_by_role("button", name="Wednesday", exact=True).click()  # its answer redraws every day
    page.get_by_label("Rest (s)").fill("140")  # typed while that answer is on its way
    holding[0] = False

    with page.expect_response(lambda r: r.request.method == "POST" and "140" in _body(r)) as stored:
        while held:
            held.pop(0).continue_()
    assert stored.value.ok
    expect(page.get_by_role("heading", name="Wednesday", exact=True)).to_be_visible()
    expect(page.get_by_label("Rest (s)")).to_have_value("140")
    later = page.context.new_page()  # and it was stored, not only drawn
    later.goto(f"{web}/routines/new")
    expect(later.get_by_label("Rest (s)")).to_have_value("140")


def _body(response: Response) -> str:
    return response.request.post_data or ""
