"""The "Workout in progress — Resume" bar on every page, also without JavaScript."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpResponse

from sunnsteel_web import rendered
from sunnsteel_web.backend import errors
from sunnsteel_web.http import AppRequest, SignedInRequest
from workouts.services import workout_session_active
from workouts.types import WorkoutSession


def active_workout(request: AppRequest) -> dict[str, Callable[[], WorkoutSession | None]]:
    """`active_workout`: called only by a template that shows the bar (the session page does not).

    It costs at most the cached `GET /workouts/sessions/active` (30 s fresh, once per request).
    """
    if not getattr(request.user, "is_authenticated", False) or not hasattr(request, "api"):
        return {}
    return {"active_workout": lambda: active_or_none(request)}


def active_or_none(request: AppRequest) -> WorkoutSession | None:
    """The active session for the bar; the bar is a convenience, so a failing backend just hides it."""
    try:
        return workout_session_active(request.api)
    except errors.ApiError:
        return None  # the client has logged the failure; the bar is simply not shown


def render_page(
    request: SignedInRequest, template_name: str, context: Mapping[str, Any], *, status: int = 200
) -> HttpResponse:
    """A page with the bar, drawn once per distinct input (`sunnsteel_web.rendered`): the bar's workout is
    one of them, read now instead of by the template (the same cached answer, once per request)."""
    context = {**context, "active_workout": active_or_none(request)}
    return rendered.render_page(request, template_name, context, status=status)
