"""The one chokepoint for calls to the Sunnsteel backend.

It alone knows the base URL, the timeouts, the bearer token, JSON, the request id (`X-Request-ID`), the
user's address (`X-Forwarded-For`: for the backend's logs only; production's rate limiter ignores it and
counts this server as one client), caching, and the mapping from HTTP failures to `errors.ApiError`.
Service modules (`workouts.services`, `routines.services`, `accounts.services`) sit above it; views never
build backend URLs or import httpx.

Retry policy (the seed's React Query policy, adapted to a server that must answer a page in seconds):

- 4xx answers are never retried (the request itself is wrong; retrying cannot help) — except:
  - 401 once, after asking `on_unauthorized` for a fresh access token (the token expired mid-page);
  - 429 once, when the backend's wait is short (at most `MAX_RETRY_AFTER` seconds): `Retry-After`, or
    production's `Retry-After-long` (its throttler sends only that one, 60 s on the first refusal).
- Idempotent requests (GET, PUT, DELETE) are retried on connection errors (refused, dropped) and 5xx
  answers, at most `BACKEND_MAX_RETRIES` times, with exponential backoff (0.2 s, 0.4 s, ...), and only while
  the whole call stays within `BACKEND_RETRY_BUDGET` seconds. A read timeout is not retried: the backend
  is slow, and asking again only makes the page slower and spends more of the rate limit.
- POST and PATCH are never retried: a lost answer does not tell whether the change happened.

Caching (the seed's React Query freshness times, on the server): a GET made with `cache=Cached(group, ttl)`
is kept per user in Django's cache for `ttl` seconds. Mutations name the groups they change in
`invalidates=`, which bumps that user's version of each group so every cached answer in it is ignored.
Within one request, the same GET is made once whatever its caching.

The rate limit (`budget.py`): before every attempt the call is counted against the route's shared budget
and the user's fair share of it; a call the budget refuses is not sent and fails as `errors.RateLimited`
with the seconds to wait. A 429 that says how long to wait closes the route for every process until then.

When a cached read cannot be refreshed (the budget refuses it, the backend is down, slow, or answers 5xx),
the last good answer is served instead of an error — kept `BACKEND_KEEP_LAST_GOOD` seconds beyond its
freshness — and `stale_as_of` tells when it was fetched, so the page can say it may be out of date.

A page's calls share one deadline (`BACKEND_PAGE_DEADLINE`, set per request by the middleware): each call
waits at most what is left of it, and once it has passed no call is made (`errors.BackendTimeout`).
"""

from __future__ import annotations

import http.cookiejar
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import pydantic
from django.conf import settings
from django.core.cache import cache, caches

from sunnsteel_web.backend import budget, decoded, errors
from sunnsteel_web.cache import RedisCache
from sunnsteel_web.request_context import get_request_id, time_left

log = logging.getLogger("sunnsteel_web.backend")

IDEMPOTENT = frozenset({"GET", "PUT", "DELETE"})
MAX_RETRY_AFTER = 1.0  # seconds; a longer Retry-After is reported to the user instead of waited out
_CONNECTION_ERRORS = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.WriteError,
    httpx.PoolTimeout,
)

_pool: httpx.Client | None = None


def _timeout() -> httpx.Timeout:
    read, connect = settings.BACKEND_READ_TIMEOUT, settings.BACKEND_CONNECT_TIMEOUT
    left = time_left()
    if left is not None:  # no call may outlast the page's deadline
        read, connect = min(read, left), min(connect, left)
    return httpx.Timeout(read, connect=connect)


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Keeps no cookie and sends none: the pool serves everyone, so a cookie kept from one person's answer
    (production's verify sets `ss_session`) would go out with every other person's calls."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False


def http_pool() -> httpx.Client:
    """The process-wide connection pool shared by every backend call (and the Supabase auth client): one
    for every user, so it keeps nothing of theirs (no cookies)."""
    global _pool
    if _pool is None:
        _pool = httpx.Client(
            timeout=_timeout(),
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=10),
            headers={"User-Agent": "sunnsteel-web"},
            cookies=http.cookiejar.CookieJar(policy=_NoCookies()),
        )
    return _pool


@dataclass(frozen=True)
class Cached:
    """Cache a GET's answer for this user for `ttl` seconds, as part of `group` (what mutations clear)."""

    group: str
    ttl: int
    shared: bool = False  # the same for every user (the exercise catalog): one entry for all


