"""Deployment checks (`manage.py check --deploy`): production shares its state through Redis or Valkey, and
the state server never evicts (sessions and kept values must not make room for cached answers)."""

from __future__ import annotations

from typing import Any

import redis
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_state_is_redis(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for name, url, hint in (
        ("CACHE_URL", settings.CACHE_URL, "the cached backend answers, shared by every web process"),
        (
            "STATE_CACHE_URL",
            settings.STATE_CACHE_URL,
            "sessions, kept typed values, refresh and sign-in state",
        ),
    ):
        if not url.startswith(settings.REDIS_SCHEMES):
            problems.append(
                Error(
                    f"{name} must be a redis:// or rediss:// URL in production.",
                    hint=f"It holds {hint}. An in-process cache is per worker: workers would disagree.",
                    id="sunnsteel.E001",
                )
            )
    if not problems:
        problems += _state_server_never_evicts(settings.STATE_CACHE_URL)
    return problems


def _state_server_never_evicts(url: str) -> list[CheckMessage]:
    try:
        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        policy = client.config_get("maxmemory-policy").get("maxmemory-policy")
    except redis.RedisError as exc:
        return [
            Warning(
                f"Could not read the eviction policy of the STATE_CACHE_URL server ({type(exc).__name__}).",
                hint="Make sure it runs with maxmemory-policy noeviction (see README, Production).",
                id="sunnsteel.W001",
            )
        ]
    if policy != "noeviction":
        return [
            Error(
                f"The STATE_CACHE_URL server evicts keys (maxmemory-policy {policy}): sessions and kept "
                "values could be deleted to make room.",
                hint="Run it with maxmemory-policy noeviction, apart from the CACHE_URL server.",
                id="sunnsteel.E002",
            )
        ]
    return []
