"""Faults the local backend injects, as a test sees them: a late answer is one whose request has already
been handled."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.auth_kit import wait_until
from tests.localbackend import LocalBackend


def test_a_late_answer_comes_after_its_request_was_handled(backend: LocalBackend) -> None:
    backend.add_fault("/api/health", "late", method="GET", delay=2.0, times=1)

    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(httpx.get, f"{backend.api_url}/health", timeout=30)
        wait_until(lambda: any(r["path"] == "/api/health" and r["status"] == 200 for r in backend.requests()))

        assert not answer.done()  # handled, and the caller still waits
        assert answer.result().status_code == 200
