"""People using the web app in tests: a newcomer (nothing yet) and a veteran (the demo history)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from django.test import Client

from tests.contract.contract_kit import Api
from tests.localbackend import LocalBackend


@dataclass
class Person:
    """A signed-in user of the web app, and the backend as they see it (to arrange and to check)."""

    account: dict[str, Any]
    client: Client
    api: Api
    backend: LocalBackend

    def calls_since(self, before: int) -> list[str]:
        return self.backend.api_calls()[before:]


@pytest.fixture(name="make_person")
def make_person_fixture(backend: LocalBackend, client_for, http: httpx.Client):  # type: ignore[no-untyped-def]
    def make(*, demo_data: bool = False, weight_unit: str = "KG", demo_as_of: str | None = None) -> Person:
        account = backend.create_user(demo_data=demo_data, weight_unit=weight_unit, demo_as_of=demo_as_of)
        api = Api(http, backend.api_url, backend.access_token(account["email"]))
        return Person(account, client_for(account), api, backend)

    return make


@pytest.fixture(name="newcomer")
def newcomer_fixture(make_person) -> Person:  # type: ignore[no-untyped-def]
    """Signed up a minute ago: no routines, no history."""
    return make_person()


@pytest.fixture(name="veteran")
def veteran_fixture(make_person) -> Person:  # type: ignore[no-untyped-def]
    """The demo routines and about thirty finished workouts."""
    return make_person(demo_data=True)
