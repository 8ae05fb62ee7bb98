"""Every page loads its stylesheets and scripts once, from the head, from our own static files: nothing
render-blocking in the body, no inline script (CSP), and each file cacheable forever in production."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.localbackend import LocalBackend

ASSET = re.compile(r'<link rel="stylesheet" href="([^"]+)"|<script\b([^>]*)>')


@pytest.fixture
def signed_in(backend: LocalBackend) -> Client:
    account = backend.create_user(demo_data=True)
    client = Client()
    assert (
        client.post("/login", {"email": account["email"], "password": account["password"]}).status_code == 302
    )
    return client


def _pages(client: Client) -> dict[str, str]:
    routines = client.get("/routines/").content.decode()
    routine = re.search(r'href="(/routines/[0-9a-f-]{36})"', routines)
    assert routine
    detail = client.get(routine[1]).content.decode()
    exercise = re.search(r'href="(/exercises/[^"]+)"', detail)
    assert exercise
    start = re.search(
        r'name="routine_id" value="([^"]+)">\s*<input type="hidden" name="routine_day_id" value="([^"]+)"',
        detail,
    )
    assert start
    started = client.post("/workouts/start", {"routine_id": start[1], "routine_day_id": start[2]})
    paths = ["/", "/routines/", routine[1], "/workouts/history", "/profile", exercise[1], started["Location"]]
    return {path: client.get(path).content.decode() for path in paths}


def test_signed_in_pages_load_every_stylesheet_and_script_once_from_the_head(signed_in: Client) -> None:
    for path, html in _pages(signed_in).items():
        head, body = html.split("</head>", 1)
        assert not ASSET.search(body), f"{path}: a stylesheet or script in the body"
        sources = [m[0] or m[1] for m in ASSET.finditer(head)]
        assert len(sources) == len(set(sources)), f"{path} loads a file twice: {sources}"
        assert sum("js/workout.js" in s for s in sources) == 1, path  # dialogs, the bar's refresh
        for match in ASSET.finditer(head):
            if match[2] is not None:
                assert 'src="/static/' in match[2], f"{path}: an inline script"


def test_pages_without_workout_content_do_not_load_the_workout_stylesheet(signed_in: Client) -> None:
    pages = _pages(signed_in)
    for path in ("/profile", next(p for p in pages if p.startswith("/exercises/"))):
        assert "css/workout.css" not in pages[path], path
    assert "workout-banner" in pages["/profile"]  # the resume bar is there, styled by app.css


def test_the_live_workout_page_loads_no_htmx_and_the_other_pages_still_do(signed_in: Client) -> None:
    pages = _pages(signed_in)
    (live_path,) = [path for path in pages if re.fullmatch(r"/workouts/[0-9a-f-]{36}", path)]
    live = pages.pop(live_path)
    assert "data-workout-session" in live and "Discard workout" in live
    assert "htmx" not in live and not re.search(r"\shx-[a-z]+=", live), "the live page references htmx"
    # Finish and Discard still ask first, through the page's own loader, and work as plain links and forms.
    assert "js/session/dialogs.js" in live and 'id="dialog-slot"' in live
    for path, html in pages.items():
        assert "htmx-2" in html and "hx-headers" in html, path


def test_each_of_our_scripts_is_a_module_one_reader_can_hold() -> None:
    """The live workout's scripts are split along their seams (static/js/session/), none past ~200 lines."""
    ours = sorted(Path(settings.BASE_DIR, "static", "js").rglob("*.js"))
    too_long = {str(path): n for path in ours if (n := len(path.read_text().splitlines())) > 200}
    assert len(ours) >= 18 and too_long == {}
