"""Starting a routine day: one session however often Start is pressed, and the "Active Session" choice."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import respx
from django.conf import settings
from django.test import Client

from tests.workouts.lifters import HTMX, Lifter, log_done, session_id_in

CHOICE = "You already have an active workout session. What would you like to do?"


def _start(client: Client, lifter: Lifter, day: dict, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/workouts/start",
        {"routine_id": lifter.routine["id"], "routine_day_id": day["id"]},
        headers=headers or None,
    )


def test_starting_a_routine_day_opens_its_new_session(lifter: Lifter) -> None:
    response = _start(lifter.client, lifter, lifter.monday)

    assert response.status_code == 302
    session_id = session_id_in(response["Location"])
    active = lifter.api.active_session()
    assert active is not None and active["id"] == session_id
    assert active["routineDayId"] == lifter.monday["id"]
    page = lifter.client.get(response["Location"]).content.decode()
    assert "Push Pull A" in page and "Monday" in page and "Bench Press" in page


def test_starting_from_htmx_redirects_the_browser_to_the_session(lifter: Lifter) -> None:
    response = _start(lifter.client, lifter, lifter.monday, **HTMX)

    assert response.status_code == 200
    assert session_id_in(response["HX-Redirect"]) == lifter.api.active_session()["id"]


def test_a_double_tap_on_start_makes_one_session(lifter: Lifter, client_for) -> None:  # type: ignore[no-untyped-def]
    # Two browsers' worth of the same user pressing Start at the same moment.
    clients = [lifter.client, client_for(lifter.account)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(lambda client: _start(client, lifter, lifter.monday), clients))

    opened = {session_id_in(response["Location"]) for response in responses}
    assert len(opened) == 1
    in_progress = lifter.api.list_sessions(status="IN_PROGRESS")["items"]
    assert [item["id"] for item in in_progress] == list(opened)


def test_starting_the_day_already_in_progress_opens_that_session(lifter: Lifter) -> None:
    first = lifter.start(lifter.monday)

    response = _start(lifter.client, lifter, lifter.monday)

    assert response.status_code == 302
    assert session_id_in(response["Location"]) == first


def test_starting_another_day_while_one_is_active_offers_the_choice_as_a_page(lifter: Lifter) -> None:
    active = lifter.start(lifter.monday)

    response = _start(lifter.client, lifter, lifter.thursday)

    assert response.status_code == 302 and "/workouts/start/conflict?" in response["Location"]
    page = lifter.client.get(response["Location"]).content.decode()
    assert "Active Session Detected" in page and CHOICE in page
    assert f'href="/workouts/{active}">Go to Active Session</a>' in page
    assert 'action="/workouts/start/replace"' in page and "Discard Current &amp; Start New" in page
    assert "No set is done yet: the current workout is discarded" in page  # said before the tap
    assert f'name="current_session_id" value="{active}"' in page
    assert f'name="routine_day_id" value="{lifter.thursday["id"]}"' in page
    assert lifter.api.active_session()["id"] == active  # nothing changed yet


def test_starting_another_day_from_htmx_answers_with_the_dialog(lifter: Lifter) -> None:
    active = lifter.start(lifter.monday)

    response = _start(lifter.client, lifter, lifter.thursday, **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith("<dialog") and "Active Session Detected" in body and CHOICE in body
    assert f'href="/workouts/{active}">Go to Active Session</a>' in body


def test_replacing_a_workout_with_nothing_done_discards_it_and_opens_the_new(lifter: Lifter) -> None:
    current = lifter.start(lifter.monday)

    response = lifter.client.post(
        "/workouts/start/replace",
        {
            "current_session_id": current,
            "routine_id": lifter.routine["id"],
            "routine_day_id": lifter.thursday["id"],
        },
    )

    assert response.status_code == 302
    new = session_id_in(response["Location"])
    assert new != current
    assert lifter.api.session(current)["status"] == "ABORTED"
    active = lifter.api.active_session()
    assert active["id"] == new and active["routineDayId"] == lifter.thursday["id"]
    page = lifter.client.get(response["Location"]).content.decode()
    assert "Thursday" in page and "The previous workout was discarded." in page


def test_a_backend_that_answers_409_also_offers_the_choice(lifter: Lifter) -> None:
    active = lifter.api.session(lifter.start(lifter.monday))
    del active["setLogs"]
    api = settings.SUNNSTEEL_API_URL

    with respx.mock(assert_all_called=False) as mock:
        start = mock.post(f"{api}/workouts/sessions/start").mock(
            return_value=httpx.Response(
                409,
                json={
                    "statusCode": 409,
                    "message": "An active workout session already exists",
                    "timestamp": "2026-11-23T10:00:00.000Z",
                    "path": "/api/workouts/sessions/start",
                },
            )
        )
        mock.get(f"{api}/workouts/sessions/active").mock(return_value=httpx.Response(200, json=active))
        mock.route().pass_through()
        as_page = _start(lifter.client, lifter, lifter.thursday)
        as_dialog = _start(lifter.client, lifter, lifter.thursday, **HTMX)

    assert start.call_count == 2
    assert as_page.status_code == 302 and "/workouts/start/conflict?" in as_page["Location"]
    dialog = as_dialog.content.decode()
    assert "Active Session Detected" in dialog and CHOICE in dialog
    assert f'href="/workouts/{active["id"]}">Go to Active Session</a>' in dialog


def test_finish_current_and_start_new_completes_a_workout_with_done_sets(lifter: Lifter) -> None:
    current = lifter.start(lifter.monday)
    log_done(lifter, current, lifter.bench, 1, "62.5", "12")  # above the range: progression applies
    choice = lifter.client.get(_start(lifter.client, lifter, lifter.thursday)["Location"]).content.decode()
    before = len(lifter.backend.api_calls())

    response = lifter.client.post(
        "/workouts/start/replace",
        {
            "current_session_id": current,
            "routine_id": lifter.routine["id"],
            "routine_day_id": lifter.thursday["id"],
        },
    )

    assert "Finish Current &amp; Start New" in choice
    assert "Saves the current workout as completed (1 set done; progression applies)" in choice
    assert lifter.api.session(current)["status"] == "COMPLETED"  # not discarded: it counts, and progresses
    assert f"PATCH /api/workouts/sessions/{current}/finish" in lifter.calls_since(before)
    page = lifter.client.get(response["Location"]).content.decode()
    assert "Thursday" in page and "The previous workout was saved and finished." in page
    assert f'<a class="toast__link" href="/workouts/{current}">See its summary</a>' in page
    summary = lifter.client.get(f"/workouts/{current}").content.decode()
    assert 'data-summary="progression"' in summary  # what progressed, as after Finish
