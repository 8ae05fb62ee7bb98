"""Every page needs sign-in unless it is an auth page, static files, health or the empty bar refresh."""

from __future__ import annotations

from urllib.parse import unquote

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "accounts:login",
    "accounts:signup",
    "accounts:google",
    "accounts:callback",
    "accounts:forgot-password",
    "accounts:reset-password",
    "health",
    "manifest",  # browsers fetch it without cookies
    "service-worker",
    "offline",  # shown by the service worker without signal; nobody's data in it
    "workouts:banner",  # answers 204 with nothing in it without sign-in (a background refresh)
}


def _named_views(resolver: URLResolver, namespace: str = "") -> dict[str, object]:
    views: dict[str, object] = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            views.update(_named_views(entry, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            views[f"{namespace}{entry.name}"] = entry.callback
    return views


def test_only_auth_pages_and_health_are_public() -> None:
    views = _named_views(get_resolver())
    public = {name for name, view in views.items() if getattr(view, "login_required", True) is False}
    assert public == PUBLIC
    assert len(views) > len(PUBLIC)  # the scan found the protected pages too


def test_a_protected_page_sends_a_visitor_to_login_with_a_way_back() -> None:
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"] == "/login?next=/"


def test_a_form_sent_without_sign_in_returns_to_its_page_after_signing_in() -> None:
    response = Client().post("/workouts/start", {}, headers={"Referer": "http://testserver/routines/"})
    assert response.status_code == 302 and unquote(response["Location"]) == "/login?next=/routines/"


def test_health_and_static_files_need_no_sign_in() -> None:
    assert Client().get("/health").json() == {"status": "ok"}
    assert Client().get("/static/css/app.css").status_code == 200
