"""Editing, archiving, deleting and favouriting routines: never losing history, and saying what goes first.

Production erases the set logs of every past session of a routine on any `PATCH /routines/:id` (and deletes
those sessions when the PATCH carries days). These tests hold the web app to never sending one for a routine
that has been trained, whatever the backend would do with it.
"""

from __future__ import annotations

from typing import Any

from tests.people import Person
from tests.routines.builder_kit import Builder

ROUTINE_PATH = "/api/routines/"


def _routine(person: Person, name: str) -> dict[str, Any]:
    return next(r for r in person.api.get("/routines").json() if r["name"] == name)


def _history_of(person: Person, routine_id: str) -> dict[str, list[tuple[str, int, Any, Any, bool]]]:
    """Every session of the routine with its set logs, as the backend keeps them."""
    sessions = person.api.list_all_sessions(routineId=routine_id)
    return {
        s["id"]: sorted(
            (log["routineExerciseId"], log["setNumber"], log["reps"], log["weight"], log["isCompleted"])
            for log in person.api.session(s["id"])["setLogs"]
        )
        for s in sessions
    }


def test_editing_a_routine_that_was_never_trained_changes_it_in_place(newcomer: Person) -> None:
    Builder(newcomer.client, "/routines/new").load().fill("Name", "Fresh").press("Monday")
    builder = Builder(newcomer.client, "/routines/new").load()
    ids = {e["name"]: e["id"] for e in newcomer.api.exercises()}
    newcomer.client.post("/routines/new", {"action": f"add-exercise:1:{ids['Deadlift']}"})
    Builder(newcomer.client, "/routines/new").load().press("Save routine")
    routine = _routine(newcomer, "Fresh")

    builder = Builder(newcomer.client, f"/routines/{routine['id']}/edit").load()
    assert "This routine has no workouts yet, so it is changed in place." in builder.text()
    builder.fill("Name", "Fresh and renamed").fill("Deadlift set 1 weight (kg)", "100")
    before = len(newcomer.backend.api_calls())

    response = builder.press("Save changes", follow=False)

    # Whether it was trained is asked afresh (another app may have trained it since the editor opened).
    assert newcomer.calls_since(before) == [
        "GET /api/workouts/sessions",
        f"PATCH {ROUTINE_PATH}{routine['id']}",
    ]
    assert response["Location"] == f"/routines/{routine['id']}"
    changed = newcomer.api.routine(routine["id"])
    assert changed["name"] == "Fresh and renamed"
    assert changed["days"][0]["exercises"][0]["sets"][0]["weight"] == 100
    assert len(newcomer.api.get("/routines").json()) == 1


def test_editing_a_trained_routine_saves_a_new_one_and_archives_the_old_with_every_workout_intact(
    veteran: Person,
) -> None:
    old = _routine(veteran, "Upper/Lower")  # a favourite, with weeks of history
    history = _history_of(veteran, old["id"])
    assert len(history) > 5 and all(history.values())
    builder = Builder(veteran.client, f"/routines/{old['id']}/edit").load()
    assert f"This routine has {len(history)} past workouts." in builder.text()
    assert f"your {len(history)} past workouts stay with the archived version" in builder.text()
    builder.fill("Bench Press set 3 weight (kg)", "77,5")
    before = len(veteran.backend.api_calls())

    builder.press("Save changes", follow=False)

    calls = veteran.calls_since(before)
    assert _history_of(veteran, old["id"]) == history  # every past workout, with all its sets
    routines = veteran.api.get("/routines").json()
    archived = next(r for r in routines if r["id"] == old["id"])
    edited = next(r for r in routines if r["name"] == "Upper/Lower" and r["id"] != old["id"])
    assert [call for call in calls if not call.startswith("GET")] == [
        "POST /api/routines",
        f"PATCH {ROUTINE_PATH}{edited['id']}/favorite",
        f"PATCH {ROUTINE_PATH}{old['id']}/completed",  # never the history-erasing PATCH /routines/:id
    ]
    assert archived["isCompleted"] is True and edited["isCompleted"] is False
    assert edited["isFavorite"] is True  # a favourite stays one
    bench = edited["days"][0]["exercises"][0]
    assert [s["weight"] for s in sorted(bench["sets"], key=lambda s: s["setNumber"])][2] == 77.5
    old_bench = old["days"][0]["exercises"][0]
    assert (
        bench["sets"][0]["weight"] == old_bench["sets"][0]["weight"]
    )  # as it stands today, after progression
    page = veteran.client.get("/routines/").content.decode()
    assert "Archived" in page and page.count("Upper/Lower") >= 2


