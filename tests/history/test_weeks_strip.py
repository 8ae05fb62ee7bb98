"""History's last twelve weeks: workouts and volume per week, from the training index, within the budget."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from tests.contract.contract_kit import exercise_slot, fixed_set, routine_body
from tests.people import Person
from tests.routines.builder_kit import page_text

WEEKS = {"HX-Request": "true", "HX-Target": "history-weeks"}
SESSION = re.compile(r"GET /api/workouts/sessions/[0-9a-f-]{36}")


@pytest.fixture(autouse=True)
def _room_to_build(settings) -> None:  # type: ignore[no-untyped-def]
    """Building 30 workouts within seconds reads one route (`GET …/sessions/:id`) more often than one user's
    share of a window (15) allows; in use the share slows the build down (a refresh past it fetches nothing
    until the window moves on). The share is tested in tests/budget; here it must not make a test wait."""
    settings.BACKEND_USER_SHARE = 100


def _this_monday() -> datetime:
    now = datetime.now(UTC)
    return (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)


@pytest.fixture(name="regular")
def regular_fixture(make_person: Callable[..., Person]) -> Person:
    """The demo history made as of this Monday 00:00 UTC: the ten weeks before this one, three workouts each
    (30), the same every run. local_backend/seed.py discards every eighth from the newest, starting with
    the fourth newest: workouts 3, 11, 19 and 27 from the oldest, so the weeks hold 2 3 3 2 3 3 2 3 2 3."""
    return make_person(demo_data=True, demo_as_of=_this_monday().isoformat())


def _built(person: Person) -> str:
    """The history page once the strip has refreshed itself until the index is complete."""
    for _ in range(30):
        strip = person.client.get("/workouts/history", headers=WEEKS).content.decode()
        if "Building your history" not in strip:
            return person.client.get("/workouts/history").content.decode()
    raise AssertionError("the index was not complete after 30 refreshes")


def _table(page: str) -> list[tuple[str, int, str]]:
    """The strip's table, oldest week first: (week of, workouts, volume)."""
    rows = re.findall(r"<tr data-week><td>([^<]+)</td><td>(\d+)</td><td>([^<]+)</td></tr>", page)
    return [(start, int(count), html.unescape(volume)) for start, count, volume in reversed(rows)]


def _oracle_volumes(person: Person, monday: datetime) -> list[float]:
    """Each week's volume straight from the backend's sessions: done sets' kg × reps of completed workouts."""
    volumes = [0.0] * 12
    first = monday - timedelta(weeks=11)
    for item in person.api.list_all_sessions(limit=50):
        if item["status"] != "COMPLETED":
            continue
        ended = datetime.fromisoformat(item["endedAt"].replace("Z", "+00:00"))
        week = (ended - first).days // 7
        if 0 <= week < 12:
            logs = person.api.session(item["id"])["setLogs"]
            volumes[week] += sum((s["weight"] or 0) * (s["reps"] or 0) for s in logs if s["isCompleted"])
    return volumes


def test_the_strip_counts_each_weeks_completed_workouts_of_the_demo_history(regular: Person) -> None:
    monday = _this_monday()

    page = _built(regular)

    table = _table(page)
    assert [start for start, _, _ in table] == [
        f"{d.day} {d:%b}" for d in (monday - timedelta(weeks=11 - i) for i in range(12))
    ]
    assert [count for _, count, _ in table] == [0, 2, 3, 3, 2, 3, 3, 2, 3, 2, 3, 0]  # 26: 30 less 4 discarded
    assert "26 workouts" in page_text(page) and "0 this week" in page_text(page)
    expected = [f"{round(v):,} kg" if v else "–" for v in _oracle_volumes(regular, monday)]
    assert [volume for _, _, volume in table] == expected
    assert page.count("data-bar") == 10  # a bar for each week with workouts, none for the empty ones


