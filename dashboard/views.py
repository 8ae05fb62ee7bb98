"""Home: the place to start from."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from dashboard.today import home_page
from routines.services import routine_list
from sunnsteel_web.backend import errors
from sunnsteel_web.http import SignedInRequest
from workouts.context_processors import active_or_none
from workouts.services import workout_sessions_list
from workouts.timezones import request_zone
from workouts.types import SessionSummary

RECENT = 10  # the latest finished workouts asked for: the last one, and this week's count


@require_safe
def home(request: SignedInRequest) -> HttpResponse:
    """Today's routine day(s) with Start or Resume, else the next training day; the last finished workout
    and this week's count. Three backend calls the first time (routines, active workout, latest finished
    workouts), none on a reload while they are fresh."""
    page = home_page(
        routine_list(request.api),
        active_or_none(request),
        _recent(request),
        zone=request_zone(request),
        unit=request.user.weight_unit,
        now=timezone.now(),
        recent_limit=RECENT,
    )
    return render(request, "dashboard/home.html", {"page": page})


def _recent(request: SignedInRequest) -> list[SessionSummary]:
    """The latest finished workouts; a convenience, so a failing backend only hides them."""
    try:
        page = workout_sessions_list(request.api, status="COMPLETED", sort="finishedAt:desc", limit=RECENT)
    except errors.NotAuthenticated:
        raise
    except errors.ApiError:
        return []  # logged by the client
    return page.items
