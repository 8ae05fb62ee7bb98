"""/workouts/history: past workouts, filtered, sorted and paged with the backend's cursor.

The filters are a plain GET form, so every state is a URL that works without JavaScript. The same URL serves
the regions htmx swaps, chosen by `HX-Target` (hence `Vary`): `history` (filters and results, when a chip or
"Clear all" changes the filters), `history-results` (when the form changes) and `history-more` (the next page,
in place of the "Load more" item). A changed filter pushes the page's canonical URL into the address bar.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from progress import index as training
from progress.weeks import strip, weekly_strip
from routines.services import routine_list
from sunnsteel_web.backend import errors
from sunnsteel_web.http import SignedInRequest
from sunnsteel_web.timezones import request_zone, zone_name
from workouts import services
from workouts.context_processors import render_page
from workouts.history_items import HistoryItem
from workouts.history_query import SORTS, STATUSES, HistoryForm

PAGE_SIZE = 20
REGIONS = ("history", "history-results", "history-more", "history-weeks")


@require_safe
@vary_on_headers("HX-Request", "HX-Target")
def history(request: SignedInRequest) -> HttpResponse:
    api, region = request.api, _region(request)
    form = HistoryForm(request.GET)
    zone = request_zone(request, request.GET.get("tz"))  # an unknown name is refused by the form below
    if (
        region == "history-weeks"
    ):  # the strip refreshing itself while the index is built: no list, no routines
        weeks = _weeks(request, zone, training.BACKGROUND_FETCHES)
        return render(request, "workouts/history.html#history-weeks", weeks)
    routines = [] if region == "history-more" else routine_list(api)  # for the routine filter and its chip
    context: dict[str, Any] = {
        "form": form,
        "shown": form.shown(),
        "statuses": STATUSES,
        "sorts": SORTS,
        "zone": zone_name(zone),
        "routines": routines,
    }
    if not form.is_valid():
        # htmx swaps only successful answers: the problem must arrive as one to be shown in place.
        context["problems"] = form.messages()
        return _render(request, region, context, status=200 if region else 400)
    query = form.query()
    try:
        page = services.workout_sessions_list(
            api, **query.backend_filters(zone), cursor=query.cursor or None, limit=PAGE_SIZE
        )
    except errors.BadRequest as exc:  # e.g. a cursor the backend does not know: say so where the list goes
        context["problems"] = [f"The list could not be loaded: {exc.message.rstrip('.')}."]
        return _render(request, region, context, status=200 if region else 400)
    if not region:  # the whole page: the strip too (not on a refused filter, which reads nothing)
        context |= _weeks(request, zone, training.PAGE_FETCHES)
    names = {routine.id: routine.name for routine in routines}
    context |= {
        "query": query,
        "items": [HistoryItem.of(item, zone) for item in page.items],
        "next_url": query.next_page_url(page.next_cursor) if page.next_cursor else "",
        "chips": query.chips(names),
        "loosen": query.loosen(),
    }
    response = _render(request, region, context)
    if region in ("history", "history-results"):
        push_url(response, query.url())
    return response


def _weeks(request: SignedInRequest, zone: tzinfo, fetches: int) -> dict[str, Any]:
    """The twelve-week strip, from the training index one bounded step further."""
    index = training.refreshed(request, fetches=fetches)
    unit = request.user.weight_unit
    weeks = weekly_strip(index.latest_first(), zone=zone, now=timezone.now(), unit=unit)
    return {"index": index, "strip": strip(weeks, unit)}


def _region(request: SignedInRequest) -> str:
    """The region an htmx request asks for; "" for the whole page (also when htmx restores history)."""
    htmx = request.htmx
    if not htmx or htmx.history_restore_request:
        return ""
    return htmx.target if htmx.target in REGIONS else ""


def _render(
    request: SignedInRequest, region: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    if not region:  # the whole page (with the resume bar): drawn once per distinct input
        return render_page(request, "workouts/history.html", context, status=status)
    return render(request, f"workouts/history.html#{region}", context, status=status)
