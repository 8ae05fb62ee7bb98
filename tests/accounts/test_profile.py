"""The profile: name and weight unit, kept on the form when saving fails."""

from __future__ import annotations

import re
from urllib.parse import unquote

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


def test_changes_sent_after_the_sign_in_ended_are_back_on_the_form_after_signing_in_again(
    backend: LocalBackend, user: dict, client_for
) -> None:
    client = client_for(user)
    backend.control("POST", f"/users/{user['email']}/revoke-sessions")  # e.g. signed out on another device

    sent = client.post(
        "/profile",
        {"name": "Typed Name", "weight_unit": "LB"},
        headers={"Referer": "http://testserver/profile"},
    )
    assert unquote(sent["Location"]) == "/login?next=/profile"
    back = client.post(sent["Location"], {"email": user["email"], "password": user["password"]})
    assert back["Location"] == "/profile"

    form = client.get("/profile").content.decode()
    assert 'value="Typed Name"' in form and re.search(r'value="LB"[^>]*checked', form)
    assert "Not saved yet — your changes are kept. Save them again." in form
    assert "Not saved yet" not in client.get("/profile").content.decode()  # shown once
