"""The backend client against the real local backend: errors, timeouts, retries, headers, de-duplication."""

from __future__ import annotations

import pytest

from sunnsteel_web.backend import errors
from sunnsteel_web.backend.client import BackendClient
from sunnsteel_web.request_context import set_request_id
from tests.localbackend import LocalBackend


@pytest.fixture
def token(backend: LocalBackend) -> str:
    account = backend.create_user()
    return backend.sign_in(account["email"], account["password"])


@pytest.fixture
def waits() -> list[float]:
    """The backoff delays the client asked for (recorded instead of slept, so tests do not wait)."""
    return []


@pytest.fixture
def api(token: str, waits: list[float]) -> BackendClient:
    return BackendClient(token=token, user_key="tester", client_ip="203.0.113.7", sleep=waits.append)


@pytest.mark.parametrize(
    ("status", "exception"),
    [
        (400, errors.BadRequest),
        (401, errors.NotAuthenticated),
        (403, errors.PermissionDenied),
        (404, errors.NotFound),
        (409, errors.Conflict),
        (422, errors.Unprocessable),
        (429, errors.RateLimited),
        (500, errors.ServerError),
        (503, errors.ServerError),
    ],
)
def test_each_error_status_raises_its_exception(backend, api, status, exception) -> None:
    backend.add_fault("/api/exercises", "status", method="GET", status=status)
    with pytest.raises(exception) as caught:
        api.get("/exercises")
    assert caught.value.status == status
    assert caught.value.route == "GET /exercises"


def test_the_backend_message_travels_with_the_error(backend, api) -> None:
    with pytest.raises(errors.NotFound) as caught:
        api.get("/workouts/sessions/00000000-0000-0000-0000-000000000000")
    assert caught.value.message == "Workout session not found"
    assert caught.value.body["statusCode"] == 404


def test_a_slow_backend_raises_a_timeout_and_is_not_asked_again(backend, api, settings) -> None:
    settings.BACKEND_READ_TIMEOUT = 0.3
    backend.add_fault("/api/exercises", "slow", method="GET", delay=1.5)
    with pytest.raises(errors.BackendTimeout):
        api.get("/exercises")
    assert backend.api_calls() == ["GET /api/exercises"]


def test_a_get_is_retried_after_a_server_error(backend, api, waits) -> None:
    backend.add_fault("/api/exercises", "status", method="GET", status=500, times=1)
    assert len(api.get("/exercises")) >= 60
    assert backend.api_calls() == ["GET /api/exercises", "GET /api/exercises"]
    assert waits == [0.2]


def test_retries_are_bounded_with_exponential_backoff(backend, api, waits) -> None:
    backend.add_fault("/api/exercises", "status", method="GET", status=502)
    with pytest.raises(errors.ServerError):
        api.get("/exercises")
    assert backend.api_calls() == ["GET /api/exercises"] * 3
    assert waits == [0.2, 0.4]


def test_no_retry_starts_once_the_time_budget_is_spent(backend, api, settings) -> None:
    settings.BACKEND_RETRY_BUDGET = 0.1
    backend.add_fault("/api/exercises", "status", method="GET", status=500)
    with pytest.raises(errors.ServerError):
        api.get("/exercises")
    assert backend.api_calls() == ["GET /api/exercises"]


def test_a_get_is_retried_after_a_dropped_connection(backend, api) -> None:
    backend.add_fault("/api/users/profile", "drop", method="GET", times=1)
    assert api.get("/users/profile")["email"]
    assert backend.api_calls() == ["GET /api/users/profile", "GET /api/users/profile"]


def test_a_post_is_never_retried(backend, api) -> None:
    backend.add_fault("/api/workouts/sessions/start", "status", method="POST", status=500)
    with pytest.raises(errors.ServerError):
        api.post("/workouts/sessions/start", {"routineId": "x", "routineDayId": "y"})
    assert backend.api_calls() == ["POST /api/workouts/sessions/start"]


