"""A set row posts to its own page with no CSRF field: the browser's word that it comes from this site stands
in for it, a token still works, and anything else is refused before any backend call. Pages opened before
rows posted to their page keep saving at the rows' old URLs."""

from __future__ import annotations

from django.test import Client

from tests.workouts.lifters import HTMX, Lifter, input_value, row_action, row_fields, row_html, set_url
from workouts.slots import Slot

SITE = "http://testserver"


def _browser(lifter: Lifter) -> Client:
    """The lifter's client with Django's CSRF checks on, as a browser meets them (tests skip them)."""
    lifter.client.handler.enforce_csrf_checks = True
    return lifter.client


def _page(client: Client, session_id: str) -> str:
    response = client.get(f"/workouts/{session_id}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_row_has_no_csrf_field_and_a_plain_post_from_the_page_saves(lifter: Lifter) -> None:
    session_id = lifter.start()
    client = _browser(lifter)
    page = _page(client, session_id)
    assert "csrfmiddlewaretoken" not in row_html(page, lifter.bench, 1)
    before = len(lifter.backend.api_calls())

    # What a browser sends for a form of this site's page, without JavaScript: no token, and its own headers.
    response = client.post(
        row_action(page, session_id, lifter.bench, 1),
        {"weight": "62.5", "reps": "10", "rpe": "", "toggle": "1"},
        headers={"Origin": SITE, "Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 302 and response["Location"].startswith(f"/workouts/{session_id}#s")
    assert lifter.calls_since(before) == [f"PUT /api/workouts/sessions/{session_id}/set-logs"]
    (log,) = lifter.session(session_id)["setLogs"]
    assert (log["weight"], log["reps"], log["isCompleted"]) == (62.5, 10, True)


BEACON = {
    "Origin": SITE,
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-Mode": "no-cors",
    "Sec-Fetch-Dest": "empty",
}


def test_a_set_sent_as_its_page_is_left_is_saved_and_answered_with_nothing(lifter: Lifter) -> None:
    # navigator.sendBeacon follows a redirect: answering with one would draw the session page for nobody.
    session_id = lifter.start()
    client = _browser(lifter)
    page = _page(client, session_id)
    before = len(lifter.backend.api_calls())

    response = client.post(
        row_action(page, session_id, lifter.bench, 1),
        {"weight": "62.5", "reps": "10", "rpe": "", "completed": "1", "version": "7"},
        headers=BEACON,
    )

    assert response.status_code == 204 and response.content == b""
    assert lifter.calls_since(before) == [f"PUT /api/workouts/sessions/{session_id}/set-logs"]
    (log,) = lifter.session(session_id)["setLogs"]
    assert (log["weight"], log["reps"], log["isCompleted"]) == (62.5, 10, True)


def test_a_set_sent_as_its_page_is_left_that_cannot_be_saved_is_there_when_the_page_opens(
    lifter: Lifter,
) -> None:
    session_id = lifter.start()
    client = _browser(lifter)
    page = _page(client, session_id)
    lifter.backend.add_fault("/api/workouts/sessions/*/set-logs", "status", method="PUT", status=500)

    response = client.post(
        row_action(page, session_id, lifter.bench, 1),
        {"weight": "65", "reps": "9", "rpe": "", "completed": "1", "version": "8"},
        headers=BEACON,
    )

    assert response.status_code == 204
    row = row_html(_page(client, session_id), lifter.bench, 1)
    assert input_value(row, "weight") == "65" and input_value(row, "reps") == "9"
    assert "Not saved — your entry is kept." in row


def test_the_script_saves_with_the_token_in_its_header(lifter: Lifter) -> None:
    session_id = lifter.start()
    client = _browser(lifter)
    page = _page(client, session_id)

    response = client.post(
        row_action(page, session_id, lifter.bench, 1),
        {"weight": "60", "reps": "12", "completed": "1", "version": "5"},
        headers={**HTMX, "X-CSRFToken": client.cookies["csrftoken"].value},
    )

    assert response.status_code == 200 and 'data-state="saved"' in response.content.decode()


def test_a_row_post_from_another_site_or_vouched_by_nothing_is_refused_without_a_call(lifter: Lifter) -> None:
    session_id = lifter.start()
    client = _browser(lifter)
    page = _page(client, session_id)
    action = row_action(page, session_id, lifter.bench, 1)
    values = {"weight": "200", "reps": "1", "toggle": "1"}
    before = len(lifter.backend.api_calls())

    refused = [
        client.post(
            action, values, headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
        ),
        # A lying Sec-Fetch-Site cannot come from a browser; Django's Origin check still refuses it.
        client.post(
            action, values, headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "same-origin"}
        ),
        client.post(action, values, headers={"Origin": SITE, "Sec-Fetch-Site": "same-site"}),
        client.post(action, values, headers={"Sec-Fetch-Site": "same-origin"}),  # no Origin
        client.post(action, values),  # neither (an old browser, or not a browser): the token is needed
        # A token sent is checked as everywhere, even from the page itself: the script gets the new one.
        client.post(
            action,
            values,
            headers={**HTMX, "Origin": SITE, "Sec-Fetch-Site": "same-origin", "X-CSRFToken": "x" * 32},
        ),
    ]

    assert [response.status_code for response in refused] == [403] * 6
    assert refused[-1]["X-CSRF-Token"]  # the script sends the save again once with it (saving.js)
    # Without JavaScript, a browser that vouches for nothing is told what would get the set through.
    assert "with JavaScript turned on, or update the browser" in refused[-2].content.decode()
    assert lifter.calls_since(before) == [] and lifter.session(session_id)["setLogs"] == []


def test_a_reference_from_another_session_or_changed_by_hand_is_refused(lifter: Lifter) -> None:
    first = lifter.start()
    page = _page(lifter.client, first)
    ref = row_fields(page, first, lifter.bench, 1)["slot"]
    lifter.api.finish(first)
    second = lifter.start()
    before = len(lifter.backend.api_calls())

    moved = lifter.client.post(f"/workouts/{second}?s={ref}", {"reps": "5"}, headers=HTMX)
    heavier = lifter.client.post(
        f"/workouts/{first}?s={ref.replace('~60~', '~160~')}", {"reps": "5"}, headers=HTMX
    )
    missing = lifter.client.post(f"/workouts/{second}", {"reps": "5"}, headers=HTMX)

    assert [moved.status_code, heavier.status_code, missing.status_code] == [400, 400, 400]
    assert lifter.calls_since(before) == []


def test_a_page_opened_before_rows_posted_to_their_page_keeps_saving_and_clearing(lifter: Lifter) -> None:
    session_id = lifter.start()
    client = _browser(lifter)
    _page(client, session_id)
    token = client.cookies["csrftoken"].value
    bench = lifter.bench
    # The row as such a page has it: its own URL, a CSRF field and the signed `slot` field.
    slot = Slot(session_id, bench["id"], bench["exercise"]["id"], 1, "RANGE", None, 8, 12, 60.0, 2, 120)
    old = {"csrfmiddlewaretoken": token, "slot": slot.sign(), "completed": "0"}

    saved = client.post(set_url(session_id, bench, 1), {**old, "weight": "60", "reps": "9", "toggle": "1"})
    assert saved.status_code == 302 and lifter.session(session_id)["setLogs"][0]["reps"] == 9
    cleared = client.post(set_url(session_id, bench, 1, "clear"), old, headers=HTMX)
    assert cleared.status_code == 200 and lifter.session(session_id)["setLogs"] == []
    # Its script reads a save's answer's `completed` field, which a page leaves out of a row not done.
    assert 'name="completed" value="0"' in cleared.content.decode()
