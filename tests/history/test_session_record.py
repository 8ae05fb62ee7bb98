"""/workouts/<id> for a finished session: one read-only page with the header, the totals computed from the
real set logs, and planned against performed for every set."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.test import Client

from tests.history.kit import Demo, moment, text_of
from tests.workouts.lifters import HTMX, Lifter, row_fields, set_url


def _rows(page: str) -> list[dict[str, object]]:
    """Every set row of the "Set by set" tables: exercise, set, planned, reps, weight, RPE, done (as read:
    the no-break space in "60 kg" reads as a space)."""
    rows = []
    for block in re.findall(r'<div class="record-exercise">(.*?)</table>', page, re.S):
        name = text_of(re.search(r"<h3[^>]*>(.*?)</h3>", block).group(1))  # type: ignore[union-attr]
        for row_class, row in re.findall(r'<tr class="record-row([^"]*)" role="row">(.*?)</tr>', block, re.S):
            cells = [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            rows.append(
                {
                    "exercise": name,
                    "set": cells[0].replace("Set ", ""),
                    "planned": cells[1],
                    "reps": cells[2],
                    "weight": cells[3],
                    "rpe": cells[4],
                    "done": "is-done" in row_class,
                }
            )
    return rows


def _kg(value: float | None) -> str:
    return "–" if value is None else f"{value:g} kg"


def _done(lifter: Lifter, session_id: str, slot: dict, set_number: int, **values: str) -> None:
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    fields = row_fields(page, session_id, slot, set_number)
    response = lifter.client.post(set_url(session_id, slot, set_number), {**fields, **values}, headers=HTMX)
    assert response.status_code == 200


def test_a_finished_session_shows_header_totals_and_every_set_from_the_real_numbers(demo: Demo) -> None:
    listed = demo.sessions()
    item = next(s for s in listed if s["status"] == "COMPLETED" and s.get("notes"))
    session = demo.api.session(item["id"])

    page = demo.client.get(f"/workouts/{item['id']}").content.decode()

    done = [log for log in session["setLogs"] if log["isCompleted"]]
    planned = [(e["id"], s["setNumber"]) for e in session["routineDay"]["exercises"] for s in e["sets"]]
    volume = sum(log["weight"] * log["reps"] for log in done)
    started, ended = moment(session["startedAt"]), moment(session["endedAt"])
    assert started and ended
    text = text_of(page)
    assert f"{item['routine']['name']} · {item['routine']['dayName']}" in text
    assert f"{started:%a} {started.day} {started:%b %Y}, {started:%H:%M}–{ended:%H:%M} Completed" in text
    assert f"Duration {session['durationSec'] // 60} min" in text
    assert f"Sets done {len(done)} / {len(planned)}" in text
    assert f"Volume {round(volume):,} kg" in text
    assert session["notes"] in text
    assert "<input" not in page.split("<main", 1)[1]  # read-only
    assert "Planned weights are what the routine prescribes today." in text  # the backend keeps no older plan

    logs = {(log["routineExerciseId"], log["setNumber"]): log for log in session["setLogs"]}
    expected = []
    for exercise in sorted(session["routineDay"]["exercises"], key=lambda e: e["order"]):
        for prescribed in exercise["sets"]:
            log = logs[(exercise["id"], prescribed["setNumber"])]
            reps = (
                f"{prescribed['minReps']}–{prescribed['maxReps']}"
                if prescribed["repType"] == "RANGE"
                else str(prescribed["reps"])
            )
            target = f"{reps} × {_kg(prescribed['weight'])}" if prescribed["weight"] else f"{reps} reps"
            expected.append(
                {
                    "exercise": exercise["exercise"]["name"],
                    "set": str(prescribed["setNumber"]),
                    "planned": target,
                    "reps": str(log["reps"]),
                    "weight": _kg(log["weight"]),
                    "rpe": "–" if log["rpe"] is None else f"{log['rpe']:g}",
                    "done": True,
                }
            )
    assert _rows(page) == expected


def test_an_aborted_session_says_so_and_shows_the_sets_not_done(demo: Demo) -> None:
    item = next(s for s in demo.sessions() if s["status"] == "ABORTED")
    session = demo.api.session(item["id"])

    page = demo.client.get(f"/workouts/{item['id']}").content.decode()

    rows = _rows(page)
    assert "Workout discarded" in page and ">Aborted</span>" in page
    assert len(rows) == sum(len(e["sets"]) for e in session["routineDay"]["exercises"])
    assert sum(row["done"] for row in rows) == len(session["setLogs"]) < len(rows)
    assert {"reps": "–", "weight": "–", "rpe": "–", "done": False}.items() <= next(
        row for row in rows if not row["done"]
    ).items()


def test_a_session_finished_here_compares_with_the_plan_as_it_was(lifter: Lifter, client_for) -> None:  # type: ignore[no-untyped-def]
    session_id = lifter.start(lifter.monday)
    _done(lifter, session_id, lifter.bench, 1, weight="60", reps="12", rpe="8", toggle="1")
    _done(lifter, session_id, lifter.bench, 2, weight="60", reps="10", toggle="1")
    _done(lifter, session_id, lifter.curl, 1, weight="22.5", reps="9")  # typed, never marked done
    lifter.client.post(f"/workouts/{session_id}/finish", {"confirm": "on", "notes": "solid"})

    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    cache.clear()
    elsewhere = client_for(lifter.account).get(f"/workouts/{session_id}").content.decode()  # another device

    assert _rows(page) == [
        {
            "exercise": "Bench Press",
            "set": "1",
            "planned": "8–12 × 60 kg",
            "reps": "12",
            "weight": "60 kg",
            "rpe": "8",
            "done": True,
        },
        {
            "exercise": "Bench Press",
            "set": "2",
            "planned": "10 × 60 kg",
            "reps": "10",
            "weight": "60 kg",
            "rpe": "–",
            "done": True,
        },
        {
            "exercise": "Barbell Curl",
            "set": "1",
            "planned": "12 × 20 kg",
            "reps": "9",
            "weight": "22.5 kg",
            "rpe": "–",
            "done": False,
        },
    ]
    assert "Sets done 2 / 3" in text_of(page) and "Volume 1,320 kg" in text_of(page)  # 60×12 + 60×10
    assert "prescribes today" not in page  # the plan as it was is known: finishing here recorded it
    # Elsewhere only the routine as it is now is known (bench progressed to 62.5), and the page says so.
    assert _rows(elsewhere)[0]["planned"] == "8–12 × 62.5 kg"
    assert "Planned weights are what the routine prescribes today." in text_of(elsewhere)


def test_pounds_for_a_user_who_lifts_in_pounds(make_lifter) -> None:  # type: ignore[no-untyped-def]
    lifter: Lifter = make_lifter(weight_unit="LB")
    session_id = lifter.start(lifter.monday)
    _done(lifter, session_id, lifter.bench, 1, weight="135", reps="10", toggle="1")
    _done(lifter, session_id, lifter.bench, 2, weight="132.5", reps="10", toggle="1")  # as prescribed
    _done(lifter, session_id, lifter.curl, 1, weight="46.25", reps="12", toggle="1")  # not on a 0.5 lb step
    lifter.client.post(f"/workouts/{session_id}/finish", {"confirm": "on"})

    page = lifter.client.get(f"/workouts/{session_id}").content.decode()

    assert _rows(page)[0]["weight"] == "135 lb" and _rows(page)[0]["planned"] == "8–12 × 132.5 lb"
    assert [row["weight"] for row in _rows(page)[1:]] == ["132.5 lb", "46.25 lb"]  # as typed
    assert "Volume 3,228 lb" in text_of(page)  # 135 × 10 + 60 kg (132.28 lb) × 10 + 46.25 × 12


def test_the_finished_session_page_costs_the_session_and_the_bar(demo: Demo, signed_in: Client) -> None:
    item = demo.sessions()[0]
    demo.backend.reset()

    signed_in.get(f"/workouts/{item['id']}")
    first = demo.backend.api_calls()
    demo.backend.reset()
    signed_in.get(f"/workouts/{item['id']}")

    assert sorted(first) == sorted(
        [f"GET /api/workouts/sessions/{item['id']}", "GET /api/workouts/sessions/active"]
    )
    assert demo.backend.api_calls() == []
