"""The user's routines, day by day, each day with a "Start" button (any day, not only today's)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from routines.services import routine_get, routine_list
from sunnsteel_web.http import SignedInRequest


@require_safe
def routine_list_view(request: SignedInRequest) -> HttpResponse:
    routines = routine_list(request.api)
    return render(request, "routines/list.html", {"routines": routines})


@require_safe
def routine_detail_view(request: SignedInRequest, routine_id: Any) -> HttpResponse:
    routine = routine_get(request.api, str(routine_id))
    unit = request.user.weight_unit
    return render(request, "routines/detail.html", {"routine": routine, "unit": unit})
