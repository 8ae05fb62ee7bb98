"""The rate limit (headers, 429) and the local backend's fault injection, which mimics production failures."""

import time

import httpx
import pytest

from tests.contract.contract_kit import THROTTLED, assert_error

pytestmark = pytest.mark.contract


def _configure(local, **config):
    response = local.control("PATCH", "/config", json=config)
    assert response.status_code < 300, response.text


def _add_fault(local, **fault):
    response = local.control("POST", "/faults", json=fault)
    assert response.status_code == 201, response.text
    assert "id" in response.json()


# --- rate limit -----------------------------------------------------------------------------------


def test_responses_carry_the_long_rate_limit_headers(target, anon):
    if target.is_local:
        target.local.reset()
        _configure(target.local, rateLimit=100, rateWindow=60)
    try:
        response = anon.get("/health")
    finally:
        if target.is_local:
            target.local.reset()

    assert response.status_code == 200
    assert response.headers["X-RateLimit-Limit-long"] == "100"
    assert 0 <= int(response.headers["X-RateLimit-Remaining-long"]) < 100
    assert 0 <= int(response.headers["X-RateLimit-Reset-long"]) <= 60


def _assert_throttled_as_production(response, seconds="60"):
    """Production's 429: its message and `Retry-After-long` only (no `Retry-After`, no X-RateLimit-*)."""
    assert_error(response, 429, THROTTLED)
    assert response.headers.get("Retry-After-long") == seconds, dict(response.headers)
    assert "Retry-After" not in response.headers
    assert not [name for name in response.headers if name.lower().startswith("x-ratelimit")]


def test_past_the_limit_a_route_gets_429_with_only_retry_after_long(control, anon, api_a):
    _configure(control, rateLimit=5, rateWindow=60)

    allowed = [anon.get("/health", raw=True) for _ in range(5)]
    blocked = anon.get("/health", raw=True)
    blocked_with_token = api_a.get("/health", raw=True)

    assert [r.status_code for r in allowed] == [200] * 5
    assert [r.headers["X-RateLimit-Limit-long"] for r in allowed] == ["5"] * 5
    assert [int(r.headers["X-RateLimit-Remaining-long"]) for r in allowed] == [4, 3, 2, 1, 0]
    assert all(0 < int(r.headers["X-RateLimit-Reset-long"]) <= 60 for r in allowed)
    _assert_throttled_as_production(blocked)
    _assert_throttled_as_production(blocked_with_token)


def test_each_route_has_its_own_budget(control, anon, api_a):
    _configure(control, rateLimit=2, rateWindow=60)
    for _ in range(2):
        anon.get("/health", raw=True)
    _assert_throttled_as_production(anon.get("/health", raw=True))

    assert api_a.get("/routines", raw=True).status_code == 200
    assert anon.get("/auth/supabase/health", raw=True).status_code == 200
    assert api_a.get("/exercises", raw=True).status_code == 200


def test_every_id_of_a_route_shares_its_budget(control, api_a):
    _configure(control, rateLimit=2, rateWindow=60)
    first, second = "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"

    answers = [api_a.get(f"/workouts/sessions/{first}", raw=True) for _ in range(2)]

    assert [r.status_code for r in answers] == [404, 404]
    _assert_throttled_as_production(api_a.get(f"/workouts/sessions/{second}", raw=True))


def test_unauthenticated_calls_count(control, anon, api_a):
    _configure(control, rateLimit=3, rateWindow=60)

    refused = [anon.get("/routines", raw=True) for _ in range(3)]

    assert [r.status_code for r in refused] == [401] * 3
    _assert_throttled_as_production(api_a.get("/routines", raw=True))


def test_unknown_routes_do_not_count(control, anon):
    _configure(control, rateLimit=2, rateWindow=60)

    unknown = [anon.get("/no-such-route", raw=True) for _ in range(4)]
    wrong_method = [anon.delete("/health", raw=True) for _ in range(4)]

    assert {r.status_code for r in unknown + wrong_method} == {404}
    assert not any("X-RateLimit-Limit-long" in r.headers for r in unknown + wrong_method)
    assert [anon.get("/health", raw=True).status_code for _ in range(2)] == [200, 200]


