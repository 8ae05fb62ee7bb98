"""GET /exercises and the routine endpoints: shapes, filters, updates, ownership and validation."""

import pytest

from tests.contract.contract_kit import (
    EXERCISE_KEYS,
    MUSCLE_GROUPS,
    NIL_UUID,
    assert_error,
    assert_routine_shape,
    exercise_slot,
    fixed_set,
    is_iso,
    is_uuid,
    name_sort_keys,
    range_set,
    routine_body,
)

pytestmark = pytest.mark.contract


def _without_ids(routine: dict) -> dict:
    """The routine as sample 10 shows it, minus generated ids and timestamps."""
    return {
        "name": routine["name"],
        "description": routine["description"],
        "isPeriodized": routine["isPeriodized"],
        "isFavorite": routine["isFavorite"],
        "isCompleted": routine["isCompleted"],
        "days": [
            {
                "dayOfWeek": day["dayOfWeek"],
                "order": day["order"],
                "exercises": [
                    {key: value for key, value in slot.items() if key != "id"} for slot in day["exercises"]
                ],
            }
            for day in routine["days"]
        ],
    }


def _sample_10_response(name: str, bench_id: str, curl_id: str) -> dict:
    """contract-samples.md 10_create_routine, response body without ids and timestamps."""

    def set_(number, rep_type, reps, low, high, weight, rir):
        return {
            "setNumber": number,
            "repType": rep_type,
            "reps": reps,
            "minReps": low,
            "maxReps": high,
            "weight": weight,
            "rir": rir,
        }

    bench = {"id": bench_id, "name": "Bench Press"}
    curl = {"id": curl_id, "name": "Barbell Curl"}
    return {
        "name": name,
        "description": "test routine",
        "isPeriodized": False,
        "isFavorite": False,
        "isCompleted": False,
        "days": [
            {
                "dayOfWeek": 1,
                "order": 0,
                "exercises": [
                    {
                        "order": 0,
                        "restSeconds": 120,
                        "note": "pause first rep",
                        "progressionScheme": "DOUBLE_PROGRESSION",
                        "minWeightIncrement": 2.5,
                        "exercise": bench,
                        "sets": [
                            set_(1, "RANGE", None, 8, 12, 60, 2),
                            set_(2, "FIXED", 10, None, None, 60, None),
                        ],
                    },
                    {
                        "order": 1,
                        "restSeconds": 90,
                        "note": None,
                        "progressionScheme": "NONE",
                        "minWeightIncrement": 1.25,
                        "exercise": curl,
                        "sets": [set_(1, "FIXED", 12, None, None, 20, None)],
                    },
                ],
            },
            {
                "dayOfWeek": 4,
                "order": 1,
                "exercises": [
                    {
                        "order": 0,
                        "restSeconds": 60,
                        "note": None,
                        "progressionScheme": "DYNAMIC_DOUBLE_PROGRESSION",
                        "minWeightIncrement": 1,
                        "exercise": curl,
                        "sets": [set_(1, "RANGE", None, 10, 15, 15, None)],
                    },
                ],
            },
        ],
    }


@pytest.fixture
def simple_body(exercise_id, unique):
    """A one-day routine body built fresh per call, so tests can break one field at a time."""

    def make(**slot_overrides):
        slot = exercise_slot(exercise_id("Bench Press"), [fixed_set(1, 5, 100)], **slot_overrides)
        return routine_body(unique("Simple"), [{"dayOfWeek": 2, "order": 0, "exercises": [slot]}])

    return make


# --- exercises ------------------------------------------------------------------------------------


def test_exercises_list_has_at_least_sixty_sorted_by_name(api_a):
    exercises = api_a.exercises()

    assert len(exercises) >= 60
    names = [exercise["name"] for exercise in exercises]
    assert len(set(names)) == len(names)
    assert any(names == sorted(names, key=key) for key in name_sort_keys()), names


