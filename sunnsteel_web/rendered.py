"""A signed-in page drawn once for the same inputs, then served from this process's memory.

Rendering is most of a page's server time once its backend answers come from the cache (profiled: three
quarters of the routines page's CPU, two thirds of history's). A page is a function of what it is drawn from:
the view's context (parsed from the cached answers, so a change the user made, or any newer answer, is a
different context), the signed-in person, the URL, the htmx headers and the active time zone. What a context
processor would hand the template lazily must be in the context instead (the resume bar's workout:
`workouts.context_processors.render_page`). `render_page` keeps the HTML under a digest of all of that, so it
can only ever serve what drawing the page again would give: never another user's page (the user is in the
digest), never an older answer's (the answer is).

What must differ per response is not kept: the CSRF token is drawn as a placeholder and each response gets its
own masked token (BREACH: see the README's "Compression"); a page with toasts to show, or that showed a last
good copy of an answer it could not refresh (its "Possibly out of date" note), is drawn as usual and not kept.
A context that cannot be pickled (a function in it) is drawn as usual.

Kept per process, bounded (`MAX_PAGES`, the least recently served dropped first): a few megabytes.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms import BaseForm
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from pydantic import BaseModel

from sunnsteel_web.http import SignedInRequest

MAX_PAGES = 300
# Stands in for the CSRF token in a kept page, replaced by the response's own masked token before it is
# sent: random per process, so no text a user typed can be it; nothing in a page is escaped into it.
CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(16)}"

_pages: OrderedDict[bytes, str] = OrderedDict()
_lock = threading.Lock()


def render_page(
    request: SignedInRequest, template_name: str, context: Mapping[str, Any], *, status: int = 200
) -> HttpResponse:
    """`render(request, template_name, context, status=status)`, drawn once per distinct input (see the
    module)."""
    key = _key(request, template_name, context, status)
    if key is None:
        return render(request, template_name, context, status=status)
    with _lock:
        html = _pages.get(key)
        if html is not None:
            _pages.move_to_end(key)
    if html is None:
        html = render_to_string(template_name, {**context, "csrf_token": CSRF_PLACEHOLDER}, request)
        if request.api.stale_as_of is None:  # nothing read while drawing it was a last good copy
            with _lock:
                _pages[key] = html
                while len(_pages) > MAX_PAGES:
                    _pages.popitem(last=False)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))  # one fresh mask per response, as Django's
    return HttpResponse(html, status=status)


@receiver(setting_changed)
def forget(**kwargs: Any) -> None:
    """Drops every kept page (and on any change of settings: a page drawn under others is not kept)."""
    with _lock:
        _pages.clear()


def _key(
    request: SignedInRequest, template_name: str, context: Mapping[str, Any], status: int
) -> bytes | None:
    """The digest of everything the page is drawn from; None when it must be drawn afresh."""
    if request.api.stale_as_of is not None or len(messages.get_messages(request)):
        return None  # a note or toasts to draw, and to draw once
    user = request.user
    headers = request.headers
    inputs = (
        template_name,
        status,
        (user.id, user.email, user.name, user.display_name, user.weight_unit),
        request.method,
        request.get_full_path(),
        tuple(headers.get(name) for name in ("HX-Request", "HX-Target", "HX-History-Restore-Request")),
        timezone.get_current_timezone_name(),
        dict(context),
    )
    digest = hashlib.blake2b(digest_size=20)
    try:
        _Pickler(_Digest(digest)).dump(inputs)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return digest.digest()


class _Digest(io.RawIOBase):
    """A file that hashes what is written to it (the pickle is never held whole)."""

    def __init__(self, digest: Any) -> None:
        self.digest = digest

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return len(data)


class _Pickler(pickle.Pickler):
    """Pickles what decides a page's HTML, in a form cheaper to write than the object itself."""

    def __init__(self, file: Any) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)

    def reducer_override(self, obj: Any) -> Any:
        kind = _kinds.get(type(obj))
        if kind is None:
            kind = _kinds[type(obj)] = _kind_of(type(obj))
        if kind == "form":  # a form is what it was given (its fields' definitions are code)
            data = sorted(obj.data.lists()) if hasattr(obj.data, "lists") else dict(obj.data)
            return _form, (type(obj).__qualname__, obj.prefix, obj.is_bound, data, dict(obj.initial))
        if kind == "model":  # its fields and private attributes, without pydantic's pickling machinery
            return _model, (type(obj).__qualname__, obj.__dict__, obj.__pydantic_private__)
        if kind == "fingerprinted" and obj.fingerprint is not None:  # a large model with its own digest
            return _model, (type(obj).__qualname__, obj.fingerprint)
        return NotImplemented


_kinds: dict[type, str] = {}


def _kind_of(cls: type) -> str:
    if issubclass(cls, BaseForm):
        return "form"
    if issubclass(cls, BaseModel):
        return "fingerprinted" if isinstance(getattr(cls, "fingerprint", None), property) else "model"
    return "plain"


def _form(*parts: Any) -> None:  # names what a reduced form stands for in a digest
    raise pickle.UnpicklingError("a page digest's stand-in is never unpickled")


def _model(*parts: Any) -> None:  # likewise for a model
    raise pickle.UnpicklingError("a page digest's stand-in is never unpickled")
