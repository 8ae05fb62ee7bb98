"""The request as this project's middleware leaves it: what views may rely on, spelled out for type checkers.

Django still builds plain `HttpRequest` objects; these classes only name the attributes the middleware
adds: `htmx` (django-htmx), `request_id` (RequestIdMiddleware), `api` and `user` (SupabaseSessionMiddleware).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect

from sunnsteel_web.backend.schema import WeightUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_htmx.middleware import HtmxDetails

    from sunnsteel_web.backend.client import BackendClient


class SignedInUser(Protocol):
    """What pages may read of the signed-in person (`accounts.tokens.SunnsteelUser` is the one there is)."""

    @property
    def id(self) -> str: ...
    @property
    def pk(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def weight_unit(self) -> WeightUnit: ...
    @property
    def display_name(self) -> str: ...
    @property
    def is_authenticated(self) -> bool: ...


class AppRequest(HttpRequest):
    """Any request, signed in or not."""

    api: BackendClient  # the backend client, with the user's token when there is one
    htmx: HtmxDetails
    request_id: str
    user: SignedInUser | AnonymousUser  # type: ignore[assignment]  # users live behind Supabase, not Django


class SignedInRequest(AppRequest):
    """A request to a page that needs sign-in: `LoginRequiredMiddleware` let it through."""

    user: SignedInUser


def navigate(request: AppRequest, url: str) -> HttpResponse:
    """Go to `url` after a post: a redirect, or for htmx a client-side one (`HX-Redirect`)."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def is_beacon(request: HttpRequest) -> bool:
    """A post `navigator.sendBeacon` sent as its page went away or out of sight: nobody reads the answer,
    so none need be drawn. The browser says so in `Sec-Fetch-Mode` ("no-cors"; a form's post is
    "navigate", htmx's "cors")."""
    return request.method == "POST" and request.headers.get("Sec-Fetch-Mode") == "no-cors"
