"""gunicorn's settings for Sunnsteel Web, read from the environment (see .env.example):

    .venv/bin/gunicorn -c gunicorn.conf.py sunnsteel_web.wsgi

Threaded workers (gthread): a page waiting for a slow backend holds one thread, not a whole process, so
`/health`, set saves and every other page keep answering while it waits (each page gives up after
BACKEND_PAGE_DEADLINE seconds). Measured on the development machine in the README ("Worker model"). The app
is thread-safe: no database, one thread-safe httpx pool per process, request state in context variables,
the cache shared through Redis.
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))  # processes: about one per core
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))  # pages in flight per process
# A request never legitimately runs longer than the page deadline plus rendering; a stuck one is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# No access log unless asked; when on, the path without its query string (the one-time sign-in code
# arrives as /auth/callback?code=…).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
