"""Runs the browser tests the last pytest run failed once more, recording Playwright traces.

Usage: scripts/trace-failures.py [LASTFAILED] (pytest's own cache file, .pytest_cache/v/cache/lastfailed,
unless another is given).

`make test` runs the suite without tracing (recording every browser test's trace costs time); when it fails,
this writes a trace and a screenshot of each failing browser test that fails again to
test-artifacts/playwright/traces/. It never changes the outcome: `make test` has failed already, whatever
happens here, and the cache that `--lf` reads is left as the failing run wrote it.

pytest keeps a failure in that cache until the test passes, so a test renamed or removed since it failed
stays there for good; only the failures that name a test of today's suite run again (pytest would refuse
the whole run for one name it cannot find).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LAST_FAILED = Path(".pytest_cache/v/cache/lastfailed")
OUTPUT = "test-artifacts/playwright/traces"


PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]


def main(last_failed: Path = LAST_FAILED) -> int:
    failed = json.loads(last_failed.read_text()) if last_failed.exists() else {}
    browser = sorted(node for node in failed if node.startswith("tests/browser/"))
    if browser:
        browser = sorted(set(browser) & _browser_tests())
    if not browser:
        return 0
    print(f"Recording traces of {len(browser)} failed browser test(s) in {OUTPUT}/ ...", flush=True)
    command = [*PYTEST, "-q", "--tracing=retain-on-failure", f"--output={OUTPUT}"]
    subprocess.run([*command, *browser], check=False)
    return 0


def _browser_tests() -> set[str]:
    """The node IDs of the browser tests as the suite has them now."""
    command = [*PYTEST, "-q", "--collect-only", "tests/browser"]
    listed = subprocess.run(command, capture_output=True, text=True)
    return {line for line in listed.stdout.splitlines() if line.startswith("tests/browser/")}


if __name__ == "__main__":
    sys.exit(main(*map(Path, sys.argv[1:2])))  # a cache file other than pytest's, for its test
