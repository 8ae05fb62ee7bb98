"""Where to send people around sign-in: the login URL with a return path, and safe `next` values."""

from __future__ import annotations

from urllib.parse import urlencode

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