def test_a_routine_with_a_workout_in_progress_is_not_replaced_until_that_workout_ends(
    veteran: Person,
) -> None:
    routine = _routine(veteran, "Push Pull Legs")
    veteran.api.start(routine)
    builder = Builder(veteran.client, f"/routines/{routine['id']}/edit").load()
    builder.fill("Name", "Push Pull Legs v2")
    before = len(veteran.backend.api_calls())

    builder.press("Save changes")

    assert "A workout of this routine is in progress." in builder.text()
    assert builder.values["name"] == "Push Pull Legs v2"  # kept
    assert not [c for c in veteran.calls_since(before) if not c.startswith("GET")]


def test_delete_asks_first_saying_which_workouts_go_with_it_and_offers_archive(veteran: Person) -> None:
    routine = _routine(veteran, "Push Pull Legs")
    count = len(veteran.api.list_all_sessions(routineId=routine["id"]))

    page = veteran.client.get(f"/routines/{routine['id']}/delete").content.decode()

    assert f"Deleting also removes its {count} past workouts from your history." in " ".join(
        page.replace("<b>", "").replace("</b>", "").split()
    )
    assert "Archive instead" in page
    assert veteran.api.get(f"/routines/{routine['id']}").status_code == 200  # asking deleted nothing


def test_delete_removes_the_routine_with_its_workouts(veteran: Person) -> None:
    routine = _routine(veteran, "Push Pull Legs")

    response = veteran.client.post(f"/routines/{routine['id']}/delete")

    assert response.status_code == 302 and response["Location"] == "/routines/"
    assert veteran.api.get(f"/routines/{routine['id']}").status_code == 404
    page = veteran.client.get("/routines/").content.decode()
    assert "“Push Pull Legs” was deleted." in page and "Push Pull Legs</a>" not in page
    assert veteran.api.list_all_sessions(routineId=routine["id"]) == []
    assert "Push Pull Legs" not in veteran.client.get("/workouts/history").content.decode()


def test_archive_keeps_the_history_and_unarchive_brings_the_routine_back(veteran: Person) -> None:
    routine = _routine(veteran, "Push Pull Legs")
    history = _history_of(veteran, routine["id"])
    before = len(veteran.backend.api_calls())

    veteran.client.post(f"/routines/{routine['id']}/archive", {"archived": "1"})

    assert veteran.calls_since(before)[0] == f"PATCH {ROUTINE_PATH}{routine['id']}/completed"
    page = veteran.client.get("/routines/").content.decode()
    assert "Archived. Its workouts stay in your history." in page
    active, archived = page.split('id="archived-title"')
    assert "Push Pull Legs" not in active and "Push Pull Legs" in archived
    assert _history_of(veteran, routine["id"]) == history

    veteran.client.post(f"/routines/{routine['id']}/archive", {"archived": "0"})

    page = veteran.client.get("/routines/").content.decode()
    assert 'id="archived-title"' not in page and "Push Pull Legs" in page


def test_favourites_come_first_and_routines_are_never_filtered_with_a_false_flag(veteran: Person) -> None:
    ppl = _routine(veteran, "Push Pull Legs")
    upper = _routine(veteran, "Upper/Lower")
    veteran.client.post(f"/routines/{upper['id']}/favorite", {"favorite": "0"})
    veteran.client.post(f"/routines/{ppl['id']}/favorite", {"favorite": "1"})

    page = veteran.client.get("/routines/").content.decode()
    htmx = veteran.client.post(
        f"/routines/{ppl['id']}/favorite",
        {"favorite": "0", "name": "Push Pull Legs"},
        headers={"HX-Request": "true"},
    )
    veteran.client.get("/")
    veteran.client.get("/workouts/history")

    assert page.index("Push Pull Legs") < page.index("Upper/Lower")
    assert (
        veteran.api.routine(ppl["id"])["isFavorite"] is False
        and veteran.api.routine(upper["id"])["isFavorite"] is False
    )
    assert 'aria-pressed="false"' in htmx.content.decode() and "<html" not in htmx.content.decode()
    queries = [r["query"] for r in veteran.backend.requests() if r["path"].startswith("/api/routines")]
    assert not any("isFavorite" in (q or "") or "isCompleted" in (q or "") for q in queries)


def test_an_lb_lifter_editing_keeps_the_exact_kilograms_of_weights_left_alone(make_person) -> None:  # type: ignore[no-untyped-def]
    lifter = make_person(demo_data=True, weight_unit="LB")
    old = _routine(lifter, "Upper/Lower")
    builder = Builder(lifter.client, f"/routines/{old['id']}/edit").load()
    assert builder.values[builder.labels["Bench Press set 1 weight (lb)"]] == "176.5"  # 80 kg, in pounds

    builder.fill("Bench Press set 3 weight (lb)", "170").press("Save changes")

    edited = next(
        r for r in lifter.api.get("/routines").json() if r["name"] == "Upper/Lower" and not r["isCompleted"]
    )
    weights = [
        s["weight"] for s in sorted(edited["days"][0]["exercises"][0]["sets"], key=lambda s: s["setNumber"])
    ]
    assert weights == [80, 80, 77.111]  # 176.5 lb shown for 80 kg stays 80 kg; 170 lb typed is 77.111 kg


