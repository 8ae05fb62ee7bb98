"""Sessions, kept (typed, unsaved) values and which edit of a set is the newest are never evicted to make room
for cached answers: they live in the state cache, apart from the answer cache, in development (in-process) as
in production (Redis)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from django.core.cache import cache
from django.test import Client

from accounts.tokens import SESSION_KEY
from sunnsteel_web import kept
from sunnsteel_web.http import SignedInRequest
from tests.conftest import sign_in_client
from tests.localbackend import LocalBackend
from tests.redis_server import start_redis
from workouts import setversions

TYPED = kept.KeptEntry(values={"weight": "62.5", "reps": "8"}, errors=[], failed=True)
SAVED = "session-1:bench:2"


def _sign_in_with_something_typed(backend: LocalBackend, count: int) -> list[tuple[Client, str]]:
    people = []
    for _ in range(count):
        account = backend.create_user()
        client = sign_in_client(Client(), account["email"], account["password"])
        user_id = client.session[SESSION_KEY]["user"]["id"]
        kept.keep(_request_of(user_id), "session-1", "bench:1", TYPED)  # a set that could not be saved
        _, record = setversions.claim(user_id, SAVED, 200, {"reps": "8"})  # and one that was
        assert record is not None
        setversions.settle(user_id, SAVED, record, "saved", {"reps": 8})
        people.append((client, user_id))
    return people


def _request_of(user_id: str) -> SignedInRequest:
    return cast(SignedInRequest, SimpleNamespace(user=SimpleNamespace(pk=user_id), method="GET"))


def _write_answers(count: int, size: int) -> int:
    """Writes ordinary cached answers; returns how many of them are still there."""
    for number in range(count):
        cache.set(f"answer:{number}", "x" * size, 300)
    return sum(cache.get(f"answer:{number}") is not None for number in range(count))


def _all_still_there(people: list[tuple[Client, str]]) -> bool:
    for client, user_id in people:
        page = client.get("/profile")
        if page.status_code != 200 or kept.kept(_request_of(user_id), "session-1") != {"bench:1": TYPED}:
            return False
        if setversions.claim(user_id, SAVED, 100, {"reps": "7"})[0] != "stale":  # an older tab's edit
            return False
    return True


def test_in_development_sessions_and_kept_values_survive_a_full_answer_cache(
    backend: LocalBackend, settings: Any
) -> None:
    settings.AUTH_ATTEMPTS_PER_MINUTE = 100  # ten sign-ins from one test address
    people = _sign_in_with_something_typed(backend, 10)

    left = _write_answers(400, 100)  # more than the in-process answer cache holds (300)

    assert left < 400  # the answer cache made room, as it may
    assert _all_still_there(people)


def test_with_redis_sessions_and_kept_values_survive_a_full_evicting_answer_cache(
    backend: LocalBackend, empty_redis: str, settings: Any, tmp_path: Path
) -> None:
    with start_redis(tmp_path, "--maxmemory", "4mb", "--maxmemory-policy", "allkeys-lru") as answers:
        settings.CACHES = {
            "default": {"BACKEND": "sunnsteel_web.cache.RedisCache", "LOCATION": answers.url},
            "state": {"BACKEND": "sunnsteel_web.cache.RedisCache", "LOCATION": empty_redis},
        }
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
        settings.SESSION_CACHE_ALIAS = "state"
        settings.AUTH_ATTEMPTS_PER_MINUTE = 100
        people = _sign_in_with_something_typed(backend, 10)

        left = _write_answers(400, 20_000)  # 8 MB of answers into 4 MB

        assert left < 400  # Redis evicted answers (allkeys-lru), as it may
        assert _all_still_there(people)