def test_every_exercise_has_the_documented_shape(api_a):
    for exercise in api_a.exercises():
        assert set(exercise) == EXERCISE_KEYS, exercise
        assert is_uuid(exercise["id"])
        assert isinstance(exercise["name"], str) and exercise["name"]
        assert exercise["primaryMuscles"], exercise
        assert set(exercise["primaryMuscles"]) <= MUSCLE_GROUPS, exercise
        assert set(exercise["secondaryMuscles"]) <= MUSCLE_GROUPS, exercise
        assert isinstance(exercise["equipment"], str)
        assert is_iso(exercise["createdAt"]) and is_iso(exercise["updatedAt"])


def test_exercises_include_the_ones_the_samples_use(api_a):
    exercises = {exercise["name"]: exercise for exercise in api_a.exercises()}

    assert exercises["Bench Press"]["primaryMuscles"] == ["PECTORAL"]
    assert exercises["Barbell Curl"]["primaryMuscles"] == ["BICEPS"]


# --- create / get / list --------------------------------------------------------------------------


def test_creating_a_routine_returns_it_as_production_does(api_a, make_routine, exercise_id, claims_a):
    routine = make_routine()

    assert_routine_shape(routine)
    assert is_uuid(routine["id"])
    profile = api_a.ok("GET", "/auth/supabase/profile")["user"]
    assert routine["userId"] == profile["id"]
    expected = _sample_10_response(routine["name"], exercise_id("Bench Press"), exercise_id("Barbell Curl"))
    assert _without_ids(routine) == expected
    ids = [day["id"] for day in routine["days"]] + [
        slot["id"] for day in routine["days"] for slot in day["exercises"]
    ]
    assert all(is_uuid(value) for value in ids) and len(set(ids)) == len(ids)


def test_a_routine_without_description_has_null_description(make_routine, simple_body):
    routine = make_routine(simple_body())

    assert routine["description"] is None
    assert routine["days"][0]["exercises"][0]["note"] is None


def test_a_created_routine_can_be_fetched_and_is_listed(api_a, make_routine):
    routine = make_routine()

    fetched = api_a.routine(routine["id"])
    listed = api_a.ok("GET", "/routines")

    assert _without_ids(fetched) == _without_ids(routine)
    assert fetched["days"] == routine["days"]
    assert routine["id"] in [item["id"] for item in listed]
    for item in listed:
        assert_routine_shape(item)


def test_an_unknown_routine_is_404_routine_not_found(api_a):
    assert_error(api_a.get(f"/routines/{NIL_UUID}"), 404, "Routine not found")


# --- favorite / completed -------------------------------------------------------------------------


def test_marking_a_routine_favorite_returns_it_without_days(api_a, make_routine):
    routine = make_routine()

    response = api_a.patch(f"/routines/{routine['id']}/favorite", {"isFavorite": True})

    assert response.status_code == 200, response.text
    body = response.json()
    assert_routine_shape(body, with_days=False)
    assert body["id"] == routine["id"]
    assert body["isFavorite"] is True
    assert api_a.routine(routine["id"])["isFavorite"] is True


def test_favorites_are_filtered(api_a, make_routine):
    # Only `true` is sent: production reads any non-empty value as true (test_routine_history.py).
    favorite = make_routine()
    plain = make_routine()
    api_a.ok("PATCH", f"/routines/{favorite['id']}/favorite", {"isFavorite": True})

    favorites = api_a.ok("GET", "/routines/favorites")
    only_favorites = api_a.ok("GET", "/routines", params={"isFavorite": "true"})
    everything = api_a.ok("GET", "/routines")

    assert favorite["id"] in [r["id"] for r in favorites]
    assert plain["id"] not in [r["id"] for r in favorites]
    assert all(r["isFavorite"] for r in favorites)
    assert favorite["id"] in [r["id"] for r in only_favorites]
    assert plain["id"] not in [r["id"] for r in only_favorites]
    assert all(r["isFavorite"] for r in only_favorites)
    assert {favorite["id"], plain["id"]} <= {r["id"] for r in everything}