class BackendClient:
    """One user's (or an anonymous) view of the backend, for the length of one request."""

    def __init__(
        self,
        *,
        token: str | None = None,
        user_key: str | None = None,
        client_ip: str | None = None,
        on_unauthorized: Callable[[], str | None] | None = None,
        refusal: Callable[..., errors.ApiError] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.token = token
        self.user_key = user_key  # whose cache entries these are; None = never cache across requests
        self.client_ip = client_ip
        self.on_unauthorized = on_unauthorized
        # Set when the answer is known before asking (the sign-in has ended, or cannot be renewed now):
        # every call fails with `refusal(route=...)`, cached answers included, and the backend is not asked.
        self.refusal = refusal
        self.sleep = sleep
        self._request_memo: dict[str, Any] = {}
        # When a cached read could not be refreshed and its last good answer was served: the (earliest)
        # time, in seconds since the epoch, that answer was fetched. None while every answer is current.
        self.stale_as_of: float | None = None

    # --- verbs ---------------------------------------------------------------------------------
    def get(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        cache: Cached | None = None,
        check: Callable[[Any], object] | None = None,
    ) -> Any:
        """The answer's JSON. `check` (the service's parse) runs before anything is kept: an answer that does
        not parse raises and is neither cached nor remembered for the request, so the next page asks again.
        Read-only: a cached answer is shared by the process's requests and threads (`decoded`)."""
        query = urlencode({k: v for k, v in (params or {}).items() if v not in (None, "")}, doseq=True)
        target = f"{path}?{query}" if query else path
        self._refuse_if_known("GET", target)
        if target in self._request_memo:
            return self._request_memo[target]
        key, kept = self._lookup(cache, target) if cache else (None, None)
        if kept is not None and cache is not None and time.time() - kept.fetched_at < cache.ttl:
            self._request_memo[target] = kept.data
            return kept.data
        try:
            data = self._call("GET", target)
            if check is not None:
                check(data)  # a malformed answer is never kept (and a kept good one is served instead)
        except (errors.RateLimited, errors.BackendUnavailable, errors.ServerError) as exc:
            if kept is None:
                raise
            log.info(
                "served the answer of %s from %.0f s ago: %s", exc.route, time.time() - kept.fetched_at, exc
            )
            self.stale_as_of = min(self.stale_as_of or kept.fetched_at, kept.fetched_at)
            data = kept.data
        else:
            _cache_set(key, data)
        self._request_memo[target] = data
        return data

    def post(self, path: str, json_body: Any = None, *, invalidates: Iterable[str] = ()) -> Any:
        return self._mutate("POST", path, json_body, invalidates)

    def put(self, path: str, json_body: Any = None, *, invalidates: Iterable[str] = ()) -> Any:
        return self._mutate("PUT", path, json_body, invalidates)

    def patch(self, path: str, json_body: Any = None, *, invalidates: Iterable[str] = ()) -> Any:
        return self._mutate("PATCH", path, json_body, invalidates)

    def delete(self, path: str, *, invalidates: Iterable[str] = ()) -> Any:
        return self._mutate("DELETE", path, None, invalidates)

    # --- caching -------------------------------------------------------------------------------
    def invalidate(self, *groups: str) -> None:
        """Forget this user's cached answers in these groups (here and in every web process)."""
        self._request_memo.clear()
        if not self.user_key:
            return
        for group in groups:
            version_key = _version_key(self.user_key, group)
            if not cache.add(version_key, 2, timeout=None):
                try:
                    cache.incr(version_key)
                except ValueError:  # evicted between add and incr
                    cache.add(version_key, 2, timeout=None)

    def prime(self, cached: Cached, path: str, data: Any) -> None:
        """Store an answer we already hold (e.g. a mutation's response) as if it had been fetched."""
        self._request_memo[path] = data
        _cache_set(self._cache_key(cached, path), data)

    def update_cached(self, cached: Cached, path: str, change: Callable[[Any], Any]) -> bool:
        """Stores `change(answer)` in place of a cached answer (e.g. a saved set log folded into its cached
        session), so the next page needs no fetch. `change` returns a new value and never changes its
        argument (shared, `decoded`). Makes no call; returns False when nothing was cached."""
        key, current = self._lookup(cached, path)
        if current is None or time.time() - current.fetched_at >= cached.ttl:
            return False  # nothing cached, or only a last good copy: the next page fetches it
        updated = change(current.data)
        _cache_set(key, updated)
        self._request_memo[path] = updated
        return True

    def _cache_key(self, cached: Cached, target: str) -> str | None:
        owner = "shared" if cached.shared else self.user_key
        if not owner:
            return None
        version = cache.get(_version_key(owner, cached.group)) or 1
        return _answer_key(owner, cached.group, target).replace("{version}", str(version), 1)

    def _lookup(self, cached: Cached, target: str) -> tuple[str | None, decoded.Kept | None]:
        """The cache key of this answer (for the group's current version) and what it holds: one round trip
        to Redis (the version and the answer read together), two to another cache."""
        owner = "shared" if cached.shared else self.user_key
        if not owner:
            return None, None
        version_key, template = _version_key(owner, cached.group), _answer_key(owner, cached.group, target)
        backend = caches["default"]
        if isinstance(backend, RedisCache):
            version, raw = backend.get_versioned(version_key, template)
        else:
            version = cache.get(version_key) or 1
            raw = cache.get(template.replace("{version}", str(version), 1))
        return template.replace("{version}", str(version), 1), decoded.kept(raw)

    def _mutate(self, method: str, path: str, body: Any, invalidates: Iterable[str]) -> Any:
        groups = tuple(invalidates)
        self._refuse_if_known(method, path)
        try:
            return self._call(method, path, body)
        finally:
            # Even a failed mutation may have changed something (e.g. a dropped answer to a PUT).
            if groups:
                self.invalidate(*groups)

    def _refuse_if_known(self, method: str, path: str) -> None:
        if self.refusal is not None:
            raise self._fail(self.refusal(route=f"{method} {path.split('?', 1)[0]}"))

    # --- transport -----------------------------------------------------------------------------
    def _call(self, method: str, path: str, body: Any = None) -> Any:
        route = f"{method} {path.split('?', 1)[0]}"
        counted_as = budget.route_of(method, path)
        started = time.monotonic()
        retries = 0
        refreshed = waited_for_rate_limit = False
        while True:
            left = time_left()
            if left is not None and left <= 0:
                raise self._fail(
                    errors.BackendTimeout("The page ran out of time for the backend", route=route)
                )
            wait = budget.admit(counted_as, self._budget_owner(), write=method != "GET")
            if wait is not None:
                raise self._fail(
                    errors.RateLimited(
                        "Busy: this server's share of the backend is spent", retry_after=wait, route=route
                    )
                )
            try:
                response = http_pool().request(
                    method,
                    settings.SUNNSTEEL_API_URL + path,
                    content=None if body is None else json.dumps(body),
                    headers=self._headers(body is not None),
                    timeout=_timeout(),
                )
            except _CONNECTION_ERRORS as exc:  # refused, dropped, or no connection within the connect timeout
                if self._may_retry(method, retries, started):
                    retries = self._back_off(retries, route, exc)
                    continue
                error: errors.ApiError = errors.BackendUnavailable(
                    f"Connection failed: {type(exc).__name__}", route=route
                )
                raise self._fail(error) from exc
            except httpx.TimeoutException as exc:  # connected, but no answer within the read timeout
                raise self._fail(
                    errors.BackendTimeout("The backend did not answer in time", route=route)
                ) from exc

            status = response.status_code
            if status < 400:
                return self._decode(response, route)
            if status >= 500 and self._may_retry(method, retries, started):
                retries = self._back_off(retries, route, status)
                continue
            if status == 401 and self.on_unauthorized and not refreshed:
                refreshed = True
                try:
                    new_token = self.on_unauthorized()
                except errors.ApiError as exc:
                    exc.route = route
                    self._fail(exc)  # logged once, like every failure
                    raise
                if new_token:
                    self.token = new_token
                    continue
            if status == 429:
                delay = _retry_after(response)
                short = delay is not None and delay <= MAX_RETRY_AFTER and self._within_budget(started, delay)
                if short and not waited_for_rate_limit and delay is not None:
                    waited_for_rate_limit = True
                    self.sleep(delay)
                    continue
                if delay is not None:
                    budget.block(counted_as, delay)  # nobody asks again on this route before the wait is over
            raise self._fail(self._error_from(response, route))

    def _budget_owner(self) -> str | None:
        """Whose fair share a call spends: the user's, or when signed out their address's."""
        if self.user_key:
            return self.user_key
        return f"ip:{self.client_ip}" if self.client_ip else None

    def _headers(self, has_body: bool) -> dict[str, str]:
        headers = {"Accept": "application/json", "X-Request-ID": get_request_id()}
        if has_body:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.client_ip:
            headers["X-Forwarded-For"] = self.client_ip
        return headers

    def _may_retry(self, method: str, retries: int, started: float) -> bool:
        return (
            method in IDEMPOTENT
            and retries < settings.BACKEND_MAX_RETRIES
            and self._within_budget(started, _backoff_delay(retries))
        )

    @staticmethod
    def _within_budget(started: float, delay: float) -> bool:
        left = time_left()
        if left is not None and delay >= left:
            return False
        return time.monotonic() - started + delay <= settings.BACKEND_RETRY_BUDGET

    def _back_off(self, retries: int, route: str, reason: object) -> int:
        delay = _backoff_delay(retries)
        log.info("retrying %s in %.1fs after %s", route, delay, reason)
        self.sleep(delay)
        return retries + 1

    @staticmethod
    def _decode(response: httpx.Response, route: str) -> Any:
        if not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError:
            raise BackendClient._fail(
                errors.BackendUnavailable(
                    "The backend answered with something that is not JSON",
                    route=route,
                    status=response.status_code,
                )
            ) from None

    @staticmethod
    def _error_from(response: httpx.Response, route: str) -> errors.ApiError:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        message = ""
        code = None
        if isinstance(body, dict):
            raw = body.get("message")
            message = ", ".join(map(str, raw)) if isinstance(raw, list) else str(raw or "")
            code = body.get("code")
        message = message or response.reason_phrase
        cls = errors.error_class_for(status)
        if cls is errors.RateLimited:
            return errors.RateLimited(
                message, retry_after=_retry_after(response), status=status, code=code, body=body, route=route
            )
        return cls(message, status=status, code=code, body=body, route=route)

    @staticmethod
    def _fail(error: errors.ApiError) -> errors.ApiError:
        """Logs a call's final failure, once, with the request id (from the log filter), route and status."""
        level = logging.WARNING if error.status == 0 or error.status >= 500 else logging.INFO
        log.log(
            level, "backend call failed: %s %s %s", error.route, error.status or "no answer", error.message
        )
        return error


def parse[M: pydantic.BaseModel](model: type[M], data: Any, route: str) -> M:
    """Turns backend JSON into a typed object at the boundary; an unexpected shape is a backend failure.
    A cached answer is parsed once per process (`decoded`)."""
    return decoded.parsed(data, model, lambda: _parse(model, data, route))


def parse_list[M: pydantic.BaseModel](model: type[M], data: Any, route: str) -> list[M]:
    items = decoded.parsed(data, (list, model), lambda: _parse_list(model, data, route))
    return list(items)  # the kept list stays as parsed whatever the caller does with its copy


def _parse[M: pydantic.BaseModel](model: type[M], data: Any, route: str) -> M:
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise BackendClient._fail(
            errors.BackendUnavailable(f"Unexpected answer shape ({exc.error_count()} problems)", route=route)
        ) from None


def _parse_list[M: pydantic.BaseModel](model: type[M], data: Any, route: str) -> list[M]:
    if not isinstance(data, list):
        raise BackendClient._fail(errors.BackendUnavailable("Expected a list", route=route))
    return [_parse(model, item, route) for item in data]


def _backoff_delay(retries: int) -> float:
    return 0.2 * 2.0**retries


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait before asking again: `Retry-After`, else production's `Retry-After-long`."""
    raw = response.headers.get("Retry-After") or response.headers.get("Retry-After-long")
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


def _version_key(user_key: str, group: str) -> str:
    return f"api-version:{user_key}:{group}"


def _answer_key(owner: str, group: str, target: str) -> str:
    return f"api:{owner}:{group}:{{version}}:{target}"


def _cache_set(key: str | None, data: Any) -> None:
    # Stored as JSON text, decoded once per process and shared read-only (`decoded`). Kept beyond its
    # freshness, to be served (marked) when a refresh cannot be made.
    if key is not None:
        entry = {"at": time.time(), "data": data}
        cache.set(key, json.dumps(entry), settings.BACKEND_KEEP_LAST_GOOD)
