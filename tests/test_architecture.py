"""The web app only speaks HTTP to its backend: it never imports the local backend."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
WEB_PACKAGES = ["sunnsteel_web", "accounts", "routines", "workouts", "dashboard", "progress"]


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in {
            "import_module",
            "__import__",
        }:
            modules.update(
                arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return modules


def test_no_web_app_module_imports_the_local_backend() -> None:
    sources = [p for package in WEB_PACKAGES for p in (ROOT / package).rglob("*.py")]
    assert len(sources) > 10  # the scan really looked at the web app
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] == "local_backend"
        )
        for path in sources
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_the_import_scan_would_catch_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom local_backend.models import User\nimportlib.import_module('local_backend')\n"
    )
    assert {"local_backend.models", "local_backend"} <= _imported_modules(sample)


FEATURE_APPS = ["accounts", "routines", "workouts", "dashboard", "progress"]


def test_the_project_package_depends_on_no_app() -> None:
    """Apps build on `sunnsteel_web`; it never reaches up into them (not even for type hints)."""
    sources = list((ROOT / "sunnsteel_web").rglob("*.py"))
    assert len(sources) > 5
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in FEATURE_APPS
        )
        for path in sources
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_every_installed_app_is_scanned() -> None:
    installed = {name for name in settings.INSTALLED_APPS if not name.startswith(("django", "whitenoise"))}
    assert installed - {"sunnsteel_web"} == set(FEATURE_APPS) == set(WEB_PACKAGES) - {"sunnsteel_web"}


AUTH_CLIENT_PACKAGES = {"supabase", "supabase_auth", "gotrue"}  # supabase-py and its auth part, old and new
AUTH_CHOKEPOINT = "accounts/auth.py"


def test_only_the_auth_chokepoint_imports_supabase_py() -> None:
    """Supabase Auth is spoken to in one module, which maps supabase-py's errors to ours: no view catches a
    supabase-py exception or builds a Supabase payload."""
    sources = [p for package in WEB_PACKAGES for p in (ROOT / package).rglob("*.py")]
    users = {
        str(path.relative_to(ROOT))
        for path in sources
        if any(m.split(".")[0] in AUTH_CLIENT_PACKAGES for m in _imported_modules(path))
    }
    assert users == {AUTH_CHOKEPOINT}  # and the chokepoint really is where supabase-py is used