def test_routines_and_the_editor_cost_what_the_readme_says(veteran: Person) -> None:
    routine = _routine(veteran, "Push Pull Legs")
    before = len(veteran.backend.api_calls())

    veteran.client.get("/routines/")
    veteran.client.get("/routines/")
    listing = veteran.calls_since(before)
    veteran.client.get(f"/routines/{routine['id']}/edit")
    veteran.client.get(f"/routines/{routine['id']}/edit")

    assert sorted(listing) == ["GET /api/routines", "GET /api/workouts/sessions/active"]
    editing = veteran.calls_since(before)[len(listing) :]
    # The routine, and its workouts (one page of 50 holds them all): asked afresh each time it opens.
    assert editing == [f"GET {ROUTINE_PATH}{routine['id']}", "GET /api/workouts/sessions"] * 2


def test_a_workout_done_on_another_app_after_the_editor_opened_is_never_erased(newcomer: Person) -> None:
    ids = {e["name"]: e["id"] for e in newcomer.api.exercises()}
    routine = newcomer.api.create_routine(
        {
            "name": "Fresh",
            "isPeriodized": False,
            "days": [
                {
                    "dayOfWeek": 1,
                    "exercises": [
                        {
                            "exerciseId": ids["Deadlift"],
                            "restSeconds": 60,
                            "progressionScheme": "NONE",
                            "minWeightIncrement": 2.5,
                            "sets": [{"setNumber": 1, "repType": "FIXED", "reps": 5, "weight": 100}],
                        }
                    ],
                }
            ],
        }
    )
    builder = Builder(newcomer.client, f"/routines/{routine['id']}/edit").load()  # "changed in place"
    session = newcomer.api.start(routine)  # meanwhile, on the phone app
    newcomer.api.log_set(
        session["id"], routine["days"][0]["exercises"][0], 1, weight=100, reps=5, isCompleted=True
    )
    newcomer.api.finish(session["id"])

    builder.fill("Name", "Fresh, renamed").press("Save changes")

    assert newcomer.api.session(session["id"])["setLogs"] != []  # the workout and its set are still there
    assert newcomer.api.routine(routine["id"])["isCompleted"] is True  # archived, with it
    assert any(r["name"] == "Fresh, renamed" for r in newcomer.api.get("/routines").json())


def test_a_second_save_of_the_same_draft_makes_no_second_routine(newcomer: Person) -> None:
    builder = Builder(newcomer.client, "/routines/new").load()
    builder.fill("Name", "Once").press("Monday")
    ids = {e["name"]: e["id"] for e in newcomer.api.exercises()}
    newcomer.client.post("/routines/new", {"action": f"add-exercise:1:{ids['Deadlift']}"})
    builder.load()
    assert builder.press("Save routine", follow=False).status_code == 302

    second = builder.press("Save routine", follow=False)  # the stale page's Save, after the first one

    (routine,) = [r for r in newcomer.api.get("/routines").json() if r["name"] == "Once"]
    assert second.status_code == 302 and second["Location"] == f"/routines/{routine['id']}"


def test_reopening_an_old_edit_draft_says_what_saving_will_do_now(newcomer: Person) -> None:
    ids = {e["name"]: e["id"] for e in newcomer.api.exercises()}
    Builder(newcomer.client, "/routines/new").load().fill("Name", "Later").press("Monday")
    newcomer.client.post("/routines/new", {"action": f"add-exercise:1:{ids['Bench Press']}"})
    new = Builder(newcomer.client, "/routines/new").load()
    for number in (1, 2, 3):
        new.fill(f"Bench Press set {number} weight (kg)", "60")
    new.press("Save routine")
    routine = next(r for r in newcomer.api.get("/routines").json() if r["name"] == "Later")
    builder = Builder(newcomer.client, f"/routines/{routine['id']}/edit").load()
    builder.fill("Name", "Later, edited").press("keep")
    assert "changed in place" in builder.text()
    session = newcomer.api.start(routine)  # trained since, and progression moved the routine on
    for number in (1, 2, 3):  # every set at the top of its 8–12: double progression adds a step
        newcomer.api.log_set(
            session["id"], routine["days"][0]["exercises"][0], number, reps=12, isCompleted=True
        )
    newcomer.api.finish(session["id"])

    text = Builder(newcomer.client, f"/routines/{routine['id']}/edit").load().text()

    assert "This routine has 1 past workout." in text and "changed in place" not in text
    assert "This routine has changed since you began these edits" in text
    builder = Builder(newcomer.client, f"/routines/{routine['id']}/edit").load()
    assert builder.values["name"] == "Later, edited"  # kept until the user says otherwise
    builder.press("Start over from the routine as it is now")
    assert Builder(newcomer.client, f"/routines/{routine['id']}/edit").load().values["name"] == "Later"
