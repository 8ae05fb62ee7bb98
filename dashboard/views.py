"""Home: the place to start from."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from dashboard.today import home_page
from routines.services import routine_list
from sunnsteel_web.backend import errors
from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.http import SignedInRequest
from sunnsteel_web.timezones import request_zone
from workouts.context_processors import active_or_none, render_page
from workouts.services import workout_session_get, workout_sessions_list
from workouts.summary import summarize
from workouts.types import SessionSummary

RECENT = 10  # the latest finished workouts asked for: the last one, and this week's count


@require_safe
def home(request: SignedInRequest) -> HttpResponse:
    """Today's routine day(s) with Start or Resume, else the next training day; the last finished workout
    and this week's count. Four backend calls the first time (routines, active workout, latest finished
    workouts, and the last one for its volume, which production's list leaves out), none on a reload while
    they are fresh (opening that workout's record then costs nothing either)."""
    recent = _recent(request)
    unit = request.user.weight_unit
    page = home_page(
        routine_list(request.api),
        active_or_none(request),
        recent,
        zone=request_zone(request),
        unit=unit,
        now=timezone.now(),
        recent_limit=RECENT,
        last_volume=_volume(request, recent[0], unit) if recent else "",
    )
    return render_page(request, "dashboard/home.html", {"page": page})


def _volume(request: SignedInRequest, item: SessionSummary, unit: WeightUnit) -> str:
    """What was lifted in that workout (weight × reps of its done sets), read from the workout itself."""
    if item.total_volume:
        return ""  # the list said it
    try:
        session = workout_session_get(request.api, item.id)
    except errors.NotAuthenticated:
        raise
    except errors.ApiError:
        return ""  # logged by the client; the line is shown without it
    return summarize(session, [], unit).volume


def _recent(request: SignedInRequest) -> list[SessionSummary]:
    """The latest finished workouts; a convenience, so a failing backend only hides them."""
    try:
        page = workout_sessions_list(request.api, status="COMPLETED", sort="finishedAt:desc", limit=RECENT)
    except errors.NotAuthenticated:
        raise
    except errors.ApiError:
        return []  # logged by the client
    return page.items
