"""What the history tests share: the demo history as the backend holds it, what it should look like filtered
(an oracle written from the contract, independent of the web app), and reading the rendered pages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any

import pytest
from django.test import Client

from tests.contract.contract_kit import Api
from tests.localbackend import LocalBackend, http_client

HTMX = {"HX-Request": "true"}
ID = r"[0-9a-f-]{36}"


@pytest.fixture(name="demo")
def demo_fixture(backend: LocalBackend, user: dict, signed_in: Client) -> Iterator[Demo]:
    with http_client() as http:
        api = Api(http, backend.api_url, backend.access_token(user["email"]))
        yield Demo(api=api, client=signed_in, backend=backend, user=user)


@dataclass
class Demo:
    """The `user` fixture's account (demo routines, ~30 finished sessions), its web client and its API."""

    api: Api
    client: Client
    backend: LocalBackend
    user: dict[str, Any]

    def sessions(self) -> list[dict[str, Any]]:
        """Every session of the user, straight from the backend."""
        return self.api.list_all_sessions(limit=50)

    def routines(self) -> list[dict[str, Any]]:
        return self.api.ok("GET", "/routines")

    def walk(self, url: str, *, htmx: bool = False) -> list[list[str]]:
        """Follows "Load more" from `url` to the end of the list; the session ids of each page, in order.

        Without htmx as a browser without JavaScript does (whole pages); with htmx as the page's script does
        (each next page is the `history-more` region)."""
        pages: list[list[str]] = []
        response = self.client.get(url)
        assert response.status_code == 200, response.content[:500]
        body = response.content.decode()
        for _ in range(100):
            pages.append(ids_in(body))
            following = next_page_url(body)
            if following is None:
                assert "You have reached the end of the list." in body or not pages[-1]
                return pages
            headers = {**HTMX, "HX-Target": "history-more"} if htmx else {}
            response = self.client.get(following, headers=headers)
            assert response.status_code == 200, response.content[:500]
            body = response.content.decode()
            if htmx:
                assert body.lstrip().startswith("<li"), body[:200]  # only the next items, to append
        raise AssertionError("the list did not end after 100 pages")


def ids_in(page: str) -> list[str]:
    return re.findall(rf'data-session-id="({ID})"', page)


def item_html(page: str, session_id: str) -> str:
    match = re.search(rf'<li class="history-item" data-session-id="{session_id}">(.*?)</li>', page, re.S)
    assert match, f"no item for {session_id}"
    return match.group(1)


def next_page_url(page: str) -> str | None:
    match = re.search(r'<li id="history-more"[^>]*>\s*<a [^>]*href="([^"]+)"', page)
    return html.unescape(match.group(1)) if match else None


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


def expected_ids(
    sessions: list[dict[str, Any]],
    *,
    status: str | None = "COMPLETED",
    routine_id: str | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
    zone: tzinfo = UTC,
    q: str = "",
    sort: str = "finishedAt:desc",
) -> list[str]:
    """The contract's list semantics, with the issue's calendar days: both ends inclusive, in `zone`."""
    bound = "startedAt" if status == "IN_PROGRESS" else "endedAt"
    chosen = []
    for session in sessions:
        if status and session["status"] != status:
            continue
        if routine_id and session["routine"]["id"] != routine_id:
            continue
        if day_from or day_to:
            when = moment(session[bound])
            if when is None:
                continue
            local_day = when.astimezone(zone).date()
            if (day_from and local_day < day_from) or (day_to and local_day > day_to):
                continue
        if q and q.casefold() not in (session.get("notes") or "").casefold():
            continue
        chosen.append(session)
    field, direction = sort.split(":")
    key = "endedAt" if field == "finishedAt" else "startedAt"
    # Missing times sort as PostgreSQL sorts NULLs: first when descending, last when ascending.
    chosen.sort(
        key=lambda s: (s[key] is None, moment(s[key]) or datetime.min.replace(tzinfo=UTC), s["id"]),
        reverse=direction == "desc",
    )
    return [session["id"] for session in chosen]
