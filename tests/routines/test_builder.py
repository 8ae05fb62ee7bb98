"""The routine builder without JavaScript: every button a plain form post, the draft kept on the server, and
nothing sent to the backend before Save."""

from __future__ import annotations

import re

from django.test import Client

from tests.conftest import sign_in_client
from tests.people import Person
from tests.routines.builder_kit import Builder

HTMX = {"HX-Request": "true"}


def _pick(builder: Builder, day: int, exercise: str, search: str = "") -> Builder:
    """+ Add exercise on that day, search the picker, Add: as a browser without JavaScript does it."""
    response = builder.press(f"pick:{day}", follow=False)
    assert response.status_code == 302
    picker = builder.client.get(response["Location"] + (f"&q={search}" if search else "")).content.decode()
    match = re.search(
        rf'value="(add-exercise:{day}:[0-9a-f-]+)"\s+aria-label="Add {re.escape(exercise)}"', picker
    )
    assert match, f"{exercise} is not offered"
    builder.client.post(builder.url, {"action": match.group(1)})
    return builder.load()


def _monday_bench(person: Person) -> Builder:
    builder = Builder(person.client, "/routines/new").load()
    builder.fill("Name", "Three Days").press("Monday")
    return _pick(builder, 1, "Bench Press", search="bench")


def test_a_routine_is_built_by_plain_posts_and_saved_with_one_backend_call(newcomer: Person) -> None:
    builder = _monday_bench(newcomer)
    before = len(newcomer.backend.api_calls())

    builder.fill("Bench Press set 1 weight (kg)", "62,5")
    builder.fill("Bench Press set 2 reps (or the bottom of a range)", "5")
    builder.fill("Bench Press set 2 top of the rep range (empty for fixed reps)", "")
    builder.fill("Rest (s)", "120")
    builder.press("+ Add set")  # a copy of the last set
    builder.press("copy-day:1", **{"copy-1": "3"})  # Monday copied to Wednesday
    builder.press("Friday")
    _pick(builder, 5, "Back Squat", search="squat")
    assert newcomer.calls_since(before) == []  # everything so far stayed on the web server

    response = builder.press("Save routine", follow=False)

    assert newcomer.calls_since(before) == ["POST /api/routines"]
    assert response.status_code == 302
    routine = next(r for r in newcomer.api.get("/routines").json() if r["name"] == "Three Days")
    assert response["Location"] == f"/routines/{routine['id']}"
    days = {d["dayOfWeek"]: d for d in routine["days"]}
    assert sorted(days) == [1, 3, 5]
    for weekday in (1, 3):
        (bench,) = days[weekday]["exercises"]
        assert bench["exercise"]["name"] == "Bench Press"
        assert bench["restSeconds"] == 120 and bench["progressionScheme"] == "DOUBLE_PROGRESSION"
        assert bench["minWeightIncrement"] == 2.5
        sets = sorted(bench["sets"], key=lambda s: s["setNumber"])
        assert [s["setNumber"] for s in sets] == [1, 2, 3, 4]
        assert (sets[0]["repType"], sets[0]["minReps"], sets[0]["maxReps"]) == ("RANGE", 8, 12)
        assert sets[0]["weight"] == 62.5  # typed "62,5"
        assert (sets[1]["repType"], sets[1]["reps"]) == ("FIXED", 5)
        assert (sets[3]["repType"], sets[3]["minReps"], sets[3]["maxReps"]) == ("RANGE", 8, 12)
    assert days[5]["exercises"][0]["exercise"]["name"] == "Back Squat"