def test_x_forwarded_for_is_ignored(control, anon):
    _configure(control, rateLimit=3, rateWindow=60)

    answers = [
        anon.get("/health", raw=True, headers={"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(1, 5)
    ]

    assert [r.status_code for r in answers[:3]] == [200] * 3
    _assert_throttled_as_production(answers[3])


def test_resetting_the_counters_lets_requests_through_again(control, anon):
    _configure(control, rateLimit=2, rateWindow=60)
    for _ in range(2):
        anon.get("/health", raw=True)
    _assert_throttled_as_production(anon.get("/health", raw=True))

    control.reset()

    assert anon.get("/health", raw=True).status_code == 200


# --- faults (local backend only) ------------------------------------------------------------------


def test_a_status_fault_answers_with_the_production_error_body(control, api_a):
    _add_fault(control, method="GET", path="/api/routines", kind="status", status=500, times=1)

    failed = api_a.get("/routines")
    recovered = api_a.get("/routines")

    assert_error(failed, 500, "Internal server error")
    assert recovered.status_code == 200


def test_a_429_fault_carries_retry_after(control, api_a):
    _add_fault(control, path="/api/exercises", kind="status", status=429, retryAfter=1, times=1)

    response = api_a.get("/exercises")

    assert_error(response, 429, THROTTLED)
    assert response.headers["Retry-After"] == "1"


def test_a_throttled_fault_looks_like_productions_429(control, api_a):
    _add_fault(control, path="/api/exercises", kind="throttled", times=1)

    response = api_a.get("/exercises")

    assert_error(response, 429, THROTTLED)
    assert response.headers["Retry-After-long"] == "60"
    assert "Retry-After" not in response.headers


def test_a_fault_hits_only_its_method_and_path_pattern(control, api_a, make_routine):
    routine = make_routine()
    session = api_a.start(routine)
    slot = routine["days"][0]["exercises"][0]
    _add_fault(control, method="PUT", path="/api/workouts/sessions/*/set-logs", kind="status", status=503)
    log = {"routineExerciseId": slot["id"], "exerciseId": slot["exercise"]["id"], "setNumber": 1, "reps": 5}

    assert_error(api_a.put(f"/workouts/sessions/{session['id']}/set-logs", log), 503)
    assert api_a.get(f"/workouts/sessions/{session['id']}").status_code == 200

    cleared = control.control("DELETE", "/faults")
    assert cleared.status_code < 300, cleared.text
    assert api_a.put(f"/workouts/sessions/{session['id']}/set-logs", log).status_code == 200


def test_a_malformed_fault_answers_200_with_a_body_that_is_not_json(control, api_a):
    _add_fault(control, path="/api/routines", kind="malformed", times=1)

    response = api_a.get("/routines")

    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


def test_a_drop_fault_closes_the_connection_without_an_answer(control, api_a):
    _add_fault(control, path="/api/routines", kind="drop", times=1)

    with pytest.raises(httpx.TransportError):
        api_a.get("/routines")
    assert api_a.get("/routines").status_code == 200


def test_a_slow_fault_delays_a_normal_answer(control, api_a):
    _add_fault(control, path="/api/exercises", kind="slow", delay=0.3, times=1)

    began = time.monotonic()
    response = api_a.get("/exercises")
    elapsed = time.monotonic() - began

    assert response.status_code == 200 and len(response.json()) >= 60
    assert elapsed >= 0.3


def test_reset_clears_faults(control, api_a):
    _add_fault(control, path="/api/routines", kind="status", status=500)
    assert api_a.get("/routines").status_code == 500

    control.reset()

    assert api_a.get("/routines").status_code == 200


def test_the_request_log_names_the_bearer_tokens_user(control, api_a, anon, claims_a):
    api_a.get("/routines")
    anon.get("/health")

    logged = control.control("GET", "/requests")

    assert logged.status_code == 200
    entries = [(e["method"], e["path"], e["status"], e["email"]) for e in logged.json()]
    assert ("GET", "/api/routines", 200, claims_a["email"]) in entries
    assert ("GET", "/api/health", 200, None) in entries
