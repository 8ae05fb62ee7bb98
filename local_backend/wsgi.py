"""The WSGI application: Django behind the request log, the rate limiter and the fault layer."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "local_backend.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

_django_app = get_wsgi_application()  # sets Django up before the layers import models

from local_backend import faults, ratelimit, requestlog  # noqa: E402

faults.load_env(os.environ.get("LOCAL_BACKEND_FAULTS", ""))
application = requestlog.RequestLogMiddleware(
    ratelimit.RateLimitMiddleware(faults.FaultMiddleware(_django_app))
)