def test_every_field_is_checked_with_the_backends_limits_and_the_problem_shown_beside_it(
    newcomer: Person,
) -> None:
    builder = _monday_bench(newcomer)
    builder.fill("Name", "")
    builder.fill("Bench Press set 1 reps (or the bottom of a range)", "0")
    builder.fill("Bench Press set 2 top of the rep range (empty for fixed reps)", "60")
    builder.fill("Bench Press set 3 weight (kg)", "-5")
    builder.fill("Bench Press set 3 reps in reserve", "11")
    builder.fill("Rest (s)", "601")
    builder.fill("Step (kg)", "1,000.5")
    builder.press("Tuesday")  # a day with no exercise
    before = len(newcomer.backend.api_calls())

    response = builder.press("Save routine")

    assert newcomer.calls_since(before) == []
    assert response.status_code == 200
    text = builder.text()
    assert "Give the routine a name." in text
    assert text.count("Reps must be whole numbers from 1 to 50.") == 2
    assert "Enter a number of 0 or more, like 62.5." in text
    assert "RIR must be a whole number from 0 to 10." in text
    assert "Rest must be 0 to 600 seconds." in text
    assert "Add an exercise to Tuesday, or remove the day." in text
    assert "things to fix before saving" in text
    assert builder.values[builder.labels["Bench Press set 3 weight (kg)"]] == "-5"  # kept as typed
    assert newcomer.api.get("/routines").json() == []


def test_a_range_must_not_run_downwards(newcomer: Person) -> None:
    builder = _monday_bench(newcomer)
    builder.fill("Bench Press set 1 reps (or the bottom of a range)", "12")
    builder.fill("Bench Press set 1 top of the rep range (empty for fixed reps)", "8")

    builder.press("Save routine")

    assert "The top of the range must not be below its bottom." in builder.text()


def test_sets_are_added_up_to_ten_and_removed_one_by_one(newcomer: Person) -> None:
    builder = _monday_bench(newcomer)
    for _ in range(7):  # three to start with
        builder.press("+ Add set")

    assert "Bench Press set 10 weight (kg)" in builder.labels
    assert "+ Add set" not in builder.buttons  # the backend takes ten

    builder.press("Remove set 4 of Bench Press")
    assert "Bench Press set 10 weight (kg)" not in builder.labels
    assert "+ Add set" in builder.buttons


def test_exercises_move_and_a_removed_one_comes_back_with_undo(newcomer: Person) -> None:
    builder = _monday_bench(newcomer)
    _pick(builder, 1, "Barbell Curl", search="curl")
    builder.fill("Barbell Curl set 1 weight (kg)", "30")
    builder.press("Move Barbell Curl up")
    assert builder.text().index("1. Barbell Curl") < builder.text().index("2. Bench Press")

    builder.press("Remove Barbell Curl")
    assert "Barbell Curl set 1 weight (kg)" not in builder.labels
    assert "Removed Barbell Curl. Undo" in builder.text()

    builder.press("Undo")
    assert builder.values[builder.labels["Barbell Curl set 1 weight (kg)"]] == "30"
    assert builder.text().index("1. Barbell Curl") < builder.text().index("2. Bench Press")


def test_a_half_built_routine_survives_a_reload(newcomer: Person) -> None:
    builder = _monday_bench(newcomer)
    builder.fill("Bench Press set 1 weight (kg)", "70").fill("Name", "Half done")
    builder.press("keep")

    again = Builder(newcomer.client, "/routines/new").load()

    assert again.values["name"] == "Half done"
    assert again.values[again.labels["Bench Press set 1 weight (kg)"]] == "70"
    assert "unsaved routine, “Half done”" in newcomer.client.get("/routines/").content.decode()


def test_a_backend_outage_on_save_keeps_the_routine_and_save_works_once_it_is_back(
    newcomer: Person,
) -> None:
    builder = _monday_bench(newcomer)
    builder.fill("Bench Press set 1 weight (kg)", "80")
    newcomer.backend.add_fault("/api/routines", "status", method="POST", status=503)

    response = builder.press("Save routine")

    assert response.status_code == 200
    assert "Not saved." in builder.text() and "Your routine is kept here." in builder.text()
    assert builder.values[builder.labels["Bench Press set 1 weight (kg)"]] == "80"
    newcomer.backend.clear_faults()

    response = builder.press("Save routine", follow=False)

    assert response.status_code == 302
    (routine,) = newcomer.api.get("/routines").json()
    assert routine["days"][0]["exercises"][0]["sets"][0]["weight"] == 80


