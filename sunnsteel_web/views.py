"""Project-level views: the web server's own health check (home is the dashboard app's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Liveness of this web server (it does not call the backend, so it never spends the rate limit)."""
    return JsonResponse({"status": "ok"})