def test_unmarking_a_favorite_takes_it_off_the_favorites(api_a, make_routine):
    routine = make_routine()
    api_a.ok("PATCH", f"/routines/{routine['id']}/favorite", {"isFavorite": True})

    body = api_a.ok("PATCH", f"/routines/{routine['id']}/favorite", {"isFavorite": False})

    assert body["isFavorite"] is False
    assert routine["id"] not in [r["id"] for r in api_a.ok("GET", "/routines/favorites")]


def test_marking_a_routine_completed_returns_it_without_days(api_a, make_routine):
    routine = make_routine()

    response = api_a.patch(f"/routines/{routine['id']}/completed", {"isCompleted": True})

    assert response.status_code == 200, response.text
    body = response.json()
    assert_routine_shape(body, with_days=False)
    assert body["isCompleted"] is True
    assert api_a.routine(routine["id"])["isCompleted"] is True


def test_completed_routines_are_filtered(api_a, make_routine):
    done = make_routine()
    open_ = make_routine()
    api_a.ok("PATCH", f"/routines/{done['id']}/completed", {"isCompleted": True})

    completed = api_a.ok("GET", "/routines/completed")
    only_completed = api_a.ok("GET", "/routines", params={"isCompleted": "true"})

    assert done["id"] in [r["id"] for r in completed]
    assert open_["id"] not in [r["id"] for r in completed]
    assert all(r["isCompleted"] for r in completed)
    assert done["id"] in [r["id"] for r in only_completed]
    assert open_["id"] not in [r["id"] for r in only_completed]
    assert all(r["isCompleted"] for r in only_completed)


def test_both_filters_combine(api_a, make_routine):
    both = make_routine()
    favorite_only = make_routine()
    api_a.ok("PATCH", f"/routines/{both['id']}/favorite", {"isFavorite": True})
    api_a.ok("PATCH", f"/routines/{both['id']}/completed", {"isCompleted": True})
    api_a.ok("PATCH", f"/routines/{favorite_only['id']}/favorite", {"isFavorite": True})

    found = api_a.ok("GET", "/routines", params={"isFavorite": "true", "isCompleted": "true"})

    ids = [r["id"] for r in found]
    assert both["id"] in ids and favorite_only["id"] not in ids


def test_favorite_rejects_unknown_fields(api_a, make_routine):
    # A string is no refusal: production reads it as JavaScript does (test_routine_history.py).
    routine = make_routine()

    assert_error(
        api_a.patch(f"/routines/{routine['id']}/favorite", {"isFavorite": True, "foo": 1}),
        400,
        "property foo should not exist",
    )


# --- update / delete / note -----------------------------------------------------------------------


def test_renaming_a_routine_keeps_its_days(api_a, make_routine):
    routine = make_routine()

    response = api_a.patch(f"/routines/{routine['id']}", {"name": "Renamed", "description": "new words"})

    assert response.status_code == 200, response.text
    body = response.json()
    assert_routine_shape(body)
    assert body["name"] == "Renamed" and body["description"] == "new words"
    assert _without_ids(body)["days"] == _without_ids(routine)["days"]
    assert api_a.routine(routine["id"])["name"] == "Renamed"


def test_patching_days_replaces_the_whole_structure(api_a, make_routine, exercise_id):
    routine = make_routine()
    curl = exercise_id("Barbell Curl")
    new_days = [
        {
            "dayOfWeek": 6,
            "order": 0,
            "exercises": [
                exercise_slot(
                    curl,
                    [range_set(1, 6, 8, 40), range_set(2, 6, 8, 40)],
                    scheme="DOUBLE_PROGRESSION",
                    increment=5,
                    rest=150,
                    order=0,
                )
            ],
        }
    ]

    response = api_a.patch(f"/routines/{routine['id']}", {"days": new_days})

    assert response.status_code == 200, response.text
    fetched = api_a.routine(routine["id"])
    assert fetched["name"] == routine["name"]
    assert [day["dayOfWeek"] for day in fetched["days"]] == [6]
    slot = fetched["days"][0]["exercises"][0]
    assert slot["restSeconds"] == 150 and slot["minWeightIncrement"] == 5
    assert [(s["setNumber"], s["minReps"], s["maxReps"], s["weight"]) for s in slot["sets"]] == [
        (1, 6, 8, 40),
        (2, 6, 8, 40),
    ]