def test_an_ended_sign_in_keeps_the_draft_and_save_works_after_signing_in_again(newcomer: Person) -> None:
    builder = _monday_bench(newcomer)
    builder.fill("Bench Press set 2 weight (kg)", "77.5")
    newcomer.backend.control("POST", f"/users/{newcomer.account['email']}/revoke-sessions")

    response = newcomer.client.post(
        "/routines/new",
        {**builder.values, "action": "save"},
        headers={"Referer": "http://testserver/routines/new"},
    )

    assert response.status_code == 302 and response["Location"] == "/login?next=%2Froutines%2Fnew"
    again = Client()
    sign_in_client(again, newcomer.account["email"], newcomer.account["password"])
    builder = Builder(again, "/routines/new").load()
    assert builder.values[builder.labels["Bench Press set 2 weight (kg)"]] == "77.5"
    assert builder.press("Save routine", follow=False).status_code == 302
    api = newcomer.api.with_token(
        newcomer.backend.sign_in(newcomer.account["email"], newcomer.account["password"])
    )
    (routine,) = api.get("/routines").json()
    assert routine["days"][0]["exercises"][0]["sets"][1]["weight"] == 77.5


def test_with_htmx_adding_a_set_redraws_only_that_exercise_and_a_changed_field_is_stored(
    newcomer: Person,
) -> None:
    builder = _monday_bench(newcomer)
    builder.fill("Bench Press set 1 weight (kg)", "60")
    key = re.search(r'id="x-([0-9a-f]+)"', builder.html).group(1)  # type: ignore[union-attr]
    before = len(newcomer.backend.api_calls())

    stored = newcomer.client.post("/routines/new", {**builder.values, "action": "keep"}, headers=HTMX)
    added = newcomer.client.post(
        "/routines/new", {**builder.values, "action": f"add-set:{key}"}, headers=HTMX
    )

    assert stored.status_code == 204
    assert added.status_code == 200 and added["HX-Retarget"] == f"#x-{key}"
    fragment = added.content.decode()
    assert fragment.count("Bench Press set 4 weight (kg)") == 1 and 'id="routine-name"' not in fragment
    assert newcomer.calls_since(before) == []
    assert (
        Builder(newcomer.client, "/routines/new")
        .load()
        .values[builder.labels["Bench Press set 1 weight (kg)"]]
        == "60"
    )


def test_the_picker_searches_by_name_and_filters_by_muscle_group_and_equipment(newcomer: Person) -> None:
    Builder(newcomer.client, "/routines/new").load().press("Monday")

    def offered(query: str) -> list[str]:
        page = newcomer.client.get(f"/routines/new/exercises?day=1&{query}").content.decode()
        return re.findall(r'aria-label="Add ([^"]+)"', page)

    assert "Bench Press" in offered("q=bench") and "Back Squat" not in offered("q=bench")
    assert offered("q=incline+press") == ["Incline Bench Press", "Incline Dumbbell Press"]
    by_muscle = offered("muscle=HAMSTRINGS")
    assert "Romanian Deadlift" in by_muscle and "Bench Press" not in by_muscle
    assert offered("q=curl&equipment=cable") == ["Cable Curl"]
    assert offered("q=zzzz") == []
    htmx = newcomer.client.get("/routines/new/exercises?day=1&q=row", headers=HTMX)
    assert "HX-Request" in htmx["Vary"] and 'id="picker-results"' in htmx.content.decode()
    assert "<html" not in htmx.content.decode()


def test_an_lb_user_builds_in_pounds_and_the_backend_gets_kilograms(make_person) -> None:  # type: ignore[no-untyped-def]
    lifter = make_person(weight_unit="LB")
    builder = Builder(lifter.client, "/routines/new").load()
    builder.fill("Name", "Pounds").press("Monday")
    _pick(builder, 1, "Bench Press", search="bench")
    assert "Step (lb)" in builder.labels and builder.values[builder.labels["Step (lb)"]] == "5"
    builder.fill("Bench Press set 1 weight (lb)", "135")

    builder.press("Save routine")

    (routine,) = lifter.api.get("/routines").json()
    bench = routine["days"][0]["exercises"][0]
    assert bench["sets"][0]["weight"] == 61.235  # 135 lb
    assert bench["minWeightIncrement"] == 2.268  # 5 lb


