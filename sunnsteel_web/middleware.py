"""Project-wide middleware: request ids, and backend errors turned into what the user sees."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from sunnsteel_web.backend import errors
from sunnsteel_web.http import AppRequest
from sunnsteel_web.navigation import current_page, login_url
from sunnsteel_web.request_context import new_request_id, set_deadline, set_request_id
from sunnsteel_web.toasts import add_toast, pending_toasts, stale_toast, toast_for

log = logging.getLogger("sunnsteel_web")


class RequestIdMiddleware:
    """Gives every request an id (kept from `X-Request-ID` when a proxy set one), sent on to the backend, and
    its deadline: the backend calls of one page share `BACKEND_PAGE_DEADLINE` seconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id(request.headers.get("X-Request-ID"))
        set_request_id(request_id)
        set_deadline(settings.BACKEND_PAGE_DEADLINE or None)
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        set_deadline(None)
        return response


class BackendErrorMiddleware:
    """Turns a backend error that a view did not handle into what the user sees, and delivers toasts.

    - Lost sign-in (401 after one refresh and retry): back to the login page, returning here afterwards.
    - htmx request: the error status with the toast in `HX-Trigger` (htmx reads it even when it does not
      swap an error response); the rest of the page stays as it was.
    - Full page, GET: an error page in our layout: 404; 503 when the backend gave no usable answer; 502 when
      it answered 5xx; otherwise the backend's 4xx status.
    - Full page, form POST: the toast as a message, back to the page the form was on.

    On every htmx response that does not navigate away, pending messages travel as an `HX-Trigger`
    `toasts` event, so views never write toast markup — with a note when a last good copy was shown because
    an answer could not be refreshed (a full page draws that note itself, `toasts.html`). The error was
    already logged once by the client.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "htmx", False) and not _navigates_away(response):
            toasts = pending_toasts(request)
            stale = stale_toast(request) if response.status_code != 204 else None
            if stale is not None:  # what was swapped in is a last good copy: say as of when
                toasts.append(stale.as_dict())
            if toasts:
                _toasts_event(response, toasts)
        return response

    def process_exception(self, request: AppRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, errors.ApiError):
            return None
        toast = toast_for(exception)
        if isinstance(exception, errors.NotAuthenticated):
            request.session.flush()  # signed out here: nothing of the user stays in this browser
            add_toast(request, toast)
            target = login_url(next_path=current_page(request))
            return HttpResponseClientRedirect(target) if request.htmx else HttpResponseRedirect(target)
        status = _status_for(exception)
        if request.htmx:
            response = HttpResponse(status=status)
            _toasts_event(response, [toast.as_dict()])
            return response
        if request.method in ("GET", "HEAD"):
            template = {404: "404.html", 503: "503.html"}.get(status, "error.html")
            return render(request, template, {"toast": toast, "status": status}, status=status)
        add_toast(request, toast)
        return HttpResponseRedirect(current_page(request))


def _status_for(exception: errors.ApiError) -> int:
    if isinstance(exception, errors.BackendUnavailable):
        return 503
    if exception.status >= 500:
        return 502
    return exception.status or 500


def _navigates_away(response: HttpResponse) -> bool:
    return response.status_code in (301, 302, 303) or any(
        header in response for header in ("HX-Redirect", "HX-Location", "HX-Refresh")
    )


def _toasts_event(response: HttpResponse, toasts: list[dict[str, Any]]) -> None:
    """`HX-Trigger: {"toasts": [...]}`, beside any event the view set. A list, not an object: htmx hands
    it to listeners as `detail.value` (app.js); the live page's fetch reads the header itself (answers.js).
    """
    trigger_client_event(response, "toasts", toasts)  # type: ignore[arg-type]  # any JSON value is sent as is
