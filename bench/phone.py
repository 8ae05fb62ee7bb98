"""One simulated phone or laptop: its own cookies and address, speaking to the web app as a browser does."""

from __future__ import annotations

import base64
import html
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

HTMX = {"HX-Request": "true"}
SET_ROW = re.compile(
    r'<form id="(?P<dom_id>s(?P<slot>[\w-]{22})-(?P<number>\d+))".*?action="(?P<action>[^"]+)".*?</form>',
    re.S,
)
HIDDEN = re.compile(r'<input type="hidden" name="(completed)" value="([^"]*)"')
SESSION_URL = re.compile(r"/workouts/([0-9a-f-]{36})")
PAGE_SESSION = re.compile(r'data-session-id="([0-9a-f-]{36})"')


@dataclass
class SetRow:
    slot: str  # the exercise slot's id
    number: int
    action: str  # the session page, `?s=` the row's reference (workouts/slots.py)
    fields: dict[str, str]
    dom_id: str


@dataclass
class Phone:
    web_url: str
    address: str  # X-Forwarded-For, as the proxy in front of the app would set it
    transport: httpx.BaseTransport | None = None
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(
            base_url=self.web_url,
            timeout=60,
            headers={"X-Forwarded-For": self.address},
            follow_redirects=False,
            transport=self.transport,
        )

    def close(self) -> None:
        self.http.close()

    def _csrf(self) -> dict[str, str]:
        token = self.http.cookies.get("csrftoken") or ""
        return {"X-CSRFToken": token}

    def sign_in(self, email: str, password: str) -> httpx.Response:
        self.http.get("/login")
        return self.http.post(
            "/login",
            data={"email": email, "password": password},
            headers={**self._csrf(), "Referer": f"{self.web_url}/login"},
        )

    def get(self, path: str, *, htmx: bool = False) -> httpx.Response:
        return self.http.get(path, headers=HTMX if htmx else None)

    def post(self, path: str, data: dict[str, Any], *, htmx: bool = False) -> httpx.Response:
        headers = {**self._csrf(), "Referer": f"{self.web_url}{path}", **(HTMX if htmx else {})}
        return self.http.post(path, data=data, headers=headers)

    def timed(self, call: Any, *args: Any, **kwargs: Any) -> tuple[httpx.Response, float]:
        began = time.monotonic()
        response = call(*args, **kwargs)
        return response, time.monotonic() - began


def set_rows(page: str) -> list[SetRow]:
    found = PAGE_SESSION.search(page)
    page_url = f"/workouts/{found.group(1)}" if found else ""
    rows = []
    for match in SET_ROW.finditer(page):
        fields = {"completed": "0", **dict(HIDDEN.findall(match.group(0)))}
        slot = str(uuid.UUID(bytes=base64.urlsafe_b64decode(match["slot"] + "==")))
        action = html.unescape(match["action"])
        rows.append(SetRow(slot, int(match["number"]), page_url + action, fields, match["dom_id"]))
    return rows


def session_id_in(url: str) -> str | None:
    match = SESSION_URL.search(url)
    return match.group(1) if match else None
