"""PUT/DELETE set logs (keyed upsert, validation, finished sessions) and progression on a COMPLETED finish."""

import pytest

from tests.contract.contract_kit import (
    NIL_UUID,
    assert_error,
    assert_session_shape,
    assert_set_log_shape,
    exercise_slot,
    fixed_set,
    is_iso,
    parse_iso,
    range_set,
    routine_body,
    weights,
)

pytestmark = pytest.mark.contract


@pytest.fixture
def workout(api_a, make_routine):
    """The sample routine with its Monday session started: (routine, session, bench slot, curl slot)."""
    routine = make_routine()
    session = api_a.start(routine, notes="morning")
    bench, curl = routine["days"][0]["exercises"]
    return routine, session, bench, curl


def _set_logs_path(session):
    return f"/workouts/sessions/{session['id']}/set-logs"


# --- PUT ------------------------------------------------------------------------------------------


def test_a_set_log_is_created_with_the_documented_shape(api_a, workout):
    _, session, bench, _ = workout
    body = {
        "routineExerciseId": bench["id"],
        "exerciseId": bench["exercise"]["id"],
        "setNumber": 1,
        "reps": 12,
        "weight": 60,
        "rpe": 8,
        "isCompleted": True,
    }

    response = api_a.put(_set_logs_path(session), body)

    assert response.status_code == 200, response.text
    log = response.json()
    assert_set_log_shape(log, put_answer=True)
    assert log["sessionId"] == session["id"]
    assert {key: log[key] for key in body} == body
    assert is_iso(log["completedAt"])


def test_repeating_a_set_log_put_updates_it_in_place(api_a, workout):
    _, session, bench, _ = workout
    first = api_a.log_set(session["id"], bench, 1, reps=12, weight=60, rpe=8, isCompleted=True)

    again = api_a.log_set(session["id"], bench, 1, reps=12, weight=60, rpe=8, isCompleted=True)

    assert again["id"] == first["id"]
    assert again["createdAt"] == first["createdAt"]
    logs = api_a.session(session["id"])["setLogs"]
    assert [log["id"] for log in logs] == [first["id"]]


def test_fields_left_out_keep_their_stored_values(api_a, workout):
    _, session, bench, _ = workout
    first = api_a.log_set(session["id"], bench, 1, reps=12, weight=60, rpe=8, isCompleted=True)

    # As contract-samples.md 25_setlog1_update: rpe is left out and stays 8.
    updated = api_a.log_set(session["id"], bench, 1, reps=12, weight=62.5, isCompleted=True)
    assert (updated["id"], updated["reps"], updated["weight"], updated["rpe"], updated["isCompleted"]) == (
        first["id"],
        12,
        62.5,
        8,
        True,
    )
    assert is_iso(updated["completedAt"])
    assert parse_iso(updated["updatedAt"]) >= parse_iso(first["updatedAt"])

    weight_only = api_a.log_set(session["id"], bench, 1, weight=65)
    assert (weight_only["reps"], weight_only["weight"], weight_only["rpe"], weight_only["isCompleted"]) == (
        12,
        65,
        8,
        True,
    )


def test_a_partial_set_log_leaves_the_rest_empty(api_a, workout):
    _, session, _, curl = workout

    log = api_a.log_set(session["id"], curl, 1, reps=9)  # contract-samples.md 24_setlog3_partial

    assert (log["reps"], log["weight"], log["rpe"], log["isCompleted"], log["completedAt"]) == (
        9,
        None,
        None,
        False,
        None,
    )


def test_quirk_a_set_log_put_without_reps_answers_reps_null_and_reads_back_zero(api_a, workout):
    _, session, _, curl = workout

    log = api_a.log_set(session["id"], curl, 1, weight=20)

    assert log["reps"] is None, "production's PUT answer leaves reps null"
    assert log["weight"] == 20
    stored = api_a.session(session["id"])["setLogs"]
    assert [(s["id"], s["reps"]) for s in stored] == [(log["id"], 0)]


