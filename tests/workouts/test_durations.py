"""One duration format everywhere, with units (history read "0:02" as h:mm while the clock read m:ss)."""

from __future__ import annotations

from workouts.durations import duration_text


def test_durations_say_their_unit() -> None:
    assert duration_text(42) == "42 s"
    assert duration_text(120) == "2 min"
    assert duration_text(3900) == "1 h 05 min"
    assert duration_text(90, keep_seconds=True) == "1 min 30 s"
    assert duration_text(None) == ""
