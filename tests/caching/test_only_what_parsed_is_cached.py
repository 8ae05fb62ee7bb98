"""A malformed 200 is never cached: one `{}` for the session made the live page a 503 for five minutes."""

from __future__ import annotations

import httpx
import pytest
import respx
from django.conf import settings

from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401


@pytest.mark.parametrize("body", [{}, [1, 2, 3]])
def test_a_malformed_session_answer_is_not_kept_for_the_next_page(lifter: Lifter, body: object) -> None:
    session_id = lifter.start(lifter.monday)
    path = f"/workouts/sessions/{session_id}"
    # The local backend's `malformed` fault answers with text that is not JSON; this is JSON of the wrong
    # shape, which only a faked answer can give.
    with respx.mock(assert_all_called=False) as mock:
        faked = mock.get(f"{settings.SUNNSTEEL_API_URL}{path}").mock(
            return_value=httpx.Response(200, json=body)
        )
        mock.route().pass_through()
        broken = lifter.client.get(f"/workouts/{session_id}")
    before = len(lifter.backend.api_calls())

    again = lifter.client.get(f"/workouts/{session_id}")

    assert faked.called and broken.status_code == 503
    assert again.status_code == 200 and "Bench Press" in again.content.decode()
    assert f"GET /api{path}" in lifter.calls_since(before)  # asked again: nothing broken was kept
