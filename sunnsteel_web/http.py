"""The request as this project's middleware leaves it: what views may rely on, spelled out for type checkers.

Django still builds plain `HttpRequest` objects; these classes only name the attributes the middleware
adds: `htmx` (django-htmx), `request_id` (RequestIdMiddleware), `api` and `user` (SupabaseSessionMiddleware).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_htmx.middleware import HtmxDetails

    from accounts.tokens import SunnsteelUser
    from sunnsteel_web.backend.client import BackendClient


class AppRequest(HttpRequest):
    """Any request, signed in or not."""

    api: BackendClient  # the backend client, with the user's token when there is one
    htmx: HtmxDetails
    request_id: str
    user: SunnsteelUser | AnonymousUser  # type: ignore[assignment]  # users live behind Supabase, not Django


class SignedInRequest(AppRequest):
    """A request to a page that needs sign-in: `LoginRequiredMiddleware` let it through."""

    user: SunnsteelUser


def navigate(request: AppRequest, url: str) -> HttpResponse:
    """Go to `url` after a post: a redirect, or for htmx a client-side one (`HX-Redirect`)."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