def test_quirk_uncompleting_a_set_keeps_its_completed_at(api_a, workout):
    _, session, bench, _ = workout
    done = api_a.log_set(session["id"], bench, 1, reps=12, weight=60, isCompleted=True)

    undone = api_a.log_set(session["id"], bench, 1, isCompleted=False)

    assert undone["isCompleted"] is False
    assert undone["completedAt"] == done["completedAt"], "production keeps the old completedAt"
    [stored] = api_a.session(session["id"])["setLogs"]
    assert (stored["isCompleted"], stored["completedAt"]) == (False, done["completedAt"])


@pytest.mark.parametrize(
    ("fields", "stored"),
    [
        ({"reps": 7.5}, {"reps": 7}),
        ({"reps": -3}, {"reps": -3}),
        ({"reps": 5, "weight": -20}, {"reps": 5, "weight": -20}),
        ({"reps": 5, "rpe": 42}, {"reps": 5, "rpe": 42}),
        ({"reps": "5"}, {"reps": 5}),
    ],
    ids=["reps 7.5 stored as 7", "negative reps", "negative weight", "rpe 42", "reps as a string"],
)
def test_quirk_set_log_numbers_are_barely_validated(api_a, workout, fields, stored):
    _, session, bench, _ = workout

    response = api_a.put(
        _set_logs_path(session),
        {"routineExerciseId": bench["id"], "exerciseId": bench["exercise"]["id"], "setNumber": 1, **fields},
    )

    assert response.status_code == 200, response.text
    [log] = api_a.session(session["id"])["setLogs"]
    assert {key: log[key] for key in stored} == stored


def test_quirk_set_number_2_5_overwrites_set_2(api_a, workout):
    _, session, bench, _ = workout
    second = api_a.log_set(session["id"], bench, 2, reps=10, weight=60, isCompleted=True)

    response = api_a.put(
        _set_logs_path(session),
        {
            "routineExerciseId": bench["id"],
            "exerciseId": bench["exercise"]["id"],
            "setNumber": 2.5,
            "reps": 3,
            "weight": 40,
        },
    )

    assert response.status_code == 200, response.text
    logs = api_a.session(session["id"])["setLogs"]
    assert [(log["id"], log["setNumber"], log["reps"], log["weight"]) for log in logs] == [
        (second["id"], 2, 3, 40)
    ]


def test_with_the_quirks_off_set_logs_are_validated_and_read_back_as_sent(control, api_a, workout):
    control.configure(quirksOff=["set-log-reps-null", "completed-at-kept", "loose-set-log-numbers"])
    _, session, bench, _ = workout

    log = api_a.log_set(session["id"], bench, 1, weight=20, isCompleted=True)
    undone = api_a.log_set(session["id"], bench, 1, isCompleted=False)
    bad = api_a.put(
        _set_logs_path(session),
        {"routineExerciseId": bench["id"], "exerciseId": bench["exercise"]["id"], "setNumber": 2.5},
    )

    assert log["reps"] == 0
    assert undone["completedAt"] is None
    assert_error(bad, 400, contains="setNumber must be an integer number")


def test_set_logs_show_on_the_session(api_a, workout):
    _, session, bench, curl = workout
    written = [
        api_a.log_set(session["id"], bench, 1, reps=12, weight=60, rpe=8, isCompleted=True),
        api_a.log_set(session["id"], bench, 2, reps=10, weight=60, isCompleted=True),
        api_a.log_set(session["id"], curl, 1, reps=9),
    ]

    fetched = api_a.session(session["id"])

    assert_session_shape(fetched, set_logs=True)
    by_id = {log["id"]: log for log in fetched["setLogs"]}
    assert by_id == {log["id"]: log for log in written}


