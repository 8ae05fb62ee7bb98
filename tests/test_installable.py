"""The app installs to the home screen: a manifest with real icons, and a service worker, served correctly."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from django.test import Client

from tests.people import Person, make_person_fixture, newcomer_fixture  # noqa: F401
from tests.workouts.lifters import http_fixture  # noqa: F401

STATIC = Path(__file__).resolve().parent.parent / "static"


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_manifest_names_the_app_and_icons_of_the_sizes_browsers_ask_for() -> None:
    response = Client().get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Sunnsteel" and manifest["short_name"] == "Sunnsteel"
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert manifest["theme_color"] and manifest["background_color"]
    sizes = {}
    for icon in manifest["icons"]:
        if icon["type"] == "image/png":
            file = STATIC / icon["src"].removeprefix("/static/")
            assert _png_size(file) == tuple(int(n) for n in icon["sizes"].split("x")), icon
            sizes[icon["sizes"], icon.get("purpose", "any")] = file
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(sizes)
    assert _png_size(STATIC / "icons" / "apple-touch-icon.png") == (180, 180)


def test_the_service_worker_is_served_fresh_from_the_root_with_the_current_static_names() -> None:
    response = Client().get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    assert '"/static/js/app.js"' in script and '"/static/css/app.css"' in script
    assert "/*PRECACHE*/[]" not in script and 'const VERSION = "dev"' not in script
    kept = json.loads(script.split("const PRECACHE = ", 1)[1].split(";", 1)[0])
    assert '"/static/js/session/rows.js"' in script and "/static/js/sw.js" not in kept
    for url in kept:  # the worker's install fails whole if one of them is missing
        assert Client().get(url).status_code == 200, url


def test_every_page_links_the_manifest_and_names_whose_page_it_is_without_a_token(newcomer: Person) -> None:
    login = Client().get("/login")
    home = newcomer.client.get("/")

    for response in (login, home):
        assert '<link rel="manifest" href="/manifest.webmanifest">' in response.content.decode()
    assert login["X-Sunnsteel-User"] == ""
    key = home["X-Sunnsteel-User"]
    assert len(key) == 20 and newcomer.account["id"] not in key
    assert newcomer.client.get("/routines/")["X-Sunnsteel-User"] == key


def test_a_signed_in_page_is_kept_by_no_shared_cache(newcomer: Person) -> None:
    for path in ("/", "/routines/", "/workouts/history"):
        assert newcomer.client.get(path)["Cache-Control"] == "private", path
    assert "private" not in Client().get("/login").get("Cache-Control", "")  # nobody's page


def test_the_offline_page_is_public_and_holds_nobodys_data() -> None:
    page = Client().get("/offline").content.decode()

    assert "You are offline" in page and "Sign out" not in page
