"""A lifter with a routine whose numbers the tests know (contract-samples.md's "Push Pull A"), signed in.

Shared by the test-client tests (tests/workouts) and the browser tests (tests/browser/test_workout_*).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from django.test import Client

from tests.contract.contract_kit import Api, push_pull_body
from tests.localbackend import LocalBackend, http_client
from workouts.presenters import row_dom_id

HTMX = {"HX-Request": "true"}


@dataclass
class Lifter:
    """A user with the Push Pull routine: Monday bench (8–12 × 60 kg RIR 2, 10 × 60 kg) and curl (12 × 20 kg),
    Thursday curl (10–15 × 15 kg); `api` speaks to the backend directly (to arrange and to check)."""

    account: dict[str, Any]
    api: Api
    routine: dict[str, Any]
    client: Client
    backend: LocalBackend
    started: list[str] = field(default_factory=list)

    @property
    def monday(self) -> dict[str, Any]:
        return self.routine["days"][0]

    @property
    def thursday(self) -> dict[str, Any]:
        return self.routine["days"][1]

    @property
    def bench(self) -> dict[str, Any]:
        return self.monday["exercises"][0]

    @property
    def curl(self) -> dict[str, Any]:
        return self.monday["exercises"][1]

    def start(self, day: dict[str, Any] | None = None) -> str:
        """Starts through the web app (no JavaScript) and returns the session id it opened."""
        response = self.client.post(
            "/workouts/start",
            {"routine_id": self.routine["id"], "routine_day_id": (day or self.monday)["id"]},
        )
        assert response.status_code == 302, response.content[:300]
        return session_id_in(response["Location"])

    def calls_since(self, before: int) -> list[str]:
        return self.backend.api_calls()[before:]

    def session(self, session_id: str) -> dict[str, Any]:
        return self.api.session(session_id)


def session_id_in(url: str) -> str:
    match = re.search(r"/workouts/([0-9a-f-]{36})", url)
    assert match, url
    return match.group(1)


def set_url(session_id: str, slot: dict[str, Any], set_number: int, action: str = "") -> str:
    return f"/workouts/{session_id}/sets/{slot['id']}/{set_number}" + (f"/{action}" if action else "")


def row_fields(page_html: str, session_id: str, slot: dict[str, Any], set_number: int) -> dict[str, str]:
    """What a set row posts along besides its inputs: its reference (the `?s=` of its action, which the
    older rows' URLs take as their `slot` field too) and `completed` ("0" when the row leaves it out)."""
    row = row_html(page_html, slot, set_number)
    fields = {
        "completed": "0",
        **dict(re.findall(r'<input type="hidden" name="(completed)" value="([^"]*)"', row)),
    }
    ref = re.search(r'action="\?s=([^"&]+)"', row)
    assert ref, row[:500]
    return {"slot": ref.group(1), **fields}


def row_action(page_html: str, session_id: str, slot: dict[str, Any], set_number: int) -> str:
    """Where the row's form posts: its page, with the set's reference in the query."""
    ref = re.search(r'action="(\?s=[^"&]+)"', row_html(page_html, slot, set_number))
    assert ref
    return f"/workouts/{session_id}{ref.group(1)}"


def row_html(page_html: str, slot: dict[str, Any], set_number: int) -> str:
    match = re.search(rf'<form id="{row_dom_id(slot["id"], set_number)}".*?</form>', page_html, re.S)
    assert match, f"no row for set {set_number} of {slot['exercise']['name']}"
    return match.group(0)


def log_done(lifter: Lifter, session_id: str, slot: dict, set_number: int, weight: str, reps: str) -> None:
    """Saves a set as done through the web app, the way its row's htmx form does."""
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()
    fields = row_fields(page, session_id, slot, set_number)
    response = lifter.client.post(
        row_action(page, session_id, slot, set_number),
        {"completed": fields["completed"], "weight": weight, "reps": reps, "toggle": "1"},
        headers=HTMX,
    )
    assert response.status_code == 200


def input_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html, re.S)
    assert match, f"no input {name}"
    return match.group(1)


# Named fixtures, so modules can import them (`from ... import lifter_fixture`) without shadowing the names.
@pytest.fixture(name="http")
def http_fixture() -> Iterator[httpx.Client]:
    with http_client() as client:
        yield client


@pytest.fixture(name="make_lifter")
def make_lifter_fixture(backend: LocalBackend, client_for, http: httpx.Client) -> Callable[..., Lifter]:  # type: ignore[no-untyped-def]
    def make(weight_unit: str = "KG") -> Lifter:
        account = backend.create_user(weight_unit=weight_unit)
        api = Api(http, backend.api_url, backend.access_token(account["email"]))
        names = {exercise["name"]: exercise["id"] for exercise in api.exercises()}
        body = push_pull_body("Push Pull A", names["Bench Press"], names["Barbell Curl"])
        routine = api.create_routine(body)
        return Lifter(account=account, api=api, routine=routine, client=client_for(account), backend=backend)

    return make


@pytest.fixture(name="lifter")
def lifter_fixture(make_lifter: Callable[..., Lifter]) -> Lifter:
    return make_lifter()