def test_a_dropped_post_is_reported_not_repeated(backend, api) -> None:
    backend.add_fault("/api/workouts/sessions/start", "drop", method="POST")
    with pytest.raises(errors.BackendUnavailable):
        api.post("/workouts/sessions/start", {"routineId": "x", "routineDayId": "y"})
    assert backend.api_calls() == ["POST /api/workouts/sessions/start"]


def test_client_errors_are_never_retried(backend, api) -> None:
    with pytest.raises(errors.NotFound):
        api.get("/routines/00000000-0000-0000-0000-000000000000")
    assert backend.api_calls() == ["GET /api/routines/00000000-0000-0000-0000-000000000000"]


def test_a_short_retry_after_is_waited_once(backend, api, waits) -> None:
    backend.add_fault("/api/exercises", "status", method="GET", status=429, retryAfter=0.5, times=1)
    assert api.get("/exercises")
    assert waits == [0.5]
    assert len(backend.api_calls()) == 2


def test_a_long_retry_after_is_reported_instead_of_waited(backend, api, waits) -> None:
    backend.add_fault("/api/exercises", "status", method="GET", status=429, retryAfter=30)
    with pytest.raises(errors.RateLimited) as caught:
        api.get("/exercises")
    assert caught.value.retry_after == 30
    assert waits == []
    assert len(backend.api_calls()) == 1


def test_productions_429_reports_its_retry_after_long_wait(backend, api, waits) -> None:
    # The local backend's throttler answers as production's: `Retry-After-long: 60`, no `Retry-After`.
    backend.configure(rateLimit=1)
    api.get("/exercises")
    with pytest.raises(errors.RateLimited) as caught:
        api.get("/exercises?again=1")
    assert caught.value.retry_after == 60
    assert waits == []


def test_a_short_retry_after_long_is_waited_once(backend, api, waits) -> None:
    backend.add_fault("/api/exercises", "throttled", method="GET", retryAfter=0.5, times=1)
    assert api.get("/exercises")
    assert waits == [0.5]
    assert len(backend.api_calls()) == 2


def test_an_answer_that_is_not_json_is_a_backend_failure(backend, api) -> None:
    backend.add_fault("/api/exercises", "malformed", method="GET")
    with pytest.raises(errors.BackendUnavailable):
        api.get("/exercises")


def test_a_refused_connection_is_a_backend_failure(settings, waits) -> None:
    settings.SUNNSTEEL_API_URL = "http://127.0.0.1:9/api"  # discard port: nothing listens
    with pytest.raises(errors.BackendUnavailable):
        BackendClient(sleep=waits.append).get("/health")
    assert waits == [0.2, 0.4]


def test_an_expired_token_is_refreshed_once_and_the_call_repeated(backend, token, waits) -> None:
    renewals: list[str] = []

    def renew() -> str:
        renewals.append("renewed")
        return token

    api = BackendClient(token="not-a-valid-token", on_unauthorized=renew, sleep=waits.append)
    assert api.get("/users/profile")["email"]
    assert renewals == ["renewed"]


def test_a_token_refused_after_renewal_raises_not_authenticated(backend) -> None:
    api = BackendClient(token="not-a-valid-token", on_unauthorized=lambda: "still-not-valid")
    with pytest.raises(errors.NotAuthenticated):
        api.get("/users/profile")
    assert len(backend.api_calls()) == 2


def test_the_same_get_in_one_request_is_made_once(backend, api) -> None:
    first = api.get("/exercises")
    second = api.get("/exercises")
    assert first == second
    assert backend.api_calls() == ["GET /api/exercises"]


def test_request_id_forwarded_address_and_token_are_sent(backend, api, token) -> None:
    set_request_id("req-abc-123")
    api.get("/users/profile")
    (logged,) = [r for r in backend.requests() if r["path"] == "/api/users/profile"]
    assert logged["requestId"] == "req-abc-123"
    assert logged["forwardedFor"] == "203.0.113.7"
    assert logged["email"] is not None  # the bearer token identified the user
