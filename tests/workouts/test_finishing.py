"""Finishing (with a summary and what progressed), discarding, and a finished session being read-only."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.core.cache import cache

from tests.contract.contract_kit import weights
from tests.workouts.lifters import HTMX, Lifter, log_done, row_fields, set_url
from workouts.presenters import row_dom_id


@pytest.fixture
def session_id(lifter: Lifter) -> str:
    return lifter.start(lifter.monday)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_finishing_with_sets_left_asks_first(lifter: Lifter, session_id: str) -> None:
    log_done(lifter, session_id, lifter.bench, 1, "60", "12")

    response = lifter.client.post(f"/workouts/{session_id}/finish", {"notes": "short on time"})
    as_dialog = lifter.client.post(f"/workouts/{session_id}/finish", {"notes": "short on time"}, headers=HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "You have 2 sets left. Finish anyway?" in page
    assert 'name="confirm" value="on"' in page and "short on time</textarea>" in page
    dialog = as_dialog.content.decode()
    assert dialog.lstrip().startswith("<dialog") and "You have 2 sets left" in dialog
    assert lifter.api.session(session_id)["status"] == "IN_PROGRESS"


def test_finishing_without_javascript_names_a_set_typed_but_not_saved_before_dropping_it(
    lifter: Lifter, session_id: str
) -> None:
    for slot in lifter.monday["exercises"]:
        for prescribed in slot["sets"]:
            log_done(lifter, session_id, slot, prescribed["setNumber"], "60", "12")
    fields = row_fields(
        lifter.client.get(f"/workouts/{session_id}").content.decode(), session_id, lifter.bench, 2
    )
    lifter.client.post(
        set_url(session_id, lifter.bench, 2), {**fields, "weight": "6o", "reps": "12", "toggle": "1"}
    )

    asked = lifter.client.post(f"/workouts/{session_id}/finish", {"notes": ""})  # every set was done once

    page = _text(asked.content.decode())
    assert asked.status_code == 200 and lifter.api.session(session_id)["status"] == "IN_PROGRESS"
    assert "A set is typed but not saved:" in page
    assert "Bench Press, set 2 Weight “6o”, reps “12”." in page
    assert "Enter the weight as a number, like 62.5." in page
    assert f'href="/workouts/{session_id}#{row_dom_id(lifter.bench["id"], 2)}"' in asked.content.decode()
    assert "Finish without it" in page
    finished = lifter.client.post(f"/workouts/{session_id}/finish", {"confirm": "on"})
    assert finished.status_code == 302 and lifter.api.session(session_id)["status"] == "COMPLETED"


def test_finishing_when_confirmed_completes_even_with_sets_left(lifter: Lifter, session_id: str) -> None:
    response = lifter.client.post(f"/workouts/{session_id}/finish", {"confirm": "on"})

    assert response.status_code == 302 and response["Location"] == f"/workouts/{session_id}"
    assert lifter.api.session(session_id)["status"] == "COMPLETED"


def test_a_finish_that_fails_keeps_the_notes_and_finishes_on_the_next_try(
    lifter: Lifter, session_id: str
) -> None:
    lifter.backend.add_fault("/api/workouts/sessions/*/finish", "status", method="PATCH", status=500)
    notes = {"notes": "new belt, felt solid", "confirm": "on"}  # from the dialog, or the page without JS

    failed = lifter.client.post(f"/workouts/{session_id}/finish", notes)
    from_the_page = lifter.client.post(f"/workouts/{session_id}/finish", notes, headers=HTMX)
    lifter.backend.clear_faults()
    again = lifter.client.post(f"/workouts/{session_id}/finish", notes)

    page = _text(failed.content.decode())
    assert failed.status_code == 200 and "new belt, felt solid</textarea>" in failed.content.decode()
    assert "Not finished yet — your notes are kept. Try again." in page
    assert "Failed to finish workout. A server error occurred. Please try again later" in page  # the toast
    assert from_the_page.status_code == 502 and "HX-Redirect" not in from_the_page  # the page keeps its form
    assert again.status_code == 302
    finished = lifter.api.session(session_id)
    assert (finished["status"], finished["notes"]) == ("COMPLETED", "new belt, felt solid")


def test_finishing_shows_the_summary_with_what_progressed_for_next_time(
    lifter: Lifter, session_id: str
) -> None:
    log_done(lifter, session_id, lifter.bench, 1, "60", "12")
    log_done(lifter, session_id, lifter.bench, 2, "60", "10")
    log_done(lifter, session_id, lifter.curl, 1, "22.5", "12")

    response = lifter.client.post(f"/workouts/{session_id}/finish", {"notes": "felt strong"})
    before = len(lifter.backend.api_calls())
    summary = _text(lifter.client.get(response["Location"]).content.decode())

    assert response.status_code == 302
    assert lifter.calls_since(before) == []  # the finish's own answer is the summary's session
    after = weights(lifter.api.routine(lifter.routine["id"]))  # what the real backend progressed to
    assert after == [[62.5, 62.5], [22.5]]
    assert "Workout complete" in summary and "Workout saved. Great work!" in summary
    assert "Sets done 3 / 3" in summary
    assert "Volume 1,590 kg" in summary  # 60×12 + 60×10 + 22.5×12
    assert "Bench Press: 60 → 62.5 kg" in summary and "Barbell Curl: 20 → 22.5 kg" in summary
    assert "Bench Press 60 kg × 12" in summary and "Barbell Curl 22.5 kg × 12" in summary
    assert "felt strong" in summary
    assert re.search(r"Duration \d+ (s|min)", summary)


def test_a_finished_session_opened_at_its_url_is_read_only(lifter: Lifter, session_id: str) -> None:
    log_done(lifter, session_id, lifter.bench, 1, "60", "12")
    lifter.api.finish(session_id, "COMPLETED")  # e.g. finished on another device
    cache.clear()  # opened later, once this server's copy of the session is no longer fresh

    page = lifter.client.get(f"/workouts/{session_id}").content.decode()

    assert "Workout complete" in page and "Bench Press" in _text(page)
    assert "<input" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "data-set-row" not in page and "Finish workout" not in page
    assert "Sets done 1 / 3" in _text(page)


def test_saving_a_set_of_a_session_finished_elsewhere_says_so_and_links_its_record(
    lifter: Lifter, session_id: str
) -> None:
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    fields = row_fields(page, session_id, lifter.bench, 1)
    lifter.api.finish(session_id, "COMPLETED")  # on another device

    response = lifter.client.post(set_url(session_id, lifter.bench, 1), {**fields, "reps": "5"}, headers=HTMX)
    without_js = lifter.client.post(set_url(session_id, lifter.bench, 1), {**fields, "reps": "5"})

    # htmx: no toast and no Retry to offer; the page's script says it once and links the record.
    assert response.status_code == 409 and response["X-Set-Outcome"] == "finished"
    assert response["X-Record-URL"] == f"/workouts/{session_id}" and "HX-Trigger" not in response
    assert without_js.status_code == 302 and without_js["Location"] == f"/workouts/{session_id}"
    record = lifter.client.get(without_js["Location"]).content.decode()
    assert "This workout was finished on another device." in record and "data-set-row" not in record


def test_discarding_asks_first_then_ends_the_session_without_progression(
    lifter: Lifter, session_id: str
) -> None:
    log_done(lifter, session_id, lifter.bench, 1, "60", "12")

    confirm = lifter.client.get(f"/workouts/{session_id}/discard").content.decode()
    response = lifter.client.post(f"/workouts/{session_id}/discard")

    assert "Discard workout?" in confirm and f'action="/workouts/{session_id}/discard"' in confirm
    assert response.status_code == 302 and response["Location"] == "/routines/"
    assert lifter.api.session(session_id)["status"] == "ABORTED"
    assert weights(lifter.api.routine(lifter.routine["id"])) == [[60, 60], [20]]
    assert "The workout was discarded." in lifter.client.get("/routines/").content.decode()
    assert "Workout discarded" in lifter.client.get(f"/workouts/{session_id}").content.decode()


def test_finish_notes_longer_than_500_characters_are_refused_before_the_backend(
    lifter: Lifter, session_id: str
) -> None:
    before = len(lifter.backend.api_calls())

    response = lifter.client.post(f"/workouts/{session_id}/finish", {"notes": "x" * 501, "confirm": "on"})

    assert response.status_code == 200
    assert "Keep the notes under 500 characters" in response.content.decode()
    assert not [call for call in lifter.calls_since(before) if call.startswith("PATCH")]


def test_finish_and_discard_pages_say_they_vary_with_htmx(lifter: Lifter, session_id: str) -> None:
    for action in ("finish", "discard"):
        response = lifter.client.get(f"/workouts/{session_id}/{action}")
        assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("sent_from", ["the dialog", "the page with htmx", "the page without JavaScript"])
def test_finish_notes_sent_after_the_sign_in_ended_are_back_after_signing_in_again(
    lifter: Lifter, session_id: str, sent_from: str
) -> None:
    page_url, finish_url = f"/workouts/{session_id}", f"/workouts/{session_id}/finish"
    back_to = finish_url if sent_from == "the page without JavaScript" else page_url  # where the form was
    headers = {"Referer": f"http://testserver{back_to}"}
    if sent_from == "the page with htmx":
        headers = {**HTMX, "HX-Current-URL": f"http://testserver{page_url}"}
    lifter.backend.control("POST", f"/users/{lifter.account['email']}/revoke-sessions")  # e.g. signed out

    sent = lifter.client.post(finish_url, {"notes": "grip gave out", "confirm": "on"}, headers=headers)
    to_login = sent.get("HX-Redirect") or sent["Location"]
    lifter.client.post(to_login, {"email": lifter.account["email"], "password": lifter.account["password"]})

    assert unquote(to_login) == f"/login?next={back_to}"
    assert "grip gave out</textarea>" in lifter.client.get(back_to).content.decode()
    assert "grip gave out" not in lifter.client.get(back_to).content.decode()  # shown once, still to finish
