"""A refused CSRF token: say what to do, and let the live page's script recover by itself.

Signing in again (in another tab) gives the browser a new CSRF token; a page opened before then still sends
the old one, and every form post from it is refused. Scripts (htmx, the set rows) get the 403 with the
current token in `X-CSRF-Token` and send the request again once with it; the token is that of this browser's
own cookie, readable only by pages of this site. A form sent without JavaScript gets a page saying to reload.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render

RELOAD = (
    "This page was opened before you signed in again, so it could not be sent. "
    "Go back, reload the page, and send it again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=403)
        response["X-CSRF-Token"] = get_token(request)
        return response
    context = {"toast": {"title": "Page out of date", "message": RELOAD}, "status": 403}
    return render(request, "error.html", context, status=403)
