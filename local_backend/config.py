"""Environment settings plus the runtime overrides the control API may set.

Everything is read lazily so tests can change the environment before a server starts, and the
control API's `PATCH /__control__/config` can change the few knobs that matter without a restart.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from typing import Any

DEFAULT_JWT_SECRET = "local-backend-dev-jwt-secret-0123456789abcdef"  # noqa: S105 (dev default)
DEFAULT_SITE_URL = "http://localhost:8000"


class ConfigError(ValueError):
    """An environment variable or override has a value we cannot use."""


def env_str(name: str, default: str) -> str:
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc
    if value < 0:
        raise ConfigError(f"{name} must not be negative, got {raw!r}")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be 0 or 1, got {raw!r}")


def jwt_secret() -> str:
    return env_str("LOCAL_BACKEND_JWT_SECRET", DEFAULT_JWT_SECRET)


def anon_key() -> str:
    return env_str("LOCAL_BACKEND_ANON_KEY", "local-dev-anon-key")


def public_url_explicit() -> str | None:
    """The configured public URL, or None when the default applies."""
    value = os.environ.get("LOCAL_BACKEND_PUBLIC_URL", "").strip()
    return value.rstrip("/") or None


def public_url() -> str:
    return public_url_explicit() or "http://localhost:4000"


def site_url() -> str:
    """Where auth redirects go when the client names no redirect_to (GoTrue's SITE_URL)."""
    return env_str("LOCAL_BACKEND_SITE_URL", DEFAULT_SITE_URL).rstrip("/")


def _origin(name: str, raw: str) -> str:
    """An origin such as `http://localhost:4000` (no path, no trailing slash), or "" for none."""
    value = raw.strip().rstrip("/")
    if value and not re.fullmatch(r"https?://[^/?#\s]+", value):
        raise ConfigError(f"{name} must be an origin such as http://localhost:4000, got {raw!r}")
    return value


def trust_proxy() -> bool:
    return env_bool("LOCAL_BACKEND_TRUST_PROXY", False)


def sweep_interval() -> int:
    """Seconds between idle-session sweeps (production: 30 minutes); 0 = no periodic sweep."""
    return env_int("LOCAL_BACKEND_SWEEP_INTERVAL", 1800)


def control_enabled() -> bool:
    return env_bool("LOCAL_BACKEND_CONTROL", True)


# Production's quirks, each on by default (the local backend behaves as production does); a test that needs
# the clean behaviour names the quirk in LOCAL_BACKEND_QUIRKS_OFF (comma-separated, or `all`) or in the
# control API's `quirksOff` list. docs/local-backend-interface.md describes each.
QUIRKS = (
    "routine-patch-erases-set-logs",  # any PATCH /routines/:id empties the set logs of its sessions
    "routine-patch-days-new-ids",  # PATCH with days: new day/exercise ids, the routine's sessions deleted
    "truthy-flags",  # ?isFavorite=false filters favourites; {"isFavorite": "false"} sets true
    "set-log-reps-null",  # PUT set-logs without reps answers reps null (GET of the session shows 0)
    "completed-at-kept",  # un-completing a set keeps its completedAt
    "loose-set-log-numbers",  # reps 7.5 -> 7, negatives, rpe 42, reps "5", setNumber 2.5 -> set 2
    "loose-profile-patch",  # unknown fields ignored, bad weightUnit/weight -> 500, name "" accepted
    "note-raw-row",  # note PATCH answers the raw row, accepts unknown fields and an empty body
    "idle-sweep",  # idle > 48 h aborted by a sweep every 30 min (endedAt = sweep time, durationSec null)
)


def _quirk_names(name: str, raw: object) -> tuple[str, ...]:
    if isinstance(raw, str):
        items = [part.strip() for part in raw.split(",") if part.strip()]
    elif isinstance(raw, list) and all(isinstance(part, str) for part in raw):
        items = [part.strip() for part in raw]
    else:
        raise ConfigError(f"{name} must be a list of quirk names")
    if items == ["all"]:
        return QUIRKS
    unknown = [item for item in items if item not in QUIRKS]
    if unknown:
        raise ConfigError(f"{name}: unknown quirk {unknown[0]!r} (known: {', '.join(QUIRKS)}, or all)")
    return tuple(q for q in QUIRKS if q in items)


def quirk(name: str) -> bool:
    """Whether production's quirk `name` is on (the default) or was switched off."""
    if name not in QUIRKS:
        raise AssertionError(f"unknown quirk {name!r}")
    return name not in runtime().quirks_off


@dataclass(frozen=True)
class Runtime:
    """The settings the control API can override at runtime."""

    access_token_ttl: int
    session_ttl: int
    require_email_confirmation: bool
    rate_limit: int
    rate_window: int
    oauth_provider_url: str
    refresh_reuse_interval: int
    quirks_off: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "accessTokenTtl": self.access_token_ttl,
            "sessionTtl": self.session_ttl,
            "requireEmailConfirmation": self.require_email_confirmation,
            "rateLimit": self.rate_limit,
            "rateWindow": self.rate_window,
            "oauthProviderUrl": self.oauth_provider_url,
            "quirksOff": list(self.quirks_off),
            "refreshReuseInterval": self.refresh_reuse_interval,
        }


