"""Progress you can see: one exercise's history, personal records and chart."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from progress import index as training
from progress.chart import chart
from progress.records import PERIODS, exercise_history
from sunnsteel_web.http import SignedInRequest
from sunnsteel_web.timezones import request_zone
from workouts.context_processors import render_page


@require_safe
@vary_on_headers("HX-Request")
def exercise_detail(request: SignedInRequest, exercise_id: Any) -> HttpResponse:
    index = training.refreshed(
        request, fetches=training.BACKGROUND_FETCHES if request.htmx else training.PAGE_FETCHES
    )
    if request.htmx:  # the "Building your history…" region refreshing itself
        response = render(request, "progress/exercise.html#build-status", {"index": index})
        if index.complete:
            response["HX-Refresh"] = "true"  # everything is there now: draw the page in full
        return response
    period = request.GET.get("period", "all")
    period = period if period in PERIODS else "all"
    history = exercise_history(index.latest_first(), str(exercise_id), period=period, now=timezone.now())
    unit, zone = request.user.weight_unit, request_zone(request)
    context = {
        "index": index,
        "history": history,
        "chart": chart(history.sessions, unit, zone) if history else None,
        "period": period,
        "periods": [(key, label) for key, (label, _) in PERIODS.items()],
        "unit": unit,
        "zone": zone,
    }
    return render_page(
        request, "progress/exercise.html", context, status=200 if history or not index.complete else 404
    )
