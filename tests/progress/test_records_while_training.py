""" "Last time" by exercise and records while training, from the training index: what each set row says, what
the summary lists, and that none of it costs a backend call beyond what the page or the save costs anyway."""

from __future__ import annotations

import re
from datetime import datetime

from progress.bests import Best, Bests, bests_before
from progress.index import IndexedWorkout, TrainingIndex
from tests.history.kit import moment, text_of
from tests.people import Person
from tests.progress.training_kit import HTMX, indexed_workout, train, two_routines
from tests.workouts.lifters import row_fields, row_html, session_id_in, set_url


def _start(person: Person, routine: dict) -> str:
    day = routine["days"][0]
    response = person.client.post(
        "/workouts/start", {"routine_id": routine["id"], "routine_day_id": day["id"]}
    )
    assert response.status_code == 302, response.content[:300]
    return session_id_in(response["Location"])


def _last(row: str) -> str:
    match = re.search(r"<span data-last>(.*?)</span>", row)
    return match.group(1) if match else ""


def _record(row: str) -> str:
    """What the row says about records ("" for nothing), from the part a save's answer replaces."""
    sub = re.search(r"<span data-row-sub>(.*?)</span>\s*</div>", row, re.S)
    assert sub, row[:300]
    match = re.search(r'<span class="set-row__record" data-record>(.*?)</span>', sub.group(1))
    return match.group(1) if match else ""


def test_last_time_comes_from_another_routines_workout_that_shared_the_exercise(newcomer: Person) -> None:
    push, other = two_routines(newcomer)
    train(newcomer, push, [(1, 100, 5, True), (2, 100, 5, True), (3, 100, 5, True)])
    latest = train(newcomer, other, [(1, 102.5, 3, True), (2, 60, 12, True)], slot=1)  # bench, on Thursday
    bench = push["days"][0]["exercises"][0]

    session_id = _start(newcomer, push)
    page = newcomer.client.get(f"/workouts/{session_id}").content.decode()

    assert _last(row_html(page, bench, 1)) == "last: 102.5 kg × 3"
    assert _last(row_html(page, bench, 2)) == "last: 60 kg × 12"
    assert _last(row_html(page, bench, 3)) == ""  # not in the latest workout with bench
    ended: datetime = moment(newcomer.api.session(latest)["endedAt"])  # type: ignore[assignment]
    assert f"Last time {ended:%a} {ended.day} {ended:%b}" in text_of(page)
    assert "data-history-status" not in page  # both workouts were read when it started


def _save(
    person: Person, session_id: str, slot: dict, number: int, weight: str, reps: str, done: bool
) -> str:
    """Saves one set as its row's script does (htmx); the row that comes back."""
    page = person.client.get(f"/workouts/{session_id}").content.decode()
    fields = row_fields(page, session_id, slot, number)
    response = person.client.post(
        set_url(session_id, slot, number),
        {**fields, "weight": weight, "reps": reps, "toggle": "1" if done else "0"},
        headers=HTMX,
    )
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def test_a_saved_set_that_beats_a_record_says_so_with_htmx_and_without_javascript(newcomer: Person) -> None:
    push, _ = two_routines(newcomer)
    # Before: 100 × 5 (Epley 100 × (1 + 5/30) = 116.67, the best e1RM; 100 kg the heaviest), 90 × 8 (114);
    # 110 × 5 was logged but not marked done: it counts for nothing.
    train(newcomer, push, [(1, 100, 5, True), (2, 90, 8, True), (3, 110, 5, False)])
    bench = push["days"][0]["exercises"][0]
    session_id = _start(newcomer, push)

    tie = _save(newcomer, session_id, bench, 1, "100", "5", done=True)  # 116.67 and 100 kg: equal, no record
    not_done = _save(newcomer, session_id, bench, 1, "120", "5", done=False)  # heavier, but not done
    before = len(newcomer.backend.api_calls())
    heavier = _save(newcomer, session_id, bench, 1, "102.5", "3", done=True)  # 102.5 × 1.1 = 112.75
    stronger = _save(newcomer, session_id, bench, 2, "95", "7", done=True)  # 95 × (1 + 7/30) = 117.17
    save_calls = newcomer.calls_since(before)
    page = newcomer.client.get(f"/workouts/{session_id}").content.decode()
    fields = row_fields(page, session_id, bench, 3)
    before = len(newcomer.backend.api_calls())
    without_js = newcomer.client.post(  # 105 × (1 + 4/30) = 119: both
        set_url(session_id, bench, 3), {**fields, "weight": "105", "reps": "4", "toggle": "1"}, follow=True
    ).content.decode()
    plain_calls = newcomer.calls_since(before)

    assert _record(tie) == "" and _record(not_done) == ""
    assert _record(heavier) == "Heaviest yet"
    assert _record(stronger) == "New best e1RM"
    assert _record(row_html(without_js, bench, 3)) == "New best e1RM · Heaviest yet"
    assert _record(row_html(without_js, bench, 1)) == "Heaviest yet"  # the page drawn again says it too
    assert _record(row_html(without_js, bench, 2)) == "New best e1RM"
    put = f"PUT /api/workouts/sessions/{session_id}/set-logs"
    assert save_calls == [put, put]  # one call per save, as without records
    assert plain_calls == [put]  # the redirect's page: the session and routine as the save left them


