"""The app against production's quirks (the local backend in its default, production-like mode): a set saved
without reps (`reps: null` in the PUT answer) and a session aborted by the idle sweep (`durationSec: null`,
`endedAt` two days after the last set), in the live page, history, the record and the summary."""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache

from tests.history.kit import item_html, text_of
from tests.workouts.lifters import HTMX, Lifter, log_done, row_fields, row_html, set_url


def _sweep_after_two_days(lifter: Lifter) -> None:
    lifter.backend.age_workout_sessions(lifter.account["email"], 49 * 3600)
    assert lifter.backend.sweep_idle_sessions() == 1
    cache.clear()  # two days have passed: nothing the app cached then is fresh now


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_a_set_saved_without_reps_keeps_its_weight_and_reads_as_no_reps(lifter: Lifter) -> None:
    session_id = lifter.start()
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    fields = row_fields(page, session_id, lifter.bench, 2)

    saved = lifter.client.post(
        set_url(session_id, lifter.bench, 2), {**fields, "weight": "57.5", "reps": ""}, headers=HTMX
    )

    assert saved.status_code == 200
    [log] = lifter.session(session_id)["setLogs"]
    assert (log["weight"], log["reps"]) == (57.5, 0)  # the PUT answered reps null; the session reads 0
    row = row_html(lifter.client.get(f"/workouts/{session_id}").content.decode(), lifter.bench, 2)
    assert 'value="57.5"' in row
    assert 'name="reps"' in row and 'value="0"' not in row.split('name="reps"', 1)[1].split(">", 1)[0]
    log_done(lifter, session_id, lifter.bench, 1, "60", "12")
    finished = lifter.client.post(f"/workouts/{session_id}/finish", {"confirm": "on"}, follow=True)
    summary = text_of(finished.content.decode())
    assert finished.status_code == 200 and "Workout complete" in summary
    assert "Sets done 1 / 3" in summary


def test_a_swept_session_reads_as_closed_automatically_without_a_made_up_duration(lifter: Lifter) -> None:
    session_id = lifter.start()
    log_done(lifter, session_id, lifter.bench, 1, "60", "12")
    _sweep_after_two_days(lifter)
    swept = lifter.session(session_id)
    assert (swept["status"], swept["durationSec"]) == ("ABORTED", None)

    record = lifter.client.get(f"/workouts/{session_id}")
    history = lifter.client.get("/workouts/history?status=aborted").content.decode()
    home = lifter.client.get("/").content.decode()

    assert record.status_code == 200
    text = text_of(record.content.decode())
    assert "Closed automatically after 48 hours without activity" in text
    last_set = _moment(swept["lastActivityAt"])
    assert f"–{last_set:%H:%M} Aborted" in text, "the record ends at the last set, not at the sweep"
    assert " h " not in text.split("Duration", 1)[1].split("Sets done", 1)[0], "no two-day duration"
    assert "Sets done 1 / 3" in text and "12" in text
    item = text_of(item_html(history, session_id))
    assert "Aborted" in item and "Duration" not in item, item
    assert "Workout in progress" not in home