def test_deleting_a_routine_makes_it_404(api_a, make_routine):
    routine = make_routine()

    response = api_a.delete(f"/routines/{routine['id']}")

    assert response.status_code in (200, 204), response.text
    assert_error(api_a.get(f"/routines/{routine['id']}"), 404, "Routine not found")
    assert routine["id"] not in [r["id"] for r in api_a.ok("GET", "/routines")]


def test_an_exercise_note_is_saved_on_the_routine(api_a, make_routine):
    routine = make_routine()
    slot = routine["days"][0]["exercises"][1]

    response = api_a.patch(f"/routines/{routine['id']}/exercises/{slot['id']}/note", {"note": "elbows in"})

    assert response.status_code == 200, response.text
    fetched = api_a.routine(routine["id"])
    assert fetched["days"][0]["exercises"][1]["note"] == "elbows in"
    assert fetched["days"][0]["exercises"][0]["note"] == "pause first rep"


def test_quirk_the_note_patch_answers_the_raw_database_row(api_a, make_routine):
    routine = make_routine()
    day = routine["days"][0]
    slot = day["exercises"][1]

    row = api_a.ok("PATCH", f"/routines/{routine['id']}/exercises/{slot['id']}/note", {"note": "elbows in"})

    assert row["id"] == slot["id"] and row["note"] == "elbows in"
    assert row["routineDayId"] == day["id"]
    assert row["exerciseId"] == slot["exercise"]["id"]
    assert "exercise" not in row and "sets" not in row


def test_quirk_an_empty_note_patch_leaves_the_note_as_it_is(api_a, make_routine):
    routine = make_routine()
    slot = routine["days"][0]["exercises"][0]

    response = api_a.patch(f"/routines/{routine['id']}/exercises/{slot['id']}/note", {})

    assert response.status_code == 200, response.text
    assert api_a.routine(routine["id"])["days"][0]["exercises"][0]["note"] == "pause first rep"


def test_quirk_an_unknown_field_on_the_note_patch_is_accepted(api_a, make_routine):
    routine = make_routine()
    slot = routine["days"][0]["exercises"][0]

    response = api_a.patch(f"/routines/{routine['id']}/exercises/{slot['id']}/note", {"note": "x", "foo": 1})

    assert response.status_code == 200, response.text
    assert api_a.routine(routine["id"])["days"][0]["exercises"][0]["note"] == "x"


def test_a_note_for_a_slot_not_in_the_routine_is_404(api_a, make_routine):
    routine, other = make_routine(), make_routine()
    foreign_slot = other["days"][0]["exercises"][0]

    response = api_a.patch(f"/routines/{routine['id']}/exercises/{foreign_slot['id']}/note", {"note": "x"})

    assert_error(response, 404, "Exercise not found in this routine")
    assert api_a.routine(other["id"])["days"][0]["exercises"][0]["note"] == "pause first rep"


def test_with_the_quirk_off_the_note_patch_answers_the_routine_exercise(control, api_a, make_routine):
    control.configure(quirksOff=["note-raw-row"])
    routine = make_routine()
    slot = routine["days"][0]["exercises"][0]
    path = f"/routines/{routine['id']}/exercises/{slot['id']}/note"

    body = api_a.ok("PATCH", path, {"note": "x"})

    assert body["exercise"] == slot["exercise"] and "routineDayId" not in body
    assert_error(api_a.patch(path, {"note": "x", "foo": 1}), 400, "property foo should not exist")


# --- ownership ------------------------------------------------------------------------------------


