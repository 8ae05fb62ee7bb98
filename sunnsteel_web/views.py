"""Project-level pages: home and the web server's own health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from routines.services import routine_list
from sunnsteel_web.http import SignedInRequest


@require_safe
def home(request: SignedInRequest) -> HttpResponse:
    routines = routine_list(request.api)
    return render(request, "home.html", {"routines": routines})


@login_not_required
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Liveness of this web server (it does not call the backend, so it never spends the rate limit)."""
    return JsonResponse({"status": "ok"})
