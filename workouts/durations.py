"""How long something took or lasts, in one format everywhere (history, summary, the session clock, rest).

With units, so nothing reads as a clock that could be h:mm or m:ss: "45 s", "2 min", "1 min 30 s" (rest
times keep their seconds), "1 h 05 min". `static/js/session/clock.js` writes the session clock the same way.
"""

from __future__ import annotations


def duration_text(seconds: int | None, *, keep_seconds: bool = False) -> str:
    """ "45 s", "12 min", "1 h 05 min"; with `keep_seconds`, "1 min 30 s". "" when unknown."""
    if seconds is None:
        return ""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if keep_seconds and secs:
        return f"{minutes} min {secs} s"
    return f"{minutes} min"
