"""Production's collectstatic bundles and minifies our scripts and minifies our stylesheets
(sunnsteel_web/staticfiles.py): each one shipped is smaller than its source, every script and bundle still
compiles in Chromium, its strings are untouched, and production pages name a bundle instead of its parts.
The other browser tests run the sources as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.template import Context, Template
from playwright.sync_api import Page

from sunnsteel_web.offline import precached
from sunnsteel_web.staticfiles import BUNDLES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent.parent
STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""")
SOURCES = sorted(
    str(path.relative_to(ROOT / "static"))
    for pattern in ("js/**/*.js", "css/*.css")
    for path in (ROOT / "static").glob(pattern)
)


@pytest.fixture(scope="module")
def static_root(production_static_root: Path) -> Path:
    """STATIC_ROOT as production's collectstatic writes it (once per run, shared: tests/conftest.py)."""
    return production_static_root


@pytest.fixture(scope="module")
def collected(static_root: Path) -> dict[str, Path]:
    """Our static files and bundles by name, as production ships them (content-hashed)."""
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    return {name: static_root / manifest[name] for name in [*SOURCES, *BUNDLES]}


@pytest.fixture
def production_storage(static_root: Path, settings: LazySettings) -> None:
    settings.STATIC_ROOT = str(static_root)
    settings.STORAGES = {"staticfiles": {"BACKEND": "sunnsteel_web.staticfiles.MinifiedStaticFilesStorage"}}


def _source(name: str) -> str:
    """A static file's source; a bundle's is its parts', one after another."""
    return "\n".join((ROOT / "static" / part).read_text() for part in BUNDLES.get(name, (name,)))


def test_every_script_and_stylesheet_ships_smaller_than_its_source(collected: dict[str, Path]) -> None:
    assert len(collected) >= 17
    for name, shipped in collected.items():
        source = _source(name).encode()
        assert len(shipped.read_bytes()) < 0.85 * len(source), name
        assert b"\n  " not in shipped.read_bytes(), f"{name} keeps its indentation"


def test_every_minified_script_still_compiles_in_chromium(page: Page, collected: dict[str, Path]) -> None:
    scripts = {name: path.read_text() for name, path in collected.items() if name.endswith(".js")}
    errors = page.evaluate(
        """scripts => Object.entries(scripts).flatMap(([name, code]) => {
             try { new Function(code); return []; } catch (error) { return [name + ": " + error]; }
           })""",
        scripts,
    )
    assert errors == []


def _string_literals(source: str) -> set[str]:
    """The quoted strings of a script's code lines (comment lines and trailing comments left out)."""
    lines = (line for line in source.splitlines() if not line.lstrip().startswith(("//", "*")))
    code = (line.split(" // ")[0] for line in lines)
    return {literal for line in code for literal in STRING.findall(line)}


def test_every_string_comes_through_the_minifier_unchanged(collected: dict[str, Path]) -> None:
    checked = 0
    for name, shipped in collected.items():
        if name.endswith(".js"):
            literals = _string_literals(_source(name))
            missing = [literal for literal in literals if literal not in shipped.read_text()]
            assert not missing, f"{name}: {missing}"
            checked += len(literals)
    assert checked > 200


def test_a_bundle_runs_its_parts_in_their_order(collected: dict[str, Path]) -> None:
    for bundle, parts in BUNDLES.items():
        shipped = collected[bundle].read_text()
        # Where the strings found in one part only (and once in the bundle) are: part by part, in order.
        spans = []
        for part in parts:
            own = [
                shipped.index(literal)
                for literal in _string_literals(_source(part))
                if shipped.count(literal) == 1
            ]
            assert own, part
            spans.append((min(own), max(own)))
        assert all(spans[i][1] < spans[i + 1][0] for i in range(len(spans) - 1)), bundle


@pytest.mark.usefixtures("production_storage")
def test_production_pages_name_one_bundle_instead_of_its_parts() -> None:
    html = Template('{% load assets %}{% scripts "js/bundles/session.js" %}').render(Context())
    assert re.fullmatch(r'<script src="/static/js/bundles/session\.[0-9a-f]{12}\.js" defer></script>', html)
    kept = precached()  # and the service worker keeps the bundles pages name, not their parts
    assert set(BUNDLES) <= set(kept) and "js/session/rows.js" not in kept and "js/app.js" not in kept


def test_development_pages_name_each_part_as_written() -> None:
    html = Template('{% load assets %}{% scripts "js/bundles/session.js" %}').render(Context())
    assert html.count("<script") == 11 and '/static/js/session/rows.js"' in html
    assert "js/session/rows.js" in precached()
