"""The session page and its set rows: one backend call per save, nothing typed lost, pounds for LB users."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest

from tests.auth_kit import make_renewal_due
from tests.workouts.lifters import HTMX, Lifter, input_value, row_action, row_fields, row_html, set_url
from workouts.presenters import row_dom_id


@pytest.fixture
def session_id(lifter: Lifter) -> str:
    return lifter.start(lifter.monday)


def _page(lifter: Lifter, session_id: str) -> str:
    response = lifter.client.get(f"/workouts/{session_id}")
    assert response.status_code == 200
    return response.content.decode()


def _save(lifter: Lifter, session_id: str, slot: dict, set_number: int, htmx: bool = True, **values: str):  # type: ignore[no-untyped-def]
    page = _page(lifter, session_id)
    fields = row_fields(page, session_id, slot, set_number)
    before = len(lifter.backend.api_calls())
    response = lifter.client.post(
        row_action(page, session_id, slot, set_number),
        {"completed": fields["completed"], **values},
        headers=HTMX if htmx else None,
    )
    return response, lifter.calls_since(before)


def test_the_page_shows_the_day_with_each_prescription_prefilled(lifter: Lifter, session_id: str) -> None:
    page = _page(lifter, session_id)

    assert "Push Pull A" in page and "· Monday" in page
    assert "Bench Press" in page and "Pectoral · Rest 2 min" in page and "pause first rep" in page
    assert "Barbell Curl" in page and "Biceps · Rest 1 min 30 s" in page
    first = row_html(page, lifter.bench, 1)
    assert "8–12 × 60\u00a0kg" in first and "RIR 2" in first
    assert input_value(first, "weight") == "60" and input_value(first, "reps") == "12"
    # Text inputs (no type: text) with a decimal keypad: a number input reads a typed "62,5" as 625 in an
    # English browser.
    assert re.search(r'<input name="weight" (?![^>]*type=)[^>]*inputmode="decimal"', first)
    assert 'inputmode="numeric"' in first
    # Each row posts to its page, which set in the query (its reference, workouts.slots).
    assert (
        'method="post"' in first
        and f'action="?s={row_fields(page, session_id, lifter.bench, 1)["slot"]}"' in first
    )
    assert "10 × 60\u00a0kg" in row_html(page, lifter.bench, 2)
    assert 'max="3" value="0"' in page and "/ <span data-progress-total>3</span> sets" in page


def test_the_page_costs_two_calls_then_none_while_fresh(lifter: Lifter, session_id: str) -> None:
    before = len(lifter.backend.api_calls())
    _page(lifter, session_id)
    first_load = lifter.calls_since(before)
    before = len(lifter.backend.api_calls())
    _page(lifter, session_id)

    # The session and its routine ("last time" and records come from the training index, in the cache).
    assert sorted(first_load) == [
        f"GET /api/routines/{lifter.routine['id']}",
        f"GET /api/workouts/sessions/{session_id}",
    ]
    assert lifter.calls_since(before) == []  # the banner is not on this page, the rest is cached


def test_saving_a_set_makes_one_backend_call_and_answers_with_the_row_and_the_progress_event(
    lifter: Lifter, session_id: str
) -> None:
    typed = {"weight": "62.5", "reps": "11", "rpe": "8.5"}
    response, calls = _save(lifter, session_id, lifter.bench, 1, **typed, toggle="1")

    assert calls == [f"PUT /api/workouts/sessions/{session_id}/set-logs"]
    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith(f'<form id="{row_dom_id(lifter.bench["id"], 1)}"')
    assert 'data-state="saved"' in row and 'aria-pressed="true"' in row
    assert 'name="completed" value="1"' in row
    assert {name: input_value(row, name) for name in typed} == typed
    assert json.loads(response["HX-Trigger"])["set-saved"] == {
        "key": f"{session_id}:{lifter.bench['id']}:1",
        "completed": True,
    }
    (log,) = lifter.session(session_id)["setLogs"]
    assert (log["weight"], log["reps"], log["rpe"], log["isCompleted"]) == (62.5, 11, 8.5, True)


def test_the_saved_set_and_progress_are_on_the_page_after_a_reload(lifter: Lifter, session_id: str) -> None:
    _save(lifter, session_id, lifter.curl, 1, weight="22.5", reps="12", toggle="1")

    page = _page(lifter, session_id)

    row = row_html(page, lifter.curl, 1)
    assert input_value(row, "weight") == "22.5" and 'aria-pressed="true"' in row and ">Saved<" in row
    assert 'max="3" value="1"' in page
    assert 'data-rest-seconds="90"' in page  # the rest timer restarts from this set's completion


def test_a_saves_answer_is_the_row_the_page_then_shows(lifter: Lifter, session_id: str) -> None:
    # The script adopts parts of the answer into the page's row: both are the one partial, byte for byte
    # (each response masks the CSRF token anew).
    def same_token(html: str) -> str:
        return re.sub(r'(name="csrfmiddlewaretoken" value=)"[^"]+"', r'\1""', html)

    response, _ = _save(lifter, session_id, lifter.bench, 1, weight="62,5", reps="9", rpe="8", toggle="1")
    answer = response.content.decode().strip()

    assert same_token(answer) == same_token(row_html(_page(lifter, session_id), lifter.bench, 1))
    assert "Per side: 20 + 1.25 (20 kg bar)" in answer and 'data-state="saved"' in answer


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"reps": "8.5"}, "Reps must be a whole number from 0 to 100."),
        ({"reps": "101"}, "Reps must be a whole number from 0 to 100."),
        ({"weight": "1000.5"}, "Weight must be between 0 and 1000 kg."),
        ({"weight": "-5"}, "Weight must be between 0 and 1000 kg."),
        ({"weight": "heavy"}, "Enter the weight as a number, like 62.5."),
        ({"rpe": "11"}, "RPE must be a number from 1 to 10."),
        ({"rpe": "0"}, "RPE must be a number from 1 to 10."),
        ({"reps": "", "toggle": "1"}, "Enter the reps you did before marking the set done."),
    ],
)
def test_an_invalid_set_comes_back_with_the_typed_values_and_no_backend_call(
    lifter: Lifter, session_id: str, typed: dict, message: str
) -> None:
    values = {"weight": "60", "reps": "12", "rpe": "", **typed}

    response, calls = _save(lifter, session_id, lifter.bench, 1, **values)

    assert calls == []
    assert response.status_code == 422
    row = response.content.decode()
    assert message in row and 'data-state="invalid"' in row
    for name in ("weight", "reps", "rpe"):
        assert input_value(row, name) == values[name]


def test_without_javascript_a_set_saves_and_returns_to_its_row(lifter: Lifter, session_id: str) -> None:
    response, calls = _save(lifter, session_id, lifter.bench, 2, htmx=False, reps="10", toggle="1")

    assert calls == [f"PUT /api/workouts/sessions/{session_id}/set-logs"]
    assert response.status_code == 302
    assert response["Location"] == f"/workouts/{session_id}#{row_dom_id(lifter.bench['id'], 2)}"
    assert 'aria-pressed="true"' in row_html(_page(lifter, session_id), lifter.bench, 2)


def test_without_javascript_an_invalid_set_is_shown_again_with_what_was_typed(
    lifter: Lifter, session_id: str
) -> None:
    response, calls = _save(lifter, session_id, lifter.bench, 1, False, weight="61", reps="7.5", toggle="1")

    assert calls == [] and response.status_code == 302
    row = row_html(_page(lifter, session_id), lifter.bench, 1)
    assert "Reps must be a whole number from 0 to 100." in row
    assert input_value(row, "weight") == "61" and input_value(row, "reps") == "7.5"
    assert 'name="completed" value="1"' in row  # the intended "done" is kept too
    assert re.search(r'name="reps"[^>]*aria-invalid="true"', row)  # only the wrong input is outlined
    assert not re.search(r'name="weight"[^>]*aria-invalid', row)
    again = row_html(_page(lifter, session_id), lifter.bench, 1)  # a reload does not lose it either
    assert "Reps must be" in again and input_value(again, "reps") == "7.5"
    _save(lifter, session_id, lifter.bench, 1, False, weight="61", reps="7", toggle="1")
    fixed = row_html(_page(lifter, session_id), lifter.bench, 1)  # saved: the kept values are gone
    assert "Reps must be" not in fixed and input_value(fixed, "reps") == "7"


def test_without_javascript_a_failed_save_keeps_the_typed_values_and_offers_retry(
    lifter: Lifter, session_id: str
) -> None:
    lifter.backend.add_fault("/api/workouts/sessions/*/set-logs", "status", method="PUT", status=500)

    response, _ = _save(lifter, session_id, lifter.bench, 1, htmx=False, weight="65", reps="9", toggle="1")

    page = lifter.client.get(response["Location"]).content.decode()
    row = row_html(page, lifter.bench, 1)
    assert input_value(row, "weight") == "65" and input_value(row, "reps") == "9"
    assert "Not saved — your entry is kept." in row and ">Retry</button>" in row
    assert "A server error occurred. Please try again later" in page  # the toast
    lifter.backend.clear_faults()
    _save(lifter, session_id, lifter.bench, 1, htmx=False, weight="65", reps="9", completed="1")
    (log,) = lifter.session(session_id)["setLogs"]
    assert (log["weight"], log["reps"], log["isCompleted"]) == (65, 9, True)


def test_with_htmx_a_failed_save_answers_with_the_error_and_a_toast(lifter: Lifter, session_id: str) -> None:
    lifter.backend.add_fault("/api/workouts/sessions/*/set-logs", "status", method="PUT", status=500)

    response, _ = _save(lifter, session_id, lifter.bench, 1, weight="65", reps="9", toggle="1")

    assert response.status_code == 502
    (toast,) = json.loads(response["HX-Trigger"])["toasts"]
    assert toast["title"] == "Server Error"


def test_clearing_a_set_deletes_its_log_and_shows_the_prescription_again(
    lifter: Lifter, session_id: str
) -> None:
    _save(lifter, session_id, lifter.bench, 1, weight="70", reps="6", toggle="1")
    page = _page(lifter, session_id)
    assert 'name="clear" value="1"' in row_html(page, lifter.bench, 1)  # the row's Clear button
    before = len(lifter.backend.api_calls())

    response = lifter.client.post(row_action(page, session_id, lifter.bench, 1), {"clear": "1"}, headers=HTMX)

    assert lifter.calls_since(before) == [
        f"DELETE /api/workouts/sessions/{session_id}/set-logs/{lifter.bench['id']}/1"
    ]
    row = response.content.decode()
    assert input_value(row, "weight") == "60" and input_value(row, "reps") == "12"
    assert "data-state=" not in row  # empty: the default, left out
    assert json.loads(response["HX-Trigger"])["set-saved"]["completed"] is False
    assert lifter.session(session_id)["setLogs"] == []


def test_a_row_form_for_another_set_is_refused_without_a_backend_call(
    lifter: Lifter, session_id: str
) -> None:
    other = row_fields(_page(lifter, session_id), session_id, lifter.bench, 2)
    before = len(lifter.backend.api_calls())

    response = lifter.client.post(set_url(session_id, lifter.bench, 1), {**other, "reps": "5"}, headers=HTMX)

    assert response.status_code == 400 and lifter.calls_since(before) == []


def test_lb_users_see_and_type_pounds_and_the_backend_gets_kilograms(make_lifter) -> None:  # type: ignore[no-untyped-def]
    lifter = make_lifter(weight_unit="LB")
    session_id = lifter.start(lifter.monday)
    page = _page(lifter, session_id)
    assert "8–12 × 132.5\u00a0lb" in page and "12 × 44\u00a0lb" in page
    assert input_value(row_html(page, lifter.bench, 1), "weight") == "132.5"

    _save(lifter, session_id, lifter.bench, 1, weight="132.5", reps="12", toggle="1")  # as prescribed
    response, _ = _save(lifter, session_id, lifter.bench, 2, weight="135", reps="10", toggle="1")
    invalid, calls = _save(lifter, session_id, lifter.curl, 1, weight="2205", reps="12")

    logs = {log["setNumber"]: log["weight"] for log in lifter.session(session_id)["setLogs"]}
    assert logs == {1: 60, 2: pytest.approx(135 * 0.45359237, abs=0.001)}
    assert input_value(response.content.decode(), "weight") == "135"
    assert "Weight must be between 0 and 2204.6 lb." in invalid.content.decode() and calls == []
    assert input_value(row_html(_page(lifter, session_id), lifter.bench, 2), "weight") == "135"


def test_a_typed_weight_comes_back_exactly_as_typed_in_kg_and_saving_it_again_keeps_it(
    lifter: Lifter, session_id: str
) -> None:
    response, _ = _save(lifter, session_id, lifter.bench, 1, weight="62.3", reps="10")
    assert input_value(response.content.decode(), "weight") == "62.3"
    row = row_html(_page(lifter, session_id), lifter.bench, 1)
    assert input_value(row, "weight") == "62.3"

    # Ticking done posts the row as it stands: the weight it shows, untouched.
    shown = input_value(row, "weight")
    again, _ = _save(lifter, session_id, lifter.bench, 1, weight=shown, reps="10", toggle="1")

    (log,) = lifter.session(session_id)["setLogs"]
    assert log["weight"] == 62.3 and log["isCompleted"]
    assert input_value(again.content.decode(), "weight") == "62.3"


def test_a_typed_weight_comes_back_exactly_as_typed_in_lb_and_saving_it_again_keeps_its_kilograms(
    make_lifter,  # type: ignore[no-untyped-def]
) -> None:
    lifter = make_lifter(weight_unit="LB")
    session_id = lifter.start(lifter.monday)
    response, _ = _save(lifter, session_id, lifter.curl, 1, weight="46.25", reps="12")
    (typed,) = lifter.session(session_id)["setLogs"]
    assert typed["weight"] == pytest.approx(46.25 * 0.45359237, abs=0.0005)
    assert input_value(response.content.decode(), "weight") == "46.25"
    row = row_html(_page(lifter, session_id), lifter.curl, 1)
    assert input_value(row, "weight") == "46.25"

    _save(lifter, session_id, lifter.curl, 1, weight=input_value(row, "weight"), reps="12", toggle="1")

    (again,) = lifter.session(session_id)["setLogs"]
    assert again["weight"] == typed["weight"] and again["isCompleted"]


def test_done_on_the_prescription_in_lb_shows_the_prescription_and_keeps_its_kilograms(
    make_lifter,  # type: ignore[no-untyped-def]
) -> None:
    lifter = make_lifter(weight_unit="LB")
    session_id = lifter.start(lifter.monday)
    prefilled = input_value(row_html(_page(lifter, session_id), lifter.bench, 1), "weight")
    assert prefilled == "132.5"  # 60 kg

    response, _ = _save(lifter, session_id, lifter.bench, 1, weight=prefilled, reps="12", toggle="1")
    assert input_value(response.content.decode(), "weight") == "132.5"  # not 132.277 lb
    row = row_html(_page(lifter, session_id), lifter.bench, 1)
    assert input_value(row, "weight") == "132.5"
    _save(lifter, session_id, lifter.bench, 1, weight=input_value(row, "weight"), reps="12", toggle="0")

    (log,) = lifter.session(session_id)["setLogs"]
    assert log["weight"] == 60 and not log["isCompleted"]


@pytest.mark.parametrize("found", ["by the backend", "when renewing the token"])
def test_without_javascript_a_set_typed_after_the_sign_in_ended_is_there_after_signing_in_again(
    lifter: Lifter, session_id: str, settings, found: str
) -> None:
    page_url = f"/workouts/{session_id}"
    fields = row_fields(lifter.client.get(page_url).content.decode(), session_id, lifter.bench, 1)
    lifter.backend.control("POST", f"/users/{lifter.account['email']}/revoke-sessions")  # e.g. signed out
    if found == "when renewing the token":
        make_renewal_due(lifter.client)  # the token is due for renewal, and the auth service refuses

    response = lifter.client.post(
        set_url(session_id, lifter.bench, 1),
        {**fields, "weight": "57.5", "reps": "10", "toggle": "1"},
        headers={"Referer": f"http://testserver{page_url}"},
    )
    assert unquote(response["Location"]) == f"/login?next=/workouts/{session_id}"  # sign in, then come back
    back = lifter.client.post(
        response["Location"],
        {"email": lifter.account["email"], "password": lifter.account["password"], "next": page_url},
    )
    assert back["Location"] == page_url

    row = row_html(lifter.client.get(page_url).content.decode(), lifter.bench, 1)
    assert input_value(row, "weight") == "57.5" and input_value(row, "reps") == "10"
    assert "Not saved — your entry is kept." in row


@pytest.mark.parametrize(("typed", "kg"), [("62,5", 62.5), ("62.5", 62.5), (" 100,25 ", 100.25)])
def test_a_comma_or_a_point_is_the_decimal_separator(
    lifter: Lifter, session_id: str, typed: str, kg: float
) -> None:
    response, calls = _save(lifter, session_id, lifter.bench, 1, weight=typed, reps="8")

    assert response.status_code == 200
    assert calls == [f"PUT /api/workouts/sessions/{session_id}/set-logs"]
    assert lifter.session(session_id)["setLogs"][0]["weight"] == kg


def test_a_comma_is_never_taken_for_a_thousands_separator(lifter: Lifter, session_id: str) -> None:
    response, calls = _save(lifter, session_id, lifter.bench, 1, weight="1,250.5", reps="8")

    assert response.status_code == 422
    assert "Enter the weight as a number, like 62.5." in response.content.decode()
    assert calls == []
