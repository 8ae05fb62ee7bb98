"""What routine changes do to workout history, and how the flag filters read their values.

Measured on production (api-contract.md, "Measured on the production backend"): any PATCH of a routine
erases the set logs of its sessions, a PATCH with `days` recreates the structure and deletes the sessions,
DELETE takes the sessions with it, and the flag toggles and exercise notes leave history alone. The quirks
are named as such; the local backend models each by default and can switch it off (`quirksOff`).
"""

import pytest

from tests.contract.contract_kit import assert_error

pytestmark = pytest.mark.contract


def _finished_with_logs(api, routine):
    """A COMPLETED session of the routine's first day with two logged sets: (session id, its set logs)."""
    session = api.start(routine)
    bench = routine["days"][0]["exercises"][0]
    api.log_set(session["id"], bench, 1, reps=12, weight=60, isCompleted=True)
    api.log_set(session["id"], bench, 2, reps=10, weight=60, isCompleted=True)
    api.finish(session["id"], "COMPLETED")
    logs = api.session(session["id"])["setLogs"]
    assert len(logs) == 2
    return session["id"], logs


def _history_ids(api, routine):
    return [item["id"] for item in api.list_all_sessions(routineId=routine["id"], limit=50)]


# --- PATCH /routines/:id ----------------------------------------------------------------------------


def test_quirk_renaming_a_routine_erases_the_set_logs_of_its_past_sessions(api_a, make_routine):
    routine = make_routine()
    session_id, _ = _finished_with_logs(api_a, routine)

    renamed = api_a.ok("PATCH", f"/routines/{routine['id']}", {"name": routine["name"] + " renamed"})

    assert renamed["name"] == routine["name"] + " renamed"
    after = api_a.session(session_id)
    assert after["status"] == "COMPLETED", "the session itself stays"
    assert after["setLogs"] == [], "production erases every set log of the routine's sessions"
    assert session_id in _history_ids(api_a, routine)


def test_quirk_patching_days_gives_new_ids_and_deletes_the_routines_sessions(api_a, make_routine):
    routine = make_routine()
    session_id, _ = _finished_with_logs(api_a, routine)
    same_days = [
        {
            "dayOfWeek": day["dayOfWeek"],
            "order": day["order"],
            "exercises": [
                {
                    "exerciseId": slot["exercise"]["id"],
                    "order": slot["order"],
                    "restSeconds": slot["restSeconds"],
                    "progressionScheme": slot["progressionScheme"],
                    "minWeightIncrement": slot["minWeightIncrement"],
                    "sets": [
                        {key: value for key, value in s.items() if value is not None} for s in slot["sets"]
                    ],
                }
                for slot in day["exercises"]
            ],
        }
        for day in routine["days"]
    ]

    patched = api_a.ok("PATCH", f"/routines/{routine['id']}", {"days": same_days})

    old_days = {day["id"] for day in routine["days"]}
    old_slots = {slot["id"] for day in routine["days"] for slot in day["exercises"]}
    assert [day["dayOfWeek"] for day in patched["days"]] == [day["dayOfWeek"] for day in routine["days"]]
    assert not old_days & {day["id"] for day in patched["days"]}, "every day has a new id"
    assert not old_slots & {slot["id"] for day in patched["days"] for slot in day["exercises"]}
    assert_error(api_a.get(f"/workouts/sessions/{session_id}"), 404, "Workout session not found")
    assert _history_ids(api_a, routine) == []


def test_a_rejected_patch_leaves_history_alone(api_a, make_routine):
    routine = make_routine()
    session_id, logs = _finished_with_logs(api_a, routine)

    assert_error(api_a.patch(f"/routines/{routine['id']}", {"name": "x", "foo": 1}), 400)

    assert api_a.session(session_id)["setLogs"] == logs


# --- DELETE, toggles, notes ---------------------------------------------------------------------------


def test_deleting_a_routine_deletes_its_sessions(api_a, make_routine):
    routine = make_routine()
    session_id, _ = _finished_with_logs(api_a, routine)

    assert api_a.delete(f"/routines/{routine['id']}").status_code in (200, 204)

    assert_error(api_a.get(f"/workouts/sessions/{session_id}"), 404, "Workout session not found")
    assert session_id not in [item["id"] for item in api_a.list_all_sessions(limit=50)]


def test_favorite_completed_and_note_leave_history_alone(api_a, make_routine):
    routine = make_routine()
    session_id, logs = _finished_with_logs(api_a, routine)
    slot = routine["days"][0]["exercises"][0]

    api_a.ok("PATCH", f"/routines/{routine['id']}/favorite", {"isFavorite": True})
    api_a.ok("PATCH", f"/routines/{routine['id']}/completed", {"isCompleted": True})
    api_a.ok("PATCH", f"/routines/{routine['id']}/exercises/{slot['id']}/note", {"note": "slow down"})
    api_a.ok("PATCH", f"/routines/{routine['id']}/completed", {"isCompleted": False})

    after = api_a.session(session_id)
    assert after["setLogs"] == logs
    assert session_id in _history_ids(api_a, routine)


# --- flags read as JavaScript truthiness -----------------------------------------------------------


@pytest.mark.parametrize(("flag", "toggle"), [("isFavorite", "favorite"), ("isCompleted", "completed")])
def test_quirk_a_false_flag_filter_lists_the_flagged_routines(api_a, make_routine, flag, toggle):
    flagged, plain = make_routine(), make_routine()
    api_a.ok("PATCH", f"/routines/{flagged['id']}/{toggle}", {flag: True})

    listed = [r["id"] for r in api_a.ok("GET", "/routines", params={flag: "false"})]

    assert flagged["id"] in listed, f"{flag}=false reads as true"
    assert plain["id"] not in listed


@pytest.mark.parametrize(("flag", "toggle"), [("isFavorite", "favorite"), ("isCompleted", "completed")])
def test_quirk_the_string_false_sets_a_flag(api_a, make_routine, flag, toggle):
    routine = make_routine()

    body = api_a.ok("PATCH", f"/routines/{routine['id']}/{toggle}", {flag: "false"})

    assert body[flag] is True
    assert api_a.routine(routine["id"])[flag] is True


# --- the local backend's switches --------------------------------------------------------------------


def test_with_the_quirks_off_a_patch_keeps_history_and_ids(control, api_a, make_routine):
    control.configure(
        quirksOff=["routine-patch-erases-set-logs", "routine-patch-days-new-ids", "truthy-flags"]
    )
    routine = make_routine()
    session_id, logs = _finished_with_logs(api_a, routine)
    days = api_a.routine(routine["id"])["days"]
    body = [
        {
            "dayOfWeek": day["dayOfWeek"],
            "order": day["order"],
            "exercises": [
                {
                    "exerciseId": slot["exercise"]["id"],
                    "sets": [
                        {key: value for key, value in s.items() if value is not None} for s in slot["sets"]
                    ],
                }
                for slot in day["exercises"]
            ],
        }
        for day in days
    ]

    patched = api_a.ok("PATCH", f"/routines/{routine['id']}", {"name": "kept", "days": body})

    assert [day["id"] for day in patched["days"]] == [day["id"] for day in days]
    assert api_a.session(session_id)["setLogs"] == logs
    plain = api_a.ok("GET", "/routines", params={"isFavorite": "false"})
    assert routine["id"] in [r["id"] for r in plain]
