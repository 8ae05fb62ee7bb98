"""Supabase Auth clients for a multi-user server (see ../shared/docs/supabase-auth.md).

A supabase-py client holds one user's state (session, PKCE verifier, rewritten Authorization header), so
every request builds its own — cheap, because they all share the process-wide httpx pool. Options and
storage are fresh per client (shared ones leak state between users); `auto_refresh_token=False` (its timer
thread would rotate refresh tokens behind our back); `persist_session=False` (we keep the tokens ourselves,
see `accounts.tokens`). The only thing kept in storage is the PKCE verifier, which must survive the
redirect to the provider and back, so that storage is the user's Django session.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pydantic
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from supabase import ClientOptions, create_client
from supabase_auth import SyncGoTrueClient, SyncSupportedStorage
from supabase_auth.errors import AuthUnknownError

from sunnsteel_web.backend.client import http_pool

_STORE = "sunnsteel.auth.pkce"


class DjangoSessionStorage(SyncSupportedStorage):
    """supabase-py's storage interface over one user's Django session."""

    def __init__(self, session: SessionBase) -> None:
        self.session = session

    def get_item(self, key: str) -> str | None:
        stored: dict[str, str] = self.session.get(_STORE, {})
        return stored.get(key)

    def set_item(self, key: str, value: str) -> None:
        self.session[_STORE] = {**self.session.get(_STORE, {}), key: value}

    def remove_item(self, key: str) -> None:
        store = dict(self.session.get(_STORE, {}))
        if store.pop(key, None) is not None:
            self.session[_STORE] = store


def supabase_auth(session: SessionBase | None = None) -> SyncGoTrueClient:
    """A new auth client for one request; pass the Django session for flows with a PKCE verifier."""
    options = ClientOptions(
        auto_refresh_token=False,
        persist_session=False,
        flow_type="pkce",
        httpx_client=http_pool(),
    )
    if session is not None:
        options.storage = DjangoSessionStorage(session)
    return create_client(settings.SUPABASE_URL, settings.SUPABASE_ANON_KEY, options=options).auth


@contextmanager
def auth_answers() -> Iterator[None]:
    """supabase-py lets a malformed success answer escape as a pydantic ValidationError; inside this block it
    becomes an `AuthUnknownError` like any other answer the client cannot use ("service not answering")."""
    try:
        yield
    except pydantic.ValidationError as exc:
        raise AuthUnknownError("Unexpected answer from the auth service", exc) from None
