"""Where people are and where to send them: the page a request came from, the login URL with a way back,
safe `next` values, and the user's address. Shared by the project's middleware and the apps."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def login_url(next_path: str | None = None) -> str:
    url = reverse("accounts:login")
    if next_path and next_path != "/" and is_safe_next(next_path):
        url += "?" + urlencode({"next": next_path})
    return url


def is_safe_next(candidate: str) -> bool:
    """Only same-site paths: no scheme, no host, no protocol-relative `//evil`, no backslash tricks."""
    return (
        candidate.startswith("/")
        and not candidate.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts=set())
    )


def next_or_home(request: HttpRequest, candidate: str | None = None) -> str:
    candidate = candidate if candidate is not None else request.POST.get("next") or request.GET.get("next")
    if candidate and is_safe_next(candidate) and not candidate.startswith(reverse("accounts:login")):
        return candidate
    return resolve_url("home")


def current_page(request: HttpRequest) -> str:
    """The page the user is on (a same-site path): for htmx the URL in the address bar, for a form POST the
    referring page, else this request's own path (home for a form POST, which has no page of its own)."""
    candidate = request.headers.get("HX-Current-URL") if getattr(request, "htmx", False) else None
    if candidate is None and request.method not in ("GET", "HEAD"):
        candidate = request.headers.get("Referer") or "/"
    if candidate is None:
        return request.get_full_path()
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    parts = urlsplit(candidate)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if is_safe_next(path) else "/"


def client_ip(request: HttpRequest) -> str | None:
    """The user's address. Behind a trusted proxy (TRUST_X_FORWARDED_FOR), the last X-Forwarded-For entry:
    the one that proxy added. Earlier entries come from the client and can say anything."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
