"""Sunnsteel Web settings: one module, driven by environment variables (see .env.example).

`SUNNSTEEL_ENV=development` (the default) gives safe local defaults that point at the local backend.
`SUNNSTEEL_ENV=production` turns DEBUG off, requires SECRET_KEY and ALLOWED_HOSTS, and turns on every
transport-security setting; `manage.py check --deploy` passes with it.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from sunnsteel_web.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env_str("SUNNSTEEL_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("SUNNSTEEL_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) for production.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "django-insecure-local-development-only-key-do-not-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "sunnsteel_web.csrf.csrf_failure"  # a page open since before signing in again recovers

# --- The backend and Supabase Auth -------------------------------------------------------------
SUNNSTEEL_API_URL = env_str("SUNNSTEEL_API_URL", "http://localhost:4000/api").rstrip("/")
SUPABASE_URL = env_str("SUPABASE_URL", "http://localhost:4000").rstrip("/")
SUPABASE_ANON_KEY = env_str("SUPABASE_ANON_KEY", "local-dev-anon-key")
BACKEND_CONNECT_TIMEOUT = env_float("BACKEND_CONNECT_TIMEOUT", 2.0)
BACKEND_READ_TIMEOUT = env_float("BACKEND_READ_TIMEOUT", 5.0)
# A set save given up on after the read timeout may still land this long after it (workouts.setversions).
BACKEND_STALE_WRITE_WINDOW = env_float("BACKEND_STALE_WRITE_WINDOW", 30.0)
# Retries of idempotent calls stop once this many seconds have passed since the first attempt.
BACKEND_RETRY_BUDGET = env_float("BACKEND_RETRY_BUDGET", 3.0)
BACKEND_MAX_RETRIES = env_int("BACKEND_MAX_RETRIES", 2)
# A page that has waited this many seconds for the backend makes no more calls and shows the outage page.
BACKEND_PAGE_DEADLINE = env_float("BACKEND_PAGE_DEADLINE", 8.0)
# The backend's rate limit (per route per client address; this server is one client) and its fair sharing:
# see sunnsteel_web/backend/budget.py. BACKEND_RATE_LIMIT=0 turns the budget off.
BACKEND_RATE_LIMIT = env_int("BACKEND_RATE_LIMIT", 100)
BACKEND_RATE_WINDOW = env_int("BACKEND_RATE_WINDOW", 60)
BACKEND_RATE_SCOPE = env_str("BACKEND_RATE_SCOPE", "route")
BACKEND_EGRESS = env_str("BACKEND_EGRESS", "")  # the egress address this host's calls leave from
if BACKEND_RATE_SCOPE not in {"route", "address"}:
    raise ImproperlyConfigured("BACKEND_RATE_SCOPE must be 'route' or 'address'.")
BACKEND_WRITE_RESERVE = env_int("BACKEND_WRITE_RESERVE", 20)
BACKEND_USER_SHARE = env_int("BACKEND_USER_SHARE", 15)
# How long the last good answer of a cached read is kept, to be shown (marked) when a refresh cannot be made.
BACKEND_KEEP_LAST_GOOD = env_int("BACKEND_KEEP_LAST_GOOD", 24 * 60 * 60)
# Refresh the access token when it has less than this many seconds left.
AUTH_REFRESH_MARGIN = env_int("AUTH_REFRESH_MARGIN", 60)
# Sign-in and sign-up attempts allowed per client address and per email address in a minute.
AUTH_ATTEMPTS_PER_MINUTE = env_int("AUTH_ATTEMPTS_PER_MINUTE", 5)
# Honour X-Forwarded-For from the proxy in front of this server (only behind a trusted proxy).
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", default=False)

# --- Django ------------------------------------------------------------------------------------
INSTALLED_APPS = [
    # auth and contenttypes only for LoginRequiredMiddleware and its decorators: no database is used;
    # users and their data live behind the backend.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "sunnsteel_web",
    "accounts",
    "routines",
    "workouts",
    "dashboard",
    "progress",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed (static files come compressed from WhiteNoise, which answers before this). Safe with
    # BREACH: see "Compression" in the README (masked CSRF tokens, random-length padding, no secret in HTML).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "sunnsteel_web.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.SupabaseSessionMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sunnsteel_web.offline.OfflineUserMiddleware",
    "sunnsteel_web.middleware.BackendErrorMiddleware",
]

ROOT_URLCONF = "sunnsteel_web.urls"
WSGI_APPLICATION = "sunnsteel_web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["sunnsteel_web.urltag"],  # {% url %} reversed once per process (see the module)
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "sunnsteel_web.toasts.page_toasts",
                "workouts.context_processors.active_workout",
                "sunnsteel_web.toasts.stale_notice",
            ],
        },
    },
]

# No database: every byte of user data comes from the backend.
DATABASES: dict[str, dict[str, str]] = {}

# Two caches, so what must never be lost is never evicted to make room for what may be:
# - "default": cached backend answers (and other entries cheap to lose): CACHE_URL.
# - "state": sessions (they hold the Supabase tokens), kept (typed, unsaved) values, set edit versions,
#   token-refresh results and locks, sign-in attempt counters: STATE_CACHE_URL. In production a Redis with
#   `maxmemory-policy noeviction` (its own instance: the policy is per instance), see README "Production".
# Several web processes must share both (Redis or Valkey: atomic add/incr). Empty: in-process caches for a
# single development process, the state one never culled, and sessions in files.
CACHE_URL = env_str("CACHE_URL", "")
STATE_CACHE_URL = env_str("STATE_CACHE_URL", "" if PRODUCTION else CACHE_URL)
STATE_CACHE = "state"
REDIS_SCHEMES = ("redis://", "rediss://")


def _cache(url: str, name: str, *, local: dict[str, object]) -> dict[str, object]:
    if url.startswith(REDIS_SCHEMES):
        return {"BACKEND": "sunnsteel_web.cache.RedisCache", "LOCATION": url}
    if url:
        raise ImproperlyConfigured(
            f"{name} must start with redis:// or rediss:// (Redis or Valkey). file:// is not supported: the"
            " file cache's add and incr are not atomic, and it deletes entries at random when full."
        )
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", **local}


CACHES = {
    "default": _cache(CACHE_URL, "CACHE_URL", local={"LOCATION": "sunnsteel"}),
    # In-process: one entry per signed-in person and place, never culled (LocMemCache culls at MAX_ENTRIES).
    STATE_CACHE: _cache(
        STATE_CACHE_URL,
        "STATE_CACHE_URL",
        local={"LOCATION": "sunnsteel-state", "OPTIONS": {"MAX_ENTRIES": 2**62}},
    ),
}

# Sessions hold the Supabase tokens, so they stay server-side: in the shared state cache when there is one,
# otherwise in files (they survive a restart of the dev server).
if STATE_CACHE_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = STATE_CACHE
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.file"
    SESSION_FILE_PATH = env_str("SESSION_FILE_PATH", str(BASE_DIR / "var" / "sessions"))
    Path(SESSION_FILE_PATH).mkdir(parents=True, exist_ok=True)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "sunnsteel_session"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The routine builder posts its whole form with every button: a big routine (6 days of 8 exercises of 5 sets
# is about 1,200 fields) must not be refused as too many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Production serves collected files (`manage.py collectstatic`: minified, content-hashed, gzip and brotli
# copies; sunnsteel_web/staticfiles.py); development serves them from the app dirs as written.
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")) if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "staticfiles": {
        "BACKEND": (
            "sunnsteel_web.staticfiles.MinifiedStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security ----------------------------------------------------------------------------------
# htmx and our scripts come from our own static files; no inline scripts or styles anywhere.
# Every form posts to this site. Google sign-in starts with a link, not a form: `form-action` also governs
# every redirect after a submission, and that chain leaves for Supabase and then Google.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- Logging: one line per event, with the request id; never tokens ----------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "sunnsteel_web.request_context.RequestIdFilter"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "django.server": {"level": "INFO"},
    },
}
