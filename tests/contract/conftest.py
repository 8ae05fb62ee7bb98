"""Fixtures of the contract suite: which backend to talk to, as whom, and the routines each test builds.

Target selection (environment variables):

- ``CONTRACT_API_URL`` (e.g. ``https://api.example.com/api``): drive that backend. Unset: drive the local
  backend started by the session fixture ``local_backend`` (tests/conftest.py).
- Tokens for a remote target, per user A and B (B is only needed by the ownership tests):
  ``CONTRACT_TOKEN_A`` / ``CONTRACT_TOKEN_B`` (access tokens as they are), or
  ``CONTRACT_SUPABASE_URL`` + ``CONTRACT_SUPABASE_ANON_KEY`` + ``CONTRACT_USER_A_EMAIL`` /
  ``CONTRACT_USER_A_PASSWORD`` (and ``..._B_...``): signed in with supabase-py.
  Against the local backend two fresh users are created through its control API for each test session.

Tests that need the local backend's control API (rate limit, faults, CANCELLED synonym, user creation) ask for
the ``local`` or ``control`` fixture, which skips them when CONTRACT_API_URL points elsewhere.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.contract.contract_kit import Api, jwt_claims, push_pull_body

REMOTE_URL_ENV = "CONTRACT_API_URL"


@dataclass
class Target:
    api_url: str
    local: Any | None  # the local_backend fixture object; None when CONTRACT_API_URL is set
    token_a: str | None
    token_b: str | None

    @property
    def is_local(self) -> bool:
        return self.local is not None


def _sign_in_with_supabase(url: str, anon_key: str, email: str, password: str) -> str:
    from supabase import ClientOptions, create_client

    client = create_client(
        url, anon_key, options=ClientOptions(auto_refresh_token=False, persist_session=False)
    )
    response = client.auth.sign_in_with_password({"email": email, "password": password})
    assert response.session is not None, f"Supabase sign-in of {email} returned no session"
    return response.session.access_token


def _remote_token(letter: str) -> str | None:
    token = os.environ.get(f"CONTRACT_TOKEN_{letter}")
    if token:
        return token
    url = os.environ.get("CONTRACT_SUPABASE_URL")
    key = os.environ.get("CONTRACT_SUPABASE_ANON_KEY")
    email = os.environ.get(f"CONTRACT_USER_{letter}_EMAIL")
    password = os.environ.get(f"CONTRACT_USER_{letter}_PASSWORD")
    if url and key and email and password:
        return _sign_in_with_supabase(url, key, email, password)
    return None


@pytest.fixture(scope="session")
def contract_http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=httpx.Timeout(30.0)) as client:
        yield client


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest, contract_http: httpx.Client) -> Iterator[Target]:
    remote_url = os.environ.get(REMOTE_URL_ENV)
    if remote_url:
        found = Target(remote_url.rstrip("/"), None, _remote_token("A"), _remote_token("B"))
    else:
        backend = request.getfixturevalue("local_backend")
        backend.reset()
        run = uuid.uuid4().hex[:10]
        tokens = []
        for letter in ("a", "b"):
            user = backend.create_user(
                email=f"contract-{letter}-{run}@example.test", name=f"Contract {letter.upper()}"
            )
            tokens.append(backend.sign_in(user["email"], user["password"]))
        found = Target(backend.api_url.rstrip("/"), backend, tokens[0], tokens[1])
    yield found
    # Leave no session in progress behind (one active session per user).
    for token in (found.token_a, found.token_b):
        if token:
            Api(contract_http, found.api_url, token, pace=not found.is_local).abort_active_session()


def _api(target: Target, http: httpx.Client, token: str | None) -> Api:
    return Api(http, target.api_url, token, pace=not target.is_local)


@pytest.fixture
def anon(target: Target, contract_http: httpx.Client) -> Api:
    """No Authorization header."""
    return _api(target, contract_http, None)


@pytest.fixture
def api_a(target: Target, contract_http: httpx.Client) -> Api:
    if not target.token_a:
        pytest.skip("no token for user A: set CONTRACT_TOKEN_A or CONTRACT_SUPABASE_* and CONTRACT_USER_A_*")
    return _api(target, contract_http, target.token_a)


@pytest.fixture
def api_b(target: Target, contract_http: httpx.Client) -> Api:
    if not target.token_b:
        pytest.skip("no token for user B: set CONTRACT_TOKEN_B or CONTRACT_SUPABASE_* and CONTRACT_USER_B_*")
    return _api(target, contract_http, target.token_b)


@pytest.fixture
def claims_a(target: Target, api_a: Api) -> dict:
    return jwt_claims(api_a.token or "")


@pytest.fixture
def local(target: Target) -> Any:
    """The local backend object (control API, user creation); skips against any other backend."""
    if not target.is_local:
        pytest.skip(f"needs the local backend's control API; {REMOTE_URL_ENV} points at {target.api_url}")
    return target.local


@pytest.fixture
def control(local: Any) -> Iterator[Any]:
    """The local backend with faults, config overrides and rate-limit counters reset around the test."""
    local.reset()
    yield local
    local.reset()


@pytest.fixture(autouse=True)
def no_active_sessions(target: Target, contract_http: httpx.Client) -> None:
    """Each test starts with neither user holding an in-progress session.

    Against the local backend (which limits 100 requests a minute per route, as production does) each test
    also starts with fresh rate-limit windows, so the suite need not wait out 429s as it does remotely."""
    if target.local is not None:
        target.local.reset()
    for token in (target.token_a, target.token_b):
        if token:
            _api(target, contract_http, token).abort_active_session()


@pytest.fixture(scope="session")
def exercise_ids(target: Target, contract_http: httpx.Client) -> dict[str, str]:
    """Exercise name -> id, from GET /exercises."""
    if not target.token_a:
        pytest.skip("no token for user A")
    exercises = _api(target, contract_http, target.token_a).exercises()
    return {exercise["name"]: exercise["id"] for exercise in exercises}


@pytest.fixture
def exercise_id(exercise_ids: dict[str, str]) -> Callable[[str], str]:
    def lookup(name: str) -> str:
        assert name in exercise_ids, f"GET /exercises has no {name!r} (production's catalogue has it)"
        return exercise_ids[name]

    return lookup


@pytest.fixture
def unique() -> Callable[[str], str]:
    """A name no other test (or earlier run against the same account) uses."""

    def make(prefix: str = "contract") -> str:
        return f"{prefix} {uuid.uuid4().hex[:12]}"

    return make


@pytest.fixture
def make_routine(
    api_a: Api, exercise_ids: dict[str, str], unique: Callable[[str], str]
) -> Iterator[Callable[..., dict]]:
    """make_routine(body=None, api=api_a) -> the created Routine; deleted again after the test.

    Without a body it creates the routine of contract-samples.md 10_create_routine.
    """
    created: list[tuple[Api, str]] = []

    def make(body: dict | None = None, api: Api | None = None) -> dict:
        owner = api or api_a
        if body is None:
            for name in ("Bench Press", "Barbell Curl"):
                assert name in exercise_ids, f"GET /exercises has no {name!r} (production's catalogue has it)"
            body = push_pull_body(
                unique("Push Pull"), exercise_ids["Bench Press"], exercise_ids["Barbell Curl"]
            )
        routine = owner.create_routine(body)
        created.append((owner, routine["id"]))
        return routine

    yield make
    owners = {id(owner): owner for owner, _ in created}
    for owner in owners.values():
        owner.abort_active_session()
    for owner, routine_id in created:
        owner.delete(f"/routines/{routine_id}")  # best effort: the test may have deleted it already
