"""Runs the browser tests the last pytest run failed once more, recording Playwright traces.

`make test` runs the suite without tracing (recording every browser test's trace costs time); when it fails,
this writes a trace and a screenshot of each failing browser test that fails again to
test-artifacts/playwright/traces/. It never changes the outcome: `make test` has failed already, whatever
happens here, and the cache that `--lf` reads is left as the failing run wrote it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LAST_FAILED = Path(".pytest_cache/v/cache/lastfailed")
OUTPUT = "test-artifacts/playwright/traces"


def main() -> int:
    failed = json.loads(LAST_FAILED.read_text()) if LAST_FAILED.exists() else {}
    browser = sorted(node for node in failed if node.startswith("tests/browser/"))
    if not browser:
        return 0
    print(f"Recording traces of {len(browser)} failed browser test(s) in {OUTPUT}/ ...", flush=True)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tracing=retain-on-failure"]
    subprocess.run([*command, f"--output={OUTPUT}", *browser], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
