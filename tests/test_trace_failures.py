"""After a failed run, `make test` runs its failed browser tests again to record their traces."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.localbackend import REPO_ROOT

STILL_THERE = "tests/browser/test_minified_assets.py::test_development_pages_name_each_part_as_written"


def test_a_failure_under_a_name_the_suite_no_longer_has_does_not_stop_the_others(tmp_path: Path) -> None:
    """pytest keeps a failure until that test passes, so a test renamed after failing stays in its cache."""
    cache = tmp_path / "lastfailed"
    renamed = "tests/browser/test_offline.py::test_chromium_finds_the_app_installable[chromium]"
    cache.write_text(json.dumps({renamed: True, STILL_THERE: True, "tests/test_url_tag.py::test_x": True}))

    command = [sys.executable, "scripts/trace-failures.py", str(cache)]
    run = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)

    assert run.returncode == 0, run.stderr
    assert "Recording traces of 1 failed browser test(s)" in run.stdout
    assert "1 passed" in run.stdout and "not found" not in run.stdout + run.stderr
