"""An exercise's records and chart, from finished workouts fetched once into the training index."""

from __future__ import annotations

import re
from typing import Any

from tests.people import Person
from tests.progress.training_kit import train as _train
from tests.progress.training_kit import two_routines as _two_routines
from tests.routines.builder_kit import page_text


def _bench_id(person: Person) -> str:
    return next(e["id"] for e in person.api.exercises() if e["name"] == "Bench Press")


def test_records_and_the_chart_match_the_hand_worked_figures(newcomer: Person) -> None:
    push, other = _two_routines(newcomer)
    _train(newcomer, push, [(1, 100, 5, True), (2, 90, 8, True), (3, 80, 10, False)])
    _train(newcomer, other, [(1, 102.5, 3, True), (2, 60, 12, True)], slot=1)  # bench on another routine
    _train(newcomer, other, [(1, 140, 5, True)], slot=0)  # squat only: not bench

    html = newcomer.client.get(f"/exercises/{_bench_id(newcomer)}").content.decode()
    page = page_text(html)

    # Heaviest: 102.5 × 3. Epley: 100 × (1 + 5/30) = 116.67 (shown on the 0.25 kg step), 90 × 8 → 114,
    # 102.5 × 3 → 112.75, 60 × 12 → 84. Set volume: 90 × 8 = 60 × 12 = 720 (more reps wins the tie).
    # Workout volume: 500 + 720 = 1220 against 307.5 + 720 = 1027.5. The 80 × 10 not marked done never counts.
    assert "Heaviest weight 102.5 kg × 3" in page
    assert "Best estimated 1RM 116.75 kg from 100 kg × 5" in page
    assert "Best set volume 720 kg 60 kg × 12" in page
    assert "Best workout volume 1,220 kg" in page
    reps_table = re.findall(r"<tr><td>([\d.]+) kg</td><td>(\d+)</td>", html)
    assert reps_table == [("102.5", "3"), ("100", "5"), ("90", "8"), ("60", "12")]
    points = re.findall(r"<tr data-point><td>[^<]+</td><td>([\d.]+)</td><td>([\d.]+)</td></tr>", html)
    assert points == [("116.75", "100"), ("112.75", "102.5")]  # oldest first, one per workout with bench
    assert html.count("<polyline") == 2
    assert "80 kg × 10 (not done)" in page  # listed under its workout, as logged


def test_each_finished_workout_is_fetched_once_and_then_only_what_is_new(newcomer: Person) -> None:
    push, _ = _two_routines(newcomer)
    first = _train(newcomer, push, [(1, 100, 5, True)])
    second = _train(newcomer, push, [(1, 102.5, 5, True)])
    url = f"/exercises/{_bench_id(newcomer)}"
    before = len(newcomer.backend.api_calls())

    newcomer.client.get(url)
    building = _index_calls(newcomer, before)
    newcomer.client.get(url)
    again = _index_calls(newcomer, before)[len(building) :]

    expected = [
        "GET /api/workouts/sessions",
        f"GET /api/workouts/sessions/{first}",
        f"GET /api/workouts/sessions/{second}",
    ]
    assert sorted(building) == sorted(expected)
    assert again == []  # the index holds both; the list is still fresh
    session = newcomer.api.start(push)  # a new workout, finished through the web app
    bench = push["days"][0]["exercises"][0]
    newcomer.api.log_set(session["id"], bench, 1, weight=105, reps=5, isCompleted=True)
    newcomer.client.post(f"/workouts/{session['id']}/finish", {"confirm": "on"})
    before = len(newcomer.backend.api_calls())

    page = page_text(newcomer.client.get(url).content.decode())

    assert _index_calls(newcomer, before) == ["GET /api/workouts/sessions"]  # the finished workout was kept
    assert "Heaviest weight 105 kg × 5" in page


def _index_calls(person: Person, before: int) -> list[str]:
    """The calls since `before`, but the resume bar's (its own budget, 30 s fresh)."""
    return [c for c in person.calls_since(before) if c != "GET /api/workouts/sessions/active"]


def test_a_routine_deleted_here_takes_its_workouts_out_of_the_index(newcomer: Person) -> None:
    push, other = _two_routines(newcomer)
    _train(newcomer, push, [(1, 100, 5, True)])
    _train(newcomer, other, [(1, 70, 5, True)], slot=1)
    url = f"/exercises/{_bench_id(newcomer)}"
    assert "Heaviest weight 100 kg × 5" in page_text(newcomer.client.get(url).content.decode())

    newcomer.client.post(f"/routines/{push['id']}/delete")

    page = page_text(newcomer.client.get(url).content.decode())
    assert "Heaviest weight 70 kg × 5" in page and "100 kg" not in page


def test_a_long_history_is_built_a_few_workouts_at_a_time_and_says_how_far_it_got(
    veteran: Person, settings: Any
) -> None:
    # The user's share of a route runs out during the build, which then waits for the budget's window to
    # move on: a 2 s window (instead of the minute) keeps that wait short, the pacing the same.
    settings.BACKEND_RATE_WINDOW = 2
    url = f"/exercises/{_bench_id(veteran)}"
    total = len([s for s in veteran.api.list_all_sessions() if s["status"] != "IN_PROGRESS"])
    before = len(veteran.backend.api_calls())

    page = page_text(veteran.client.get(url).content.decode())

    fetched = [
        c for c in veteran.calls_since(before) if re.fullmatch(r"GET /api/workouts/sessions/[0-9a-f-]{36}", c)
    ]
    assert len(fetched) == 6  # bounded per page, so a long history never spends the budget at once
    assert f"Building your history… 6 of {total} workouts." in page
    while "Building your history" in page_text(
        (refresh := veteran.client.get(url, headers={"HX-Request": "true"})).content.decode()
    ):
        assert "HX-Refresh" not in refresh
    assert refresh["HX-Refresh"] == "true"  # complete: the page is drawn again in full
    assert "Building your history" not in page_text(veteran.client.get(url).content.decode())


def test_an_exercise_never_logged_is_not_found(newcomer: Person) -> None:
    response = newcomer.client.get(f"/exercises/{_bench_id(newcomer)}")

    assert response.status_code == 404
    assert "You have not logged this exercise in a finished workout yet." in response.content.decode()


def test_a_routine_deleted_while_the_index_is_still_building_does_not_stop_it(
    veteran: Person, settings: Any
) -> None:
    url = f"/exercises/{_bench_id(veteran)}"
    settings.BACKEND_USER_SHARE = 1000  # the pace of the build is the test above; here, what is left of it
    veteran.client.get(url)  # six workouts read, the rest listed and waiting
    ppl = next(r for r in veteran.api.get("/routines").json() if r["name"] == "Push Pull Legs")
    veteran.client.post(f"/routines/{ppl['id']}/delete")  # some of the waiting ones go with it
    left = len([s for s in veteran.api.list_all_sessions() if s["status"] != "IN_PROGRESS"])

    while "Building your history" in page_text(
        veteran.client.get(url, headers={"HX-Request": "true"}).content.decode()
    ):
        pass

    response = veteran.client.get(url)
    assert response.status_code == 200
    assert "Heaviest weight" in page_text(response.content.decode())
    kept = veteran.client.get(url).content.decode()
    assert "Push Pull Legs" not in kept and left > 0