def test_a_set_log_write_bumps_last_activity(api_a, workout):
    _, session, bench, _ = workout
    first = api_a.log_set(session["id"], bench, 1, reps=5)
    after_first = api_a.session(session["id"])["lastActivityAt"]

    api_a.log_set(session["id"], bench, 2, reps=5)
    after_second = api_a.session(session["id"])["lastActivityAt"]

    assert is_iso(after_first) and is_iso(after_second)
    assert parse_iso(after_first) >= parse_iso(session["startedAt"])
    assert parse_iso(after_second) >= parse_iso(first["updatedAt"])
    assert parse_iso(after_second) >= parse_iso(after_first)


def test_a_routine_exercise_of_another_day_is_400(api_a, workout):
    routine, session, _, _ = workout
    thursday_slot = routine["days"][1]["exercises"][0]

    response = api_a.put(
        _set_logs_path(session),
        {
            "routineExerciseId": thursday_slot["id"],
            "exerciseId": thursday_slot["exercise"]["id"],
            "setNumber": 1,
            "reps": 10,
        },
    )

    assert_error(response, 400, "Routine exercise does not belong to this session")


def test_an_exercise_id_that_is_not_the_slots_exercise_is_400(api_a, workout):
    _, session, bench, curl = workout

    response = api_a.put(
        _set_logs_path(session),
        {"routineExerciseId": bench["id"], "exerciseId": curl["exercise"]["id"], "setNumber": 1, "reps": 10},
    )

    assert_error(response, 400, "exerciseId does not match routine exercise")


def test_a_set_number_below_one_is_400(api_a, workout):
    _, session, bench, _ = workout

    response = api_a.put(
        _set_logs_path(session),
        {"routineExerciseId": bench["id"], "exerciseId": bench["exercise"]["id"], "setNumber": 0, "reps": 10},
    )

    assert_error(response, 400, contains="setNumber")


def test_per_set_notes_are_rejected_as_an_unknown_field(api_a, workout):
    _, session, bench, _ = workout

    response = api_a.put(
        _set_logs_path(session),
        {
            "routineExerciseId": bench["id"],
            "exerciseId": bench["exercise"]["id"],
            "setNumber": 1,
            "reps": 10,
            "notes": "felt easy",
        },
    )

    assert_error(response, 400, "property notes should not exist")
    assert api_a.session(session["id"])["setLogs"] == []


def test_a_set_log_needs_the_exercise_id(api_a, workout):
    _, session, bench, _ = workout

    response = api_a.put(_set_logs_path(session), {"routineExerciseId": bench["id"], "setNumber": 1})

    assert_error(response, 400, contains="exerciseId")


def test_set_logs_of_an_unknown_session_are_404(api_a, workout):
    _, _, bench, _ = workout

    response = api_a.put(
        f"/workouts/sessions/{NIL_UUID}/set-logs",
        {"routineExerciseId": bench["id"], "exerciseId": bench["exercise"]["id"], "setNumber": 1},
    )

    assert_error(response, 404, "Workout session not found")


@pytest.mark.parametrize("status", ["COMPLETED", "ABORTED"])
def test_set_logs_of_a_finished_session_cannot_change(api_a, workout, status):
    _, session, bench, _ = workout
    api_a.log_set(session["id"], bench, 1, reps=12, weight=60)
    api_a.finish(session["id"], status)

    put = api_a.put(
        _set_logs_path(session),
        {"routineExerciseId": bench["id"], "exerciseId": bench["exercise"]["id"], "setNumber": 1, "reps": 3},
    )
    delete = api_a.delete(f"{_set_logs_path(session)}/{bench['id']}/1")

    assert_error(put, 400, "Cannot modify set logs for a finished session")
    assert_error(delete, 400, "Cannot modify set logs for a finished session")
    assert [log["reps"] for log in api_a.session(session["id"])["setLogs"]] == [12]


# --- DELETE ---------------------------------------------------------------------------------------


