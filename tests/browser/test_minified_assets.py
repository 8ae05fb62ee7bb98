"""Production's collectstatic minifies our scripts and stylesheets (sunnsteel_web/staticfiles.py): each one
shipped is smaller than its source, every script still compiles in Chromium, and its strings are untouched.
The other browser tests run the sources as written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent.parent
STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""")
SOURCES = sorted(
    str(path.relative_to(ROOT / "static"))
    for pattern in ("js/**/*.js", "css/*.css")
    for path in (ROOT / "static").glob(pattern)
)


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Our static files by source name, as production's collectstatic writes them (content-hashed)."""
    root = tmp_path_factory.mktemp("static")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"},
        "SUNNSTEEL_ENV": "production",
        "SECRET_KEY": "x" * 30 + "-production-test-secret-key-0123456789",
        "ALLOWED_HOSTS": "app.sunnsteel.example",
        "STATIC_ROOT": str(root),
    }
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    return {name: root / manifest[name] for name in SOURCES}


def test_every_script_and_stylesheet_ships_smaller_than_its_source(collected: dict[str, Path]) -> None:
    assert len(collected) >= 15
    for name, shipped in collected.items():
        source = (ROOT / "static" / name).read_bytes()
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
            literals = _string_literals((ROOT / "static" / name).read_text())
            missing = [literal for literal in literals if literal not in shipped.read_text()]
            assert not missing, f"{name}: {missing}"
            checked += len(literals)
    assert checked > 200