def test_while_the_index_is_built_the_strip_says_how_far_and_refreshes_itself(regular: Person) -> None:
    page = regular.client.get("/workouts/history").content.decode()

    assert "Building your history… 6 of 30 workouts." in page_text(page)
    assert 'hx-get="/workouts/history" hx-trigger="load delay:5s" hx-swap="outerHTML"' in page
    refreshed = regular.client.get("/workouts/history", headers=WEEKS).content.decode()
    assert refreshed.lstrip().startswith('<section id="history-weeks"')  # only the strip
    assert "Building your history… 8 of 30 workouts." in page_text(refreshed)
    done = _built(regular)
    assert "Building your history" not in done and 'hx-trigger="load delay:5s"' not in done


def test_the_strip_costs_the_bounded_index_step_and_nothing_else(regular: Person) -> None:
    before = len(regular.backend.api_calls())
    regular.client.get("/workouts/history")
    first = regular.calls_since(before)

    before = len(regular.backend.api_calls())
    regular.client.get("/workouts/history", headers=WEEKS)
    refresh = regular.calls_since(before)

    before = len(regular.backend.api_calls())
    regular.client.get(
        "/workouts/history?status=all", headers={"HX-Request": "true", "HX-Target": "history-results"}
    )
    filter_change = regular.calls_since(before)

    _built(regular)
    before = len(regular.backend.api_calls())
    regular.client.get("/workouts/history")
    built = regular.calls_since(before)

    # The page's own three (routines, its list, the bar), then the index: one list call (30 workouts fit one
    # page of 50) and at most 6 workouts.
    others = sorted(c for c in first if not SESSION.fullmatch(c))
    assert others == [
        "GET /api/routines",
        "GET /api/workouts/sessions",
        "GET /api/workouts/sessions",
        "GET /api/workouts/sessions/active",
    ]
    assert len([c for c in first if SESSION.fullmatch(c)]) == 6
    assert len(refresh) == 2 and all(SESSION.fullmatch(c) for c in refresh)  # the list is still fresh
    assert filter_change == ["GET /api/workouts/sessions"]  # a filter never touches the strip
    assert built == []  # complete, and every list within its freshness


def _bench_routine(person: Person) -> dict:
    bench = next(e["id"] for e in person.api.exercises() if e["name"] == "Bench Press")
    body = routine_body(
        "Push", [{"dayOfWeek": 1, "exercises": [exercise_slot(bench, [fixed_set(1, 5, 100)])]}]
    )
    return person.api.create_routine(body)


def _train(
    person: Person, routine: dict, sets: list[tuple[int, float, int, bool]], status: str = "COMPLETED"
) -> None:
    session = person.api.start(routine)
    slot = routine["days"][0]["exercises"][0]
    for number, weight, reps, done in sets:
        person.api.log_set(session["id"], slot, number, weight=weight, reps=reps, isCompleted=done)
    person.api.finish(session["id"], status=status)


def test_this_weeks_volume_is_in_pounds_for_someone_who_lifts_in_pounds(
    make_person: Callable[..., Person],
) -> None:
    person = make_person(weight_unit="LB")
    routine = _bench_routine(person)
    _train(person, routine, [(1, 100, 5, True), (2, 90, 8, True), (3, 80, 10, False)])  # 500 + 720 = 1,220 kg
    _train(person, routine, [(1, 60, 12, True)])  # 720 kg
    _train(person, routine, [(1, 200, 5, True)], status="ABORTED")  # discarded: not counted

    table = _table(_built(person))

    # 1,940 kg ÷ 0.45359237 = 4,276.96 lb, shown to the whole pound.
    assert table[-1][1:] == (2, "4,277 lb")
    assert all(count == 0 for _, count, _ in table[:-1])


def test_someone_without_workouts_sees_empty_weeks_and_no_building_line(newcomer: Person) -> None:
    page = newcomer.client.get("/workouts/history").content.decode()

    assert "0 workouts" in page_text(page) and "Building your history" not in page
    assert [count for _, count, _ in _table(page)] == [0] * 12
    assert "data-bar" not in page
