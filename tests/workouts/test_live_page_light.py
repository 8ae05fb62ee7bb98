"""The live page stays light: a 12-set workout's HTML, rendered from the local backend, and a row's field."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import httpx
from django.test import Client

from tests.contract.contract_kit import Api, exercise_slot, fixed_set, range_set
from tests.localbackend import LocalBackend
from tests.workouts.lifters import row_fields, session_id_in

# Was 42.3 KB for these 12 sets (rows of 2.8 KB, a 330-character signed field each), then 33.1 KB; 36.9 KB
# with each row's plate calculator and record badge (issue 15); 24.3 KB (3.4 KB gzipped) with rows of 1.3 KB:
# key, rest and plate settings said once, the problem box drawn only when needed, defaults left out, an
# 80-character signed field. The goal is 20 KB; what is left per row is what the no-JS post needs (its CSRF
# field, the signed field, action and id): see the README.
HTML_LIMIT = 20_000
GZIPPED_LIMIT = 4_000


def _twelve_set_day(api: Api) -> tuple[dict, dict]:
    ids = {exercise["name"]: exercise["id"] for exercise in api.exercises()}
    names = ["Bench Press", "Back Squat", "Barbell Curl", "Bent-over Row"]
    exercises = [
        exercise_slot(
            ids[name],
            [range_set(1, 8, 12, 60.0, rir=2), fixed_set(2, 10, 60.0, rir=1), fixed_set(3, 10, 57.5)],
            order=order,
            rest=120,
            note="Control the way down" if order == 0 else None,
        )
        for order, name in enumerate(names)
    ]
    body = {
        "name": "Twelve",
        "isPeriodized": False,
        "days": [{"dayOfWeek": 1, "order": 0, "exercises": exercises}],
    }
    routine = api.create_routine(body)
    return routine, routine["days"][0]


def test_a_twelve_set_workout_page_with_last_times_stays_under_the_budget(
    backend: LocalBackend, client_for: Callable[[dict], Client], http: httpx.Client
) -> None:
    account = backend.create_user()
    api = Api(http, backend.api_url, backend.sign_in(account["email"], account["password"]))
    routine, day = _twelve_set_day(api)
    earlier = api.start(routine)  # the last time: every row then shows "last: 60 kg × 10"
    for exercise in day["exercises"]:
        for prescribed in exercise["sets"]:
            api.log_set(
                earlier["id"], exercise, prescribed["setNumber"], reps=10, weight=60, isCompleted=True
            )
    api.finish(earlier["id"])
    client = client_for(account)
    started = client.post("/workouts/start", {"routine_id": routine["id"], "routine_day_id": day["id"]})
    session_id = session_id_in(started["Location"])

    page = client.get(f"/workouts/{session_id}")
    html = page.content.decode()
    assert html.count("data-set-row") == 12 and html.count("last: 60 kg × 10") == 12
    assert len(page.content) <= HTML_LIMIT, f"{len(page.content)} bytes"
    compressed = client.get(f"/workouts/{session_id}", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) <= GZIPPED_LIMIT, f"{len(compressed.content)} bytes gzipped"
    assert gzip.decompress(compressed.content).decode().count("data-set-row") == 12
    # The row's signed field holds only what its URL does not (was about 330 characters, then 118).
    fields = row_fields(html, session_id, day["exercises"][0], 1)
    assert len(fields["slot"]) <= 85