_OVERRIDE_FIELDS = {
    "accessTokenTtl": ("access_token_ttl", int),
    "sessionTtl": ("session_ttl", int),
    "requireEmailConfirmation": ("require_email_confirmation", bool),
    "rateLimit": ("rate_limit", int),
    "rateWindow": ("rate_window", int),
    "oauthProviderUrl": ("oauth_provider_url", str),
    "quirksOff": ("quirks_off", list),
    "refreshReuseInterval": ("refresh_reuse_interval", int),
}

_lock = threading.Lock()
_overrides: dict[str, Any] = {}


def runtime() -> Runtime:
    """The effective settings: environment defaults with runtime overrides on top."""
    values: dict[str, Any] = {
        "access_token_ttl": env_int("LOCAL_BACKEND_ACCESS_TOKEN_TTL", 3600),
        "session_ttl": env_int("LOCAL_BACKEND_SESSION_TTL", 0),
        "require_email_confirmation": env_bool("LOCAL_BACKEND_REQUIRE_EMAIL_CONFIRMATION", False),
        "rate_limit": env_int("LOCAL_BACKEND_RATE_LIMIT", 100),
        "rate_window": env_int("LOCAL_BACKEND_RATE_WINDOW", 60),
        "oauth_provider_url": _origin(
            "LOCAL_BACKEND_OAUTH_PROVIDER_URL", os.environ.get("LOCAL_BACKEND_OAUTH_PROVIDER_URL", "")
        ),
        "quirks_off": _quirk_names(
            "LOCAL_BACKEND_QUIRKS_OFF", os.environ.get("LOCAL_BACKEND_QUIRKS_OFF", "")
        ),
        # Seconds a used-up refresh token may still be presented (GoTrue's refresh token reuse interval:
        # 10 s on hosted Supabase projects).
        "refresh_reuse_interval": env_int("LOCAL_BACKEND_REFRESH_REUSE_INTERVAL", 10),
    }
    with _lock:
        values.update(_overrides)
    return Runtime(**values)


def override(changes: dict[str, Any]) -> Runtime:
    """Apply `PATCH /__control__/config` changes; raises ConfigError naming the first bad key."""
    parsed: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in _OVERRIDE_FIELDS:
            raise ConfigError(f"unknown config key {key!r}")
        attr, kind = _OVERRIDE_FIELDS[key]
        if kind is list:
            parsed[attr] = _quirk_names(key, value)
        elif kind is str:
            if not isinstance(value, str):
                raise ConfigError(f"{key} must be a string")
            parsed[attr] = _origin(key, value)
        elif kind is bool:
            if not isinstance(value, bool) and value not in (0, 1):
                raise ConfigError(f"{key} must be a boolean")
            parsed[attr] = bool(value)
        else:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"{key} must be a non-negative integer")
            # accessTokenTtl 0 is allowed here (not in the environment): tokens that are expired when issued,
            # so tests can check expiry without waiting for the clock.
            if key == "rateWindow" and value == 0:
                raise ConfigError(f"{key} must be at least 1")
            parsed[attr] = value
    with _lock:
        _overrides.update(parsed)
    return runtime()


def reset_overrides() -> None:
    with _lock:
        _overrides.clear()
