"""The Redis cache the app runs on (sunnsteel_web/cache.py) keeps Django's contract with fewer round trips."""

from __future__ import annotations

import pytest
import redis

from sunnsteel_web.cache import RedisCache


@pytest.fixture
def cache(empty_redis: str) -> RedisCache:
    return RedisCache(empty_redis, {})


def test_incr_counts_keeps_the_expiry_and_refuses_a_missing_key(cache: RedisCache, empty_redis: str) -> None:
    url = empty_redis
    cache.add("hits", 0, timeout=60)
    assert cache.incr("hits") == 1 and cache.incr("hits", 4) == 5 and cache.decr("hits") == 4
    assert 0 < redis.Redis.from_url(url).ttl(cache.make_key("hits")) <= 60
    with pytest.raises(ValueError):
        cache.incr("never-set")
    assert cache.get("never-set") is None  # not created by the refused incr


def test_one_redis_client_serves_every_command(cache: RedisCache) -> None:
    client = cache._cache.get_client(write=True)
    cache.set("a", {"b": 1})
    assert cache.get("a") == {"b": 1} and cache.get_many(["a", "x"]) == {"a": {"b": 1}}
    assert cache._cache.get_client(write=True) is client


def test_a_versioned_entry_is_read_with_its_version_in_one_script(cache: RedisCache) -> None:
    assert cache.get_versioned("ver", "answer:{version}:/routines") == (1, None)  # no version yet: 1
    cache.set("answer:1:/routines", "first")
    assert cache.get_versioned("ver", "answer:{version}:/routines") == (1, "first")

    cache.add("ver", 2)  # the group was changed: its answers are looked up under version 2
    assert cache.get_versioned("ver", "answer:{version}:/routines", "none") == (2, "none")
    cache.set("answer:2:/routines", {"fresh": True})
    assert cache.get_versioned("ver", "answer:{version}:/routines") == (2, {"fresh": True})
