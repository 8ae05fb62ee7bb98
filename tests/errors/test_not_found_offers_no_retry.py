"""A 404 offers a way home, not "Try again" (asking again for what does not exist cannot help)."""

from __future__ import annotations

import uuid

from django.test import Client

from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401


def test_a_session_that_does_not_exist_offers_only_the_way_home(lifter: Lifter) -> None:
    response = lifter.client.get(f"/workouts/{uuid.uuid4()}")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Try again" not in page and 'href="/">Go home</a>' in page


def test_an_unknown_address_offers_only_the_way_home(signed_in: Client) -> None:
    response = signed_in.get("/no-such-page")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Try again" not in page and "Go home" in page
