"""The installable app and what works without signal: the web app manifest, the service worker, and the
offline page (see static/js/sw.js for what the worker caches, and the README for what works offline).

Pages are cached by the service worker per user: each HTML answer says whose it is in `X-Sunnsteel-User`, an
opaque key derived from the user's id (never a token), or nothing when nobody is signed in. The worker keeps
only the current user's pages and drops every other user's as soon as an answer names someone else (or
nobody: the login page after signing out), so a second person on the same phone never sees the first one's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from sunnsteel_web.staticfiles import BUNDLES

USER_HEADER = "X-Sunnsteel-User"
# What the worker keeps from the first visit on: every stylesheet and script of ours (so the live workout
# draws without signal), htmx, and the icon.
PRECACHED_EXTRA = ("django_htmx/htmx-2.min.js", "icons/icon.svg", "icons/icon-192.png")


def precached() -> list[str]:
    """The static files the worker keeps, by their names in `static/` (the worker itself left out): in
    production, the bundles pages name instead of their parts (sunnsteel_web/staticfiles.py)."""
    root = Path(settings.BASE_DIR) / "static"
    ours = sorted(
        str(path.relative_to(root))
        for pattern in ("css/*.css", "js/**/*.js")
        for path in root.glob(pattern)
        if path.name != "sw.js"
    )
    if getattr(staticfiles_storage, "bundles", False):
        parts = {part for bundle_parts in BUNDLES.values() for part in bundle_parts}
        ours = sorted(BUNDLES) + [name for name in ours if name not in parts]
    return ours + list(PRECACHED_EXTRA)


def user_key(user_id: str) -> str:
    """Whose page this is, for the worker's cache: stable per user, meaningless to anyone else."""
    return salted_hmac("sunnsteel.offline-user", user_id, algorithm="sha256").hexdigest()[:20]


class OfflineUserMiddleware:
    """Names the signed-in user (opaquely) on every HTML answer, for the service worker's per-user cache,
    and marks a signed-in user's answer `Cache-Control: private`: no shared cache (a proxy, a CDN) keeps
    one person's page for another, whatever it makes of `Vary: Cookie`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            user = getattr(request, "user", None)
            signed_in = bool(user and user.is_authenticated)
            response[USER_HEADER] = user_key(str(user.pk)) if user and signed_in else ""
            if signed_in and not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
        return response


@login_not_required
@require_safe
@cache_control(max_age=86400, public=True)
def manifest(request: HttpRequest) -> HttpResponse:
    body = {
        "name": "Sunnsteel",
        "short_name": "Sunnsteel",
        "description": "Run your workout set by set, and look back at your training.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f4f5f7",
        "theme_color": "#111827",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return HttpResponse(json.dumps(body), content_type="application/manifest+json")


@login_not_required
@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker, with the static files' current (hashed) names: a deploy that changes one changes the
    worker, which browsers then install in place of the old one. Never cached, so that check is made."""
    precached = [static(name) for name in _precached_names()]
    script = (
        _worker_source()
        .replace("/*PRECACHE*/[]", json.dumps(precached))
        .replace('/*VERSION*/"dev"', json.dumps(_version(precached)))
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_safe
def offline_page(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page it has not kept, without signal. Nobody's data is in it."""
    return render(request, "offline.html")


@cache
def _precached_names() -> tuple[str, ...]:
    return tuple(precached())


@cache
def _worker_source() -> str:
    path = finders.find("js/sw.js")
    assert isinstance(path, str), "static/js/sw.js is missing"
    with open(path, encoding="utf-8") as source:
        return source.read()


def _version(precached: list[str]) -> str:
    return hashlib.sha256((_worker_source() + "".join(precached)).encode()).hexdigest()[:12]
