"""The profile: name and weight unit, kept on the form when saving fails."""

from __future__ import annotations

import re

from django.test import Client

from tests.localbackend import LocalBackend


def test_changing_name_and_unit_is_saved_and_used_at_once(backend: LocalBackend, signed_in: Client) -> None:
    response = signed_in.post("/profile", {"name": "Pound Person", "weight_unit": "LB"}, follow=True)
    assert "Your profile has been saved." in response.content.decode()
    assert re.search(r'value="LB"[^>]*checked', response.content.decode())
    assert "Hi, Pound Person" in signed_in.get("/").content.decode()
    assert "PATCH /api/users/profile" in backend.api_calls()


def test_a_failed_save_keeps_what_was_typed_and_says_what_happened(
    backend: LocalBackend, signed_in: Client
) -> None:
    backend.add_fault("/api/users/profile", "status", method="PATCH", status=500)
    response = signed_in.post("/profile", {"name": "Typed Name", "weight_unit": "LB"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "A server error occurred" in body and "Your changes are still here." in body
    assert 'value="Typed Name"' in body
    backend.clear_faults()
    assert signed_in.post("/profile", {"name": "Typed Name", "weight_unit": "LB"}).status_code == 302


def test_a_too_short_name_is_refused_before_the_backend_is_asked(
    backend: LocalBackend, signed_in: Client
) -> None:
    backend.reset()
    response = signed_in.post("/profile", {"name": "X", "weight_unit": "KG"})
    assert "Ensure this value has at least 2 characters" in response.content.decode()
    assert not [call for call in backend.api_calls() if call.startswith("PATCH")]
