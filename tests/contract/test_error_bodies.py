"""Production's error body in the details a client reads: the path it names, the JSON parser's words."""

import pytest

from tests.contract.contract_kit import NIL_UUID, assert_error

pytestmark = pytest.mark.contract


def test_the_error_body_path_keeps_the_query_string(api_a):
    response = api_a.get("/workouts/sessions", params={"limit": 0})

    body = assert_error(response, 400, contains="limit")
    assert body["path"] == api_a.api_prefix + "/workouts/sessions?limit=0"


def test_a_not_found_path_keeps_the_query_string(api_a):
    response = api_a.get(f"/routines/{NIL_UUID}", params={"x": "1"})

    body = assert_error(response, 404, "Routine not found")
    assert body["path"] == api_a.api_prefix + f"/routines/{NIL_UUID}?x=1"


def test_malformed_json_gets_the_javascript_parsers_message(api_a):
    response = api_a.request(
        "POST", "/routines", content=b"{bad json", headers={"Content-Type": "application/json"}
    )

    assert_error(response, 400, "Expected property name or '}' in JSON at position 1")
