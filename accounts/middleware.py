"""The Supabase session, held server-side, turned into `request.user` and `request.api` for every view."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any, cast

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect

from accounts import auth, services, tokens
from accounts.tokens import TokenState
from sunnsteel_web.backend import errors
from sunnsteel_web.backend.client import BackendClient
from sunnsteel_web.http import AppRequest
from sunnsteel_web.navigation import client_ip, current_page, login_url
from sunnsteel_web.toasts import notify


class SupabaseSessionMiddleware(AuthenticationMiddleware):
    """Gives views `request.user` (a `SunnsteelUser` or anonymous) and `request.api` (a backend client).

    The access token is refreshed shortly before it expires, once even when several requests of one browser
    arrive together (see `accounts.tokens`). When the refresh token is no longer valid the user is signed
    out cleanly, and `LoginRequiredMiddleware` sends them to the login page with a way back. A form post or an
    htmx request is let through to its view first, with a client that refuses every backend call as signed
    out (without asking the backend): the view keeps what was typed, and the user returns to the page the
    form was on, not to the post's URL; a background refresh (the resume bar) leaves the page alone.
    When Supabase Auth does not answer, nobody is signed out: the page says the service is unavailable.

    It takes the place of Django's AuthenticationMiddleware (users live behind Supabase, not in a database).
    """

    def process_request(self, request: HttpRequest) -> None:
        request = cast(AppRequest, request)  # what this method makes of it
        ip = client_ip(request)
        request.user = AnonymousUser()
        request.api = BackendClient(client_ip=ip)
        state = tokens.current_state(request)
        if state is None:
            return
        renewable, refusal = True, None
        if tokens.needs_refresh(state):
            state, renewable, refusal = _refresh_before(request, state)
        if state is None:
            return
        user = state.user
        request.user = user
        request.api = BackendClient(
            token=state.tokens.access_token,
            user_key=user.id,
            client_ip=ip,
            on_unauthorized=partial(_renew_after_401, request) if renewable else None,
            refusal=refusal,
        )


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a signed-in user unless its view is marked `@login_not_required`.

    An htmx request from a page whose sign-in was lost gets `HX-Redirect` to the login page (never a login
    form swapped into a fragment), with the page the user was on as `next`; so does a form post (its own URL
    would answer 405 to the GET after signing in).
    """

    # Django passes on whatever this returns; its stubs promise an HttpResponseRedirect.
    def handle_no_permission(self, request: HttpRequest, view_func: Any) -> HttpResponse:  # type: ignore[override]
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(login_url(next_path=current_page(request)))
        if request.method not in ("GET", "HEAD"):
            return HttpResponseRedirect(login_url(next_path=current_page(request)))
        return super().handle_no_permission(request, view_func)


type Refusal = Callable[..., errors.ApiError]  # makes the error; called with route=...


def _refresh_before(
    request: HttpRequest, state: TokenState
) -> tuple[TokenState | None, bool, Refusal | None]:
    """Renews a token about to expire. Returns the state to go on with (None: signed out), whether a later
    401 may try to renew again, and the error every backend call of this request fails with, unasked."""
    try:
        renewed = tokens.refresh(request, state, then=partial(_catch_up_on_profile, request))
    except auth.AuthUnavailable:
        if state.tokens.expires_at > time.time():
            return state, True, None  # still good for now; a 401 tries once more
        # Expired, and nobody can say whether the sign-in still holds: calls fail as unavailable, unsent.
        return state, False, partial(errors.SignInUnavailable, "Not sent: the auth service is not answering")
    if renewed is not None:
        return renewed, True, None
    if request.method in ("GET", "HEAD") and not getattr(request, "htmx", False):
        tokens.sign_out_locally(request)  # a page: straight to the login page, and back here afterwards
        notify(
            request, "Your session has ended. Please sign in to continue.", title="Signed out", level="info"
        )
        return None, False, None
    # A form post or an htmx request: its view runs, and its backend calls fail as signed out without asking
    # the backend; the view keeps what was typed, and BackendErrorMiddleware signs out and goes to the login
    # page, returning to the page the user was on. A view that calls nothing (the resume bar) changes nothing.
    return state, False, partial(errors.NotAuthenticated, "Not sent: the sign-in has ended", status=401)


def _catch_up_on_profile(request: HttpRequest, state: TokenState) -> TokenState:
    """The name and weight unit kept in the session may have been changed on another device: read them again
    with each renewal (about hourly), so such a change arrives here within the hour at one backend call."""
    user_id, ip = state.user.id, client_ip(request)
    api = BackendClient(token=state.tokens.access_token, user_key=user_id, client_ip=ip)
    try:
        profile = services.user_profile_get(api)
    except errors.ApiError:
        return state  # logged by the client; the copy in the session serves until the next renewal
    tokens.update_user(request, profile)
    return tokens.current_state(request) or state


def _renew_after_401(request: HttpRequest) -> str | None:
    """The backend refused the token mid-page: refresh once so the client can retry the call once.

    None when the sign-in is over. When Supabase Auth does not answer, that is not known: the call fails as
    unavailable (the user stays signed in, and what they typed is kept) rather than as signed out."""
    state = tokens.current_state(request)
    if state is None:
        return None
    try:
        renewed = tokens.refresh(request, state)
    except auth.AuthUnavailable as exc:
        raise errors.SignInUnavailable(f"the auth service did not renew the token: {exc}") from exc
    return renewed.tokens.access_token if renewed else None
