"""The sign-in pages are plain forms: they ship no htmx and at most 2 KiB of script, all from our files
(counted as production sends them: minified by collectstatic, before compression)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
import pytest
from django.test import Client

from sunnsteel_web.staticfiles import minifier
from tests.localbackend import LocalBackend

SCRIPT = re.compile(r"<script\b([^>]*)>")
SRC = re.compile(r'\bsrc="([^"]+)"')
BUDGET = 2 * 1024


def _script_bytes(client: Client, html: str) -> tuple[list[str], int]:
    """The scripts a page references and the sum of their sizes minified as production serves them."""
    sources = []
    for attributes in SCRIPT.findall(html):
        source = SRC.search(attributes)
        assert source, "an inline script"  # CSP: none anywhere
        sources.append(source[1])
    total = 0
    for source in sources:
        response = client.get(source)
        assert response.status_code == 200, source
        body = b"".join(response.streaming_content) if response.streaming else response.content
        minify = minifier(source)  # None: already minified (htmx)
        total += len(minify(body.decode()).encode() if minify else body)
    return sources, total


@pytest.mark.parametrize("path", ["/login", "/signup", "/forgot-password"])
def test_a_sign_in_page_ships_at_most_2_kib_of_script_and_no_htmx(path: str) -> None:
    client = Client()
    sources, total = _script_bytes(client, client.get(path).content.decode())
    assert sources and not any("htmx" in source for source in sources)
    assert total <= BUDGET, f"{path}: {total} bytes of script ({sources})"


def test_the_new_password_page_after_a_reset_link_ships_at_most_2_kib_of_script(
    backend: LocalBackend, user: dict
) -> None:
    client = Client()
    client.post("/forgot-password", {"email": user["email"]})
    (mail,) = backend.outbox()
    landing = urlsplit(httpx.get(mail["link"], follow_redirects=False).headers["Location"])
    client.get(f"{landing.path}?{landing.query}")
    page = client.get("/reset-password").content.decode()
    assert "Choose a new password" in page
    sources, total = _script_bytes(client, page)
    assert not any("htmx" in source for source in sources) and total <= BUDGET


def test_signed_in_pages_still_get_htmx(user: dict) -> None:
    client = Client()
    assert client.post("/login", {"email": user["email"], "password": user["password"]}).status_code == 302
    sources, _ = _script_bytes(client, client.get("/").content.decode())
    assert any("htmx" in source for source in sources)