def test_deleting_a_set_log_returns_its_id(api_a, workout):
    _, session, bench, _ = workout
    log = api_a.log_set(session["id"], bench, 1, reps=15, weight=15, isCompleted=True)
    kept = api_a.log_set(session["id"], bench, 2, reps=10, weight=60)

    response = api_a.delete(f"{_set_logs_path(session)}/{bench['id']}/1")

    assert response.status_code == 200, response.text
    assert response.json() == {"id": log["id"]}
    assert [s["id"] for s in api_a.session(session["id"])["setLogs"]] == [kept["id"]]


def test_deleting_a_missing_set_log_is_404(api_a, workout):
    _, session, bench, _ = workout
    api_a.log_set(session["id"], bench, 1, reps=15)
    api_a.delete(f"{_set_logs_path(session)}/{bench['id']}/1")

    assert_error(api_a.delete(f"{_set_logs_path(session)}/{bench['id']}/1"), 404, "Set log not found")
    assert_error(api_a.delete(f"{_set_logs_path(session)}/{bench['id']}/7"), 404, "Set log not found")


def test_a_deleted_set_log_can_be_written_again(api_a, workout):
    _, session, bench, _ = workout
    api_a.log_set(session["id"], bench, 1, reps=15, rpe=9)
    api_a.delete(f"{_set_logs_path(session)}/{bench['id']}/1")

    fresh = api_a.log_set(session["id"], bench, 1, weight=50)

    assert (fresh["weight"], fresh["rpe"]) == (50, None)
    assert fresh["reps"] is None, "nothing of the deleted log is left (production answers null reps)"
    [stored] = api_a.session(session["id"])["setLogs"]
    assert (stored["id"], stored["reps"], stored["weight"]) == (fresh["id"], 0, 50)


# --- progression ----------------------------------------------------------------------------------


def _log_sample_workout(api, session, bench, curl):
    """contract-samples.md 22..25: bench 12 reps x 62.5 (range 8-12) and 10 x 60 (fixed 10); curl 9 reps."""
    api.log_set(session["id"], bench, 1, reps=12, weight=60, rpe=8, isCompleted=True)
    api.log_set(session["id"], bench, 2, reps=10, weight=60, isCompleted=True)
    api.log_set(session["id"], curl, 1, reps=9)
    api.log_set(session["id"], bench, 1, reps=12, weight=62.5, isCompleted=True)


def test_completing_the_sample_workout_progresses_bench_as_production_did(api_a, workout):
    routine, session, bench, curl = workout
    _log_sample_workout(api_a, session, bench, curl)

    finished = api_a.finish(session["id"], "COMPLETED", notes="felt strong")

    # 40_finish: the response's routineDay already shows the progressed weights.
    assert_session_shape(finished, set_logs=False)
    assert weights(finished) == [[65, 62.5], [20]]
    # 52_routine_after: the routine itself changed, nothing else did.
    after = api_a.routine(routine["id"])
    assert weights(after, 0) == [[65, 62.5], [20]]
    assert weights(after, 1) == [[15]]
    for before_day, after_day in zip(routine["days"], after["days"], strict=True):
        for before_slot, after_slot in zip(before_day["exercises"], after_day["exercises"], strict=True):
            assert after_slot["id"] == before_slot["id"]
            strip = [{k: v for k, v in s.items() if k != "weight"} for s in before_slot["sets"]]
            assert [{k: v for k, v in s.items() if k != "weight"} for s in after_slot["sets"]] == strip


def test_aborting_never_progresses(api_a, workout):
    routine, session, bench, curl = workout
    _log_sample_workout(api_a, session, bench, curl)

    finished = api_a.finish(session["id"], "ABORTED")

    assert weights(finished) == [[60, 60], [20]]
    assert weights(api_a.routine(routine["id"]), 0) == [[60, 60], [20]]