def test_another_users_routine_is_404_with_productions_words_per_action(api_a, api_b, make_routine):
    routine = make_routine()
    slot_id = routine["days"][0]["exercises"][0]["id"]
    base = f"/routines/{routine['id']}"
    denied = "Routine not found or you do not have permission to {} it."

    assert_error(api_b.get(base), 404, "Routine not found")
    assert_error(api_b.patch(base, {"name": "stolen"}), 404, denied.format("edit"))
    assert_error(api_b.patch(f"{base}/favorite", {"isFavorite": True}), 404, denied.format("modify"))
    assert_error(api_b.patch(f"{base}/completed", {"isCompleted": True}), 404, denied.format("modify"))
    assert_error(api_b.patch(f"{base}/exercises/{slot_id}/note", {"note": "x"}), 404, "Routine not found")
    assert_error(api_b.delete(base), 404, denied.format("delete"))
    assert routine["id"] not in [r["id"] for r in api_b.ok("GET", "/routines")]
    untouched = api_a.routine(routine["id"])
    assert untouched["name"] == routine["name"]
    assert untouched["isFavorite"] is False and untouched["isCompleted"] is False
    assert untouched["days"][0]["exercises"][0]["note"] == "pause first rep"


# --- validation -----------------------------------------------------------------------------------


def test_creating_a_routine_with_an_unknown_field_is_400(api_a, simple_body):
    body = simple_body()
    body["foo"] = 1

    assert_error(api_a.post("/routines", body), 400, "property foo should not exist")


def test_an_unknown_nested_field_is_400(api_a, simple_body):
    body = simple_body()
    body["days"][0]["exercises"][0]["sets"][0]["foo"] = 1

    assert_error(api_a.post("/routines", body), 400, contains="foo should not exist")


def test_several_validation_failures_are_joined_with_commas(api_a, simple_body):
    body = simple_body()
    body["foo"] = 1
    body["bar"] = 2

    error = assert_error(
        api_a.post("/routines", body),
        400,
        contains=("property foo should not exist", "property bar should not exist"),
    )
    assert ", " in error["message"]


def test_an_unknown_progression_scheme_gets_productions_message(api_a):
    # Sent exactly as contract-samples.md 74_bad_scheme.
    body = {
        "name": "x",
        "isPeriodized": False,
        "days": [
            {
                "dayOfWeek": 1,
                "exercises": [
                    {
                        "exerciseId": "e",
                        "restSeconds": 60,
                        "progressionScheme": "PROGRAMMED_RTF",
                        "minWeightIncrement": 2.5,
                        "sets": [],
                    }
                ],
            }
        ],
    }

    assert_error(
        api_a.post("/routines", body),
        400,
        "days.0.exercises.0.progressionScheme must be one of: NONE, DOUBLE_PROGRESSION, "
        "DYNAMIC_DOUBLE_PROGRESSION",
    )


def test_a_routine_needs_a_name(api_a, simple_body):
    body = simple_body()
    del body["name"]

    assert_error(api_a.post("/routines", body), 400, contains="name")


@pytest.mark.parametrize(
    ("where", "value", "field"),
    [
        ("restSeconds", 601, "restSeconds"),
        ("restSeconds", -1, "restSeconds"),
        ("set.setNumber", 0, "setNumber"),
        ("set.setNumber", 11, "setNumber"),
        ("set.reps", 0, "reps"),
        ("set.reps", 51, "reps"),
        ("set.rir", 11, "rir"),
        ("set.repType", "AMRAP", "repType"),
        ("dayOfWeek", 7, "dayOfWeek"),
    ],
)
def test_out_of_range_routine_values_are_400_naming_the_field(api_a, simple_body, where, value, field):
    body = simple_body()
    day = body["days"][0]
    slot = day["exercises"][0]
    if where == "dayOfWeek":
        day["dayOfWeek"] = value
    elif where.startswith("set."):
        slot["sets"][0][where[4:]] = value
    else:
        slot[where] = value

    assert_error(api_a.post("/routines", body), 400, contains=field)


def test_updating_a_routine_with_an_unknown_field_is_400(api_a, make_routine):
    routine = make_routine()

    assert_error(
        api_a.patch(f"/routines/{routine['id']}", {"name": "x", "foo": 1}),
        400,
        "property foo should not exist",
    )