def test_the_summary_lists_the_records_set_in_that_workout_and_links_each_exercise(newcomer: Person) -> None:
    push, _ = two_routines(newcomer)
    first = train(newcomer, push, [(1, 100, 5, True), (2, 90, 8, True)])
    bench = push["days"][0]["exercises"][0]
    bench_id = bench["exercise"]["id"]
    session_id = _start(newcomer, push)
    page = newcomer.client.get(f"/workouts/{session_id}").content.decode()
    _save(newcomer, session_id, bench, 1, "102.5", "3", done=True)  # heaviest (112.75: not the best e1RM)
    _save(newcomer, session_id, bench, 2, "95", "7", done=True)  # best e1RM 117.17 (95 kg: not heaviest)
    _save(newcomer, session_id, bench, 3, "97.5", "6", done=True)  # 97.5 × 1.2 = 117: beats 116.67 too

    finished = newcomer.client.post(f"/workouts/{session_id}/finish", {"confirm": "on"})
    before = len(newcomer.backend.api_calls())
    summary = newcomer.client.get(finished["Location"]).content.decode()
    summary_calls = newcomer.calls_since(before)
    earlier = newcomer.client.get(f"/workouts/{first}").content.decode()
    routine_page = newcomer.client.get(f"/routines/{push['id']}").content.decode()

    records = re.search(r'data-summary="records">(.*?)</ul>', summary, re.S)
    assert records
    # Per kind, the best set of it: e1RM 117.17 shown on the 0.25 kg step; the heaviest 102.5 × 3.
    assert text_of(records.group(1)) == (
        "Bench Press New best e1RM 117.25 kg (95 kg × 7) Bench Press Heaviest yet 102.5 kg × 3"
    )
    assert summary_calls == []  # the finish's answer and the training index
    assert 'data-summary="records"' not in earlier  # the first workout with bench beat nothing
    link = f'<a href="/exercises/{bench_id}">Bench Press</a>'
    assert link in page  # the session page's exercise heading
    assert summary.count(link) == 4  # records (2), best sets, set by set
    assert link in routine_page


def test_an_exercise_done_for_the_first_time_claims_no_record(newcomer: Person) -> None:
    _, other = two_routines(newcomer)
    squat = other["days"][0]["exercises"][0]
    session_id = _start(newcomer, other)

    row = _save(newcomer, session_id, squat, 1, "140", "5", done=True)

    assert _record(row) == ""  # never done before: nothing to beat


def _indexed(workout_id: str, ended: str, sets: list[tuple[float, int, bool]]) -> IndexedWorkout:
    """A finished workout of bench sets (kg, reps, done), numbered in order."""
    numbered = [(n, kg, reps, done) for n, (kg, reps, done) in enumerate(sets, 1)]
    return indexed_workout(workout_id, ended, {"bench": numbered})


def test_the_bests_are_those_before_the_workout_of_a_fully_read_history() -> None:
    a = _indexed("a", "2026-11-02T18:00:00+00:00", [(100, 5, True), (120, 1, False)])
    b = _indexed("b", "2026-11-05T18:00:00+00:00", [(105, 2, True)])  # 105 × (1 + 2/30) = 112
    later = _indexed("c", "2026-11-09T18:00:00+00:00", [(140, 1, True)])
    whole = TrainingIndex(workouts={w.id: w for w in (a, b, later)}, known=["c", "b", "a"], listed_all=True)
    partly = TrainingIndex(workouts={"b": b, "c": later}, known=["c", "b", "a"], listed_all=True)

    before_c = bests_before(whole, "c", later.ended_at)
    live = bests_before(whole, "now", None)

    assert before_c.exercises["bench"] == Best(e1rm=100 * (1 + 5 / 30), weight=105)
    assert before_c.beaten("bench", 107.5, 1, True) == ("Heaviest yet",)  # 107.5 < 116.67
    assert before_c.beaten("bench", 100, 6, True) == ("New best e1RM",)  # 120
    assert before_c.beaten("bench", 110, 5, False) == ()  # not done
    assert live.exercises["bench"] == Best(e1rm=140, weight=140)  # a single is its own weight
    assert bests_before(partly, "now", None) == Bests()  # "a" not read yet: no claim
    assert Bests().beaten("bench", 500, 1, True) == ()
