"""A production install (requirements.lock) brings no test or development tool; the development lock agrees
with it on every package they share, and each lock pins what pyproject.toml asks of it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Named here as well as read from pyproject's dev extra, so that moving one into the runtime dependencies
# still fails.
TEST_TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "pytest-timeout",
    "playwright",
    "respx",
    "mypy",
    "django-stubs",
    "ruff",
    "pre-commit",
    "uv",
}


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: str) -> dict[str, str]:
    """{package: version} of each `name==version` line of a lock file."""
    pins = {}
    for line in (ROOT / lock).read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line):
            pins[_normalized(match[1])] = match[2]
    return pins


def _declared(requirements: list[str]) -> set[str]:
    return {_normalized(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]) for requirement in requirements}


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_runtime_lock_installs_no_test_or_development_tool() -> None:
    runtime = _pins("requirements.lock")
    assert len(runtime) > 10  # the lock was read
    tools = TEST_TOOLS | _declared(PROJECT["optional-dependencies"]["dev"])
    offenders = {name for name in runtime if name in tools or name.startswith(("pytest", "types-"))}
    assert offenders == set()


def test_the_runtime_lock_pins_every_runtime_dependency() -> None:
    assert _declared(PROJECT["dependencies"]) <= set(_pins("requirements.lock"))


def test_the_development_lock_adds_the_tools_and_changes_no_runtime_pin() -> None:
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    extras = PROJECT["optional-dependencies"]
    assert _declared(extras["dev"] + extras["local"]) <= set(dev)
    assert {name: dev.get(name) for name in runtime} == runtime
