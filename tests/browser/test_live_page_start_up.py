"""What the live page does as it starts (issue 16: its start-up work, kept small): drafts of this workout are
restored, drafts of long-gone workouts are swept once the page has loaded, nothing else is touched."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.workout_page import start_monday
from tests.workouts.lifters import Lifter, http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401

pytestmark = pytest.mark.browser

DAY_MS = 24 * 3600 * 1000


def test_drafts_of_long_gone_workouts_are_swept_and_recent_ones_kept(
    page: Page, web: str, lifter: Lifter
) -> None:
    start_monday(page, web, lifter)
    now_ms = int(time.time() * 1000)
    kept = {
        "sunnsteel:draft:gone:slot:1": {"weight": "50", "version": 1, "savedAt": now_ms - 4 * DAY_MS},
        "sunnsteel:draft:recent:slot:1": {"weight": "55", "version": 1, "savedAt": now_ms - DAY_MS},
        "sunnsteel:draft:unreadable:slot:1": "{not json",
        "sunnsteel:rest:other": {"endsAt": 1},  # not a draft: left alone
    }
    page.evaluate(
        "kept => Object.entries(kept).forEach(([k, v]) => localStorage.setItem(k, v))",
        {key: value if isinstance(value, str) else json.dumps(value) for key, value in kept.items()},
    )

    page.reload()

    page.wait_for_function("localStorage.getItem('sunnsteel:draft:gone:slot:1') === null")
    left = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('sunnsteel:')).sort()")
    assert left == ["sunnsteel:draft:recent:slot:1", "sunnsteel:rest:other"]
    expect(page.locator("#progress-text")).to_have_text("0 / 3 sets")
