"""What a set save and a page reload ask of Redis, counted at the client (each command or script one round
trip), with production's layout: answers, sessions and state in a real Redis."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from django.core.cache import cache

from tests.workouts.lifters import HTMX, Lifter, http_fixture, make_lifter_fixture, row_fields, set_url  # noqa: F401


class RoundTrips:
    def __init__(self) -> None:
        self.commands: list[str] = []

    def count(self, call: Callable[[], Any]) -> list[str]:
        """The commands `call` sent, by name, in order."""
        self.commands = []
        call()
        return self.commands


@pytest.fixture
def round_trips(empty_redis: str, settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[RoundTrips]:
    shared = {"BACKEND": "sunnsteel_web.cache.RedisCache", "LOCATION": empty_redis}
    settings.CACHES = {"default": shared, "state": shared}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    settings.SESSION_CACHE_ALIAS = "state"
    cache.clear()
    seen = RoundTrips()
    send = redis.Redis.execute_command

    def counted(client: redis.Redis, *args: Any, **options: Any) -> Any:
        seen.commands.append(str(args[0]))
        return send(client, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    yield seen


def test_a_set_save_asks_redis_at_most_nine_times_and_counts_the_budget_at_once(
    round_trips: RoundTrips, make_lifter: Callable[..., Lifter]
) -> None:
    lifter = make_lifter()
    session_id = lifter.start()
    page = lifter.client.get(f"/workouts/{session_id}").content.decode()  # the session cached, as usual
    fields = row_fields(page, session_id, lifter.bench, 1)

    def save(weight: str) -> None:
        form = {**fields, "weight": weight, "reps": "10", "completed": "1"}
        response = lifter.client.post(set_url(session_id, lifter.bench, 1), form, headers=HTMX)
        assert response.status_code == 200

    save("60")  # the scripts are loaded once per process
    before = len(lifter.backend.api_calls())
    commands = round_trips.count(lambda: save("62.5"))

    assert lifter.calls_since(before) == [f"PUT /api/workouts/sessions/{session_id}/set-logs"]
    # session; version record claimed (1 script); budget (1 script); cached session read (1 script) and
    # updated; version record settled (1 script); the training index, kept values and plate settings for the
    # row.
    scripts_and_set = ["EVALSHA", "EVALSHA", "EVALSHA", "SET", "EVALSHA"]
    assert commands == ["GET", *scripts_and_set, "GET", "GET", "GET"], commands
    assert lifter.session(session_id)["setLogs"][0]["weight"] == 62.5


def test_a_reload_reads_each_cached_answer_in_one_round_trip(
    round_trips: RoundTrips, make_lifter: Callable[..., Lifter]
) -> None:
    lifter = make_lifter()
    lifter.client.get("/routines/")
    before = len(lifter.backend.api_calls())

    commands = round_trips.count(lambda: lifter.client.get("/routines/"))

    assert lifter.calls_since(before) == []
    # The session, the routines and the active session (each its version and answer in one script), and
    # the routine builder's draft.
    assert len(commands) == 4, commands
