"""Settings of the local backend's own Django project (DJANGO_SETTINGS_MODULE=local_backend.settings).

Only the pieces the stand-in needs: no admin, sessions, auth or templates. SQLite is tuned for a
threaded server: WAL, a busy timeout, IMMEDIATE transactions so concurrent writers queue instead of
failing with "database is locked" when a read lock would have to be upgraded, and one connection per
HTTP connection rather than per request.
"""

from pathlib import Path

from local_backend.config import env_str

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent

DB_PATH = Path(env_str("LOCAL_BACKEND_DB", "var/local_backend.sqlite3"))
if not DB_PATH.is_absolute():
    DB_PATH = Path.cwd() / DB_PATH

SECRET_KEY = "local-backend-django-secret-not-used-for-anything-sensitive"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = ["local_backend.apps.LocalBackendConfig"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "local_backend.urls"
WSGI_APPLICATION = "local_backend.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DB_PATH),
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
        # A connection lasts as long as the HTTP connection it serves (the server closes it when that ends):
        # the web app's pool keeps its connections open, and opening SQLite anew cost a tenth of the
        # stand-in's time when every request did.
        "CONN_MAX_AGE": None,
    }
}

# Cheap but real password hashing: stand-in users are created by the hundred in tests.
PASSWORD_HASHERS = ["local_backend.passwords.LocalPBKDF2PasswordHasher"]

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
APPEND_SLASH = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": True,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "loggers": {"django": {"handlers": ["null"], "propagate": False}},
}