def test_templates_are_offered_and_one_opens_in_the_builder_to_adjust(newcomer: Person) -> None:
    page = newcomer.client.get("/routines/templates").content.decode()
    names = re.findall(r'aria-label="Use ([^"]+)"', page)
    assert len(names) >= 4 and "Push / pull / legs" in names

    response = newcomer.client.post("/routines/templates/push-pull-legs")

    assert response.status_code == 302 and response["Location"] == "/routines/new"
    builder = Builder(newcomer.client, "/routines/new").load()
    assert builder.values["name"] == "Push / pull / legs"
    assert "Started from Push / pull / legs." in builder.text()
    assert [n for n in range(7) if f'id="day-{n}"' in builder.html] == [1, 3, 5]  # Mon, Wed, Fri
    builder.fill("Bench Press set 1 weight (kg)", "60")
    assert builder.press("Save routine", follow=False).status_code == 302
    (routine,) = newcomer.api.get("/routines").json()
    assert len(routine["days"]) == 3 and routine["days"][0]["exercises"][0]["sets"][0]["weight"] == 60


def test_a_template_asks_before_it_replaces_a_routine_being_built(newcomer: Person) -> None:
    _monday_bench(newcomer).press("keep")

    asked = newcomer.client.post("/routines/templates/beginner-2")

    assert asked.status_code == 200
    assert "You have not saved “Three Days” yet." in asked.content.decode()
    assert Builder(newcomer.client, "/routines/new").load().values["name"] == "Three Days"
    newcomer.client.post("/routines/templates/beginner-2", {"replace": "1"})
    assert Builder(newcomer.client, "/routines/new").load().values["name"] == "Beginner, 2 days a week"


def test_duplicate_opens_a_copy_to_adjust_and_save_as_a_new_routine(veteran: Person) -> None:
    (original,) = [r for r in veteran.api.get("/routines").json() if r["name"] == "Push Pull Legs"]
    before = len(veteran.backend.api_calls())

    veteran.client.post(f"/routines/{original['id']}/duplicate")
    builder = Builder(veteran.client, "/routines/new").load()
    builder.press("Save routine")

    calls = veteran.calls_since(before)
    assert calls.count("POST /api/routines") == 1 and not any(c.startswith("PATCH") for c in calls)
    copy = next(r for r in veteran.api.get("/routines").json() if r["name"] == "Push Pull Legs (copy)")
    assert [d["dayOfWeek"] for d in copy["days"]] == [d["dayOfWeek"] for d in original["days"]]
    assert _plan(copy) == _plan(original)


def _plan(routine: dict) -> list:
    """What a lifter reads of a routine: per day, each exercise with its rest, scheme, step and sets."""
    fields = ("setNumber", "repType", "reps", "minReps", "maxReps", "weight", "rir")
    return [
        (
            day["dayOfWeek"],
            [
                (
                    e["exercise"]["name"],
                    e["restSeconds"],
                    e["progressionScheme"],
                    e["minWeightIncrement"],
                    e["note"],
                    [
                        tuple(s.get(f) for f in fields)
                        for s in sorted(e["sets"], key=lambda s: s["setNumber"])
                    ],
                )
                for e in sorted(day["exercises"], key=lambda e: e["order"])
            ],
        )
        for day in sorted(routine["days"], key=lambda d: d["dayOfWeek"])
    ]


def test_an_unknown_button_changes_nothing_and_says_so(newcomer: Person) -> None:
    builder = _monday_bench(newcomer)

    response = builder.press("remove-exercise:nosuchkey")

    assert "That part of the routine has changed since." in response.content.decode()
    assert "1. Bench Press" in builder.load().text()