def _one_exercise_routine(make_routine, exercise_id, unique, scheme, increment, sets):
    body = routine_body(
        unique("Progression"),
        [
            {
                "dayOfWeek": 3,
                "order": 0,
                "exercises": [
                    exercise_slot(
                        exercise_id("Bench Press"), sets, scheme=scheme, increment=increment, order=0
                    )
                ],
            }
        ],
    )
    return make_routine(body)


def test_double_progression_waits_until_every_set_reaches_the_top_of_its_target(
    api_a, make_routine, exercise_id, unique
):
    routine = _one_exercise_routine(
        make_routine,
        exercise_id,
        unique,
        "DOUBLE_PROGRESSION",
        2.5,
        [range_set(1, 8, 12, 60), fixed_set(2, 10, 60)],
    )
    slot = routine["days"][0]["exercises"][0]
    session = api_a.start(routine)
    api_a.log_set(session["id"], slot, 1, reps=11, weight=60, isCompleted=True)  # in range, not at the top
    api_a.log_set(session["id"], slot, 2, reps=10, weight=60, isCompleted=True)

    finished = api_a.finish(session["id"], "COMPLETED")

    assert weights(finished) == [[60, 60]]
    assert weights(api_a.routine(routine["id"])) == [[60, 60]]


def test_double_progression_otherwise_takes_the_weight_actually_used(
    api_a, make_routine, exercise_id, unique
):
    routine = _one_exercise_routine(
        make_routine,
        exercise_id,
        unique,
        "DOUBLE_PROGRESSION",
        2.5,
        [fixed_set(1, 10, 60), fixed_set(2, 10, 60)],
    )
    slot = routine["days"][0]["exercises"][0]
    session = api_a.start(routine)
    api_a.log_set(session["id"], slot, 1, reps=10, weight=62.5, isCompleted=True)
    api_a.log_set(session["id"], slot, 2, reps=8, weight=60, isCompleted=True)

    api_a.finish(session["id"], "COMPLETED")

    assert weights(api_a.routine(routine["id"])) == [[62.5, 60]]


def test_dynamic_double_progression_raises_each_set_that_reached_its_target(
    api_a, make_routine, exercise_id, unique
):
    routine = _one_exercise_routine(
        make_routine,
        exercise_id,
        unique,
        "DYNAMIC_DOUBLE_PROGRESSION",
        1,
        [range_set(1, 10, 15, 15), range_set(2, 10, 15, 15)],
    )
    slot = routine["days"][0]["exercises"][0]
    session = api_a.start(routine)
    api_a.log_set(session["id"], slot, 1, reps=15, weight=15, isCompleted=True)
    api_a.log_set(session["id"], slot, 2, reps=12, weight=15, isCompleted=True)

    finished = api_a.finish(session["id"], "COMPLETED")

    assert weights(finished) == [[16, 15]]
    assert weights(api_a.routine(routine["id"])) == [[16, 15]]


def test_no_progression_scheme_keeps_the_prescription(api_a, make_routine, exercise_id, unique):
    routine = _one_exercise_routine(
        make_routine, exercise_id, unique, "NONE", 2.5, [fixed_set(1, 5, 100), fixed_set(2, 5, 100)]
    )
    slot = routine["days"][0]["exercises"][0]
    session = api_a.start(routine)
    api_a.log_set(session["id"], slot, 1, reps=5, weight=100, isCompleted=True)
    api_a.log_set(session["id"], slot, 2, reps=5, weight=100, isCompleted=True)

    api_a.finish(session["id"], "COMPLETED")

    assert weights(api_a.routine(routine["id"])) == [[100, 100]]


def test_progression_carries_into_the_next_session_of_that_day(api_a, workout):
    routine, session, bench, curl = workout
    _log_sample_workout(api_a, session, bench, curl)
    api_a.finish(session["id"], "COMPLETED")

    next_session = api_a.start(routine)

    assert next_session["reused"] is False
    assert weights(api_a.session(next_session["id"])) == [[65, 62.5], [20]]
