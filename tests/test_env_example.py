"""`.env.example` lists every environment variable the code reads, so a newcomer finds each setting there."""

from __future__ import annotations

import re

from tests.localbackend import REPO_ROOT

SOURCES = ("sunnsteel_web", "accounts", "routines", "workouts", "local_backend", "scripts")
# env_str("NAME"), env_int("NAME"), os.environ.get("NAME"), os.getenv("NAME"), env.setdefault("NAME") ...
READ = re.compile(r'\b(?:env_[a-z]+|os\.environ\.get|os\.getenv|env\.setdefault)\(\s*"([A-Z][A-Z0-9_]+)"')
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def _read_by_the_code() -> set[str]:
    names: set[str] = set()
    for package in SOURCES:
        for path in (REPO_ROOT / package).rglob("*.py"):
            names.update(READ.findall(path.read_text()))
    return names - NOT_SETTINGS


def test_every_environment_variable_the_code_reads_is_in_env_example() -> None:
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (REPO_ROOT / ".env.example").read_text(), re.MULTILINE))
    read = _read_by_the_code()

    assert len(read) > 20  # the scan found the settings
    assert read - listed == set()
