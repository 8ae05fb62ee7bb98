"""Django's Redis cache, made cheaper per command (settings' CACHES use it for every redis:// URL).

Two costs of `django.core.cache.backends.redis` that a set save paid about sixteen times (profiled: a third
of the web app's CPU per save):

- it builds a new `redis.Redis` for every command (redis-py then sets up its ~170 response callbacks);
  here one client per connection pool is kept (redis-py clients are safe to share between threads, and
  Django already keeps one cache object per thread);
- `incr` asks `EXISTS` and then `INCRBY`: two round trips, and a key that expires between them comes back
  without its expiry. Here one atomic script does both (same contract: ValueError for a missing key).

And two things Django's cache API cannot say in one round trip:

- `run_script`: a Lua script over cache keys, run atomically in Redis (the backend budget's whole check and
  count, `sunnsteel_web.backend.budget`);
- `get_versioned`: an entry whose key holds a version read from another entry (a user's cached answers,
  `sunnsteel_web.backend.client`): both reads in one script instead of two round trips. The script reads a
  key it is not given in KEYS (the answer's, named by the version it has just read): fine on one Redis or
  Valkey server, as CACHE_URL names; not on Redis Cluster, which would need the keys hash-tagged per user.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

_INCR_IF_EXISTS = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
return nil
"""
# KEYS[1] the version's entry (absent: version 1); ARGV the entry's key around its version.
_GET_VERSIONED = """
local version = redis.call('GET', KEYS[1]) or '1'
return {version, redis.call('GET', ARGV[1] .. version .. ARGV[2])}
"""
_VERSION = "\x00version\x00"  # where the version goes in a key given to get_versioned


class RedisCacheClient(DjangoRedisCacheClient):
    _serializer: Any  # Django's, set by its __init__ (its stubs leave it out)

    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[bool, Any] = {}  # for reads, for writes (one pool each with one server)
        self._scripts: dict[str, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        client = self._clients.get(write)
        if client is None:
            client = self._clients[write] = super().get_client(key, write=write)
        return client

    def run_script(self, source: str, keys: Sequence[Any], args: Sequence[Any]) -> Any:
        """One round trip (EVALSHA; the script is loaded once per client)."""
        script = self._scripts.get(source)
        if script is None:
            script = self._scripts[source] = self.get_client(write=True).register_script(source)
        return script(keys=list(keys), args=list(args))

    def incr(self, key: Any, delta: int) -> int:
        value = self.run_script(_INCR_IF_EXISTS, [key], [delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return int(value)

    def loads(self, raw: Any) -> Any:
        return self._serializer.loads(raw)


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    @property
    def _ours(self) -> RedisCacheClient:
        return cast(RedisCacheClient, self._cache)

    def run_script(self, source: str, keys: Sequence[str], args: Sequence[Any]) -> Any:
        """Runs a Lua script atomically in one round trip over these cache keys (made as `get` makes them:
        prefix and version). Integers set with `add`/`incr` read as numbers in it; the rest is pickled."""
        made = [self.make_and_validate_key(key) for key in keys]
        return self._ours.run_script(source, made, args)

    def get_versioned(self, version_key: str, key: str, default: Any = None) -> tuple[int, Any]:
        """The entry `key.format(version=…)` for the version held in `version_key` (1 when it is absent),
        with that version: `cache.get(key.format(version=cache.get(version_key) or 1))` in one round trip."""
        if "{version}" not in key:
            raise ValueError("the key must hold {version}")
        self.validate_key(key)
        made = self.make_key(key.replace("{version}", _VERSION))
        if _VERSION not in made:
            raise ValueError("the cache's key function must keep the key as given")
        before, _, after = made.partition(_VERSION)
        version, raw = self._ours.run_script(
            _GET_VERSIONED, [self.make_and_validate_key(version_key)], [before, after]
        )
        return int(version), default if raw is None else self._ours.loads(raw)
