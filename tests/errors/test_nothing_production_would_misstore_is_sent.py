"""Production validates set logs and the profile barely (it stores reps 7.5 as 7, takes negative reps and
rpe 42, stores `setNumber: 2.5` over set 2, and answers 500 to an unknown weight unit), so the app is the last
line of defence: every such value is refused by its form, and the backend is never asked."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.localbackend import LocalBackend
from tests.workouts.lifters import (  # noqa: F401 (fixtures)
    HTMX,
    Lifter,
    http_fixture,
    lifter_fixture,
    make_lifter_fixture,
    row_fields,
    set_url,
)


@pytest.fixture
def session_id(lifter: Lifter) -> str:
    return lifter.start(lifter.monday)


def _post_set(lifter: Lifter, session_id: str, url_set_number: int | str, row_set_number: int, **typed: str):  # type: ignore[no-untyped-def]
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    fields = row_fields(page, session_id, lifter.bench, row_set_number)
    before = len(lifter.backend.api_calls())
    url = set_url(session_id, lifter.bench, 1).rsplit("/", 1)[0] + f"/{url_set_number}"
    response = lifter.client.post(url, {**fields, "weight": "60", "reps": "10", **typed}, headers=HTMX)
    return response, lifter.calls_since(before)


@pytest.mark.parametrize(
    "typed",
    [
        {"reps": "7.5"},
        {"reps": "-3"},
        {"reps": "5e1"},
        {"weight": "-0.5"},
        {"weight": "NaN"},
        {"weight": "Infinity"},
        {"rpe": "42"},
        {"rpe": "-1"},
        {"rpe": "nan"},
    ],
    ids=lambda typed: " ".join(f"{k}={v}" for k, v in typed.items()),
)
def test_a_set_value_production_would_store_wrongly_is_refused_unsent(
    lifter: Lifter, session_id: str, typed: dict
) -> None:
    response, calls = _post_set(lifter, session_id, 1, 1, **typed)

    assert response.status_code == 422, response.content[:300]
    assert 'data-state="invalid"' in response.content.decode()
    assert calls == []
    assert lifter.session(session_id)["setLogs"] == []


def test_a_set_number_is_always_the_rows_own(lifter: Lifter, session_id: str) -> None:
    # Set 1's row posted to set 2's address: the signed row says which set it is, so nothing is overwritten.
    crossed, crossed_calls = _post_set(lifter, session_id, 2, 1, reps="3")
    fractional, fractional_calls = _post_set(lifter, session_id, "2.5", 2, reps="3")

    assert crossed.status_code >= 400 and crossed_calls == []
    assert fractional.status_code == 404 and fractional_calls == []
    assert lifter.session(session_id)["setLogs"] == []


@pytest.mark.parametrize(
    "typed",
    [
        {"name": "Typed Name", "weight_unit": "STONE"},
        {"name": "", "weight_unit": "KG"},
        {"name": "   ", "weight_unit": "KG"},
        {"name": "Typed Name", "weight_unit": ""},
    ],
    ids=["weight unit STONE", "empty name", "blank name", "no weight unit"],
)
def test_a_profile_change_production_would_fail_on_never_leaves_the_form(
    backend: LocalBackend, signed_in: Client, typed: dict
) -> None:
    backend.reset()

    response = signed_in.post("/profile", typed)

    assert response.status_code == 200  # the form again, with its error
    assert 'class="field__error" role="alert"' in response.content.decode()
    assert not [call for call in backend.api_calls() if call.startswith("PATCH")]
