"""A refused CSRF token: say what to do, and let the live page's script recover by itself.

Signing in again (in another tab) gives the browser a new CSRF token; a page opened before then still sends
the old one, and every form post from it is refused. Scripts (htmx, the set rows) get the 403 with the
current token in `X-CSRF-Token` and send the request again once with it; the token is that of this browser's
own cookie, readable only by pages of this site. A form sent without JavaScript gets a page saying to reload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseForbidden
from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING, CsrfViewMiddleware, get_token
from django.shortcuts import render
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt

RELOAD = (
    "This page was opened before you signed in again, so it could not be sent. "
    "Go back, reload the page, and send it again."
)
# A form sent with no token at all: only the live page's set rows do that (`same_origin_posts`), and a browser
# that does not say where a form comes from (older than Safari 16.4, Chrome 76, Firefox 90, or a privacy
# add-on removing `Origin`) needs the row's script, which sends the token.
UNVOUCHED = (
    "This browser did not say that the form came from this site, so it could not be sent. "
    "Go back and send it again with JavaScript turned on, or update the browser."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=403)
        response["X-CSRF-Token"] = get_token(request)
        return response
    if reason == REASON_CSRF_TOKEN_MISSING:
        toast = {"title": "Not sent", "message": UNVOUCHED}
    else:
        toast = {"title": "Page out of date", "message": RELOAD}
    context = {"toast": toast, "status": 403}
    return render(request, "error.html", context, status=403)


class _TokenOrSameOrigin(CsrfViewMiddleware):
    """Django's check, and one more way to pass it: a browser's form post with no token at all, when the
    browser itself says it comes from a page of this site (`Sec-Fetch-Site: same-origin`, and an `Origin`),
    is checked as if it carried this browser's own token (from its CSRF cookie, which must be there). The
    rest of Django's check is unchanged: the `Origin` is compared with this site before any token (another
    site's is refused), and a token that was sent is checked as everywhere."""

    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., HttpResponseBase],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseForbidden | None:
        if (
            request.method == "POST"
            and fetched_same_origin(request)
            and settings.CSRF_COOKIE_NAME in request.COOKIES
            and not request.POST.get("csrfmiddlewaretoken")
            and settings.CSRF_HEADER_NAME not in request.META
        ):
            request.META[settings.CSRF_HEADER_NAME] = get_token(request)
        return super().process_view(request, callback, callback_args, callback_kwargs)


def fetched_same_origin(request: HttpRequest) -> bool:
    """The browser's own word that a request comes from a page of this site: `Sec-Fetch-Site` and `Origin`
    are set by the browser, never by a page's script or another site (forbidden header names)."""
    return request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin" and "HTTP_ORIGIN" in request.META


def same_origin_posts[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """CSRF for forms without a token field (the live page's set rows: one form per set, and a 111-character
    field in each was a tenth of the page): a post passes with a right token (field or `X-CSRFToken`, as
    everywhere), or with none when the browser vouches that it comes from this site (`_TokenOrSameOrigin`;
    why this is as safe: "CSRF" in the README). A wrong token is refused as everywhere."""
    return csrf_exempt(cast(Callable[P, HttpResponse], decorator_from_middleware(_TokenOrSameOrigin)(view)))
