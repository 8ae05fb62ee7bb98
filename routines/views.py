"""The user's routines, day by day, each day with a "Start" button (any day, not only today's)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from routines.services import routine_get, routine_list


@require_safe
def routine_list_view(request: HttpRequest) -> HttpResponse:
    routines = routine_list(request.api)  # type: ignore[attr-defined]
    return render(request, "routines/list.html", {"routines": routines})


@require_safe
def routine_detail_view(request: HttpRequest, routine_id: Any) -> HttpResponse:
    routine = routine_get(request.api, str(routine_id))  # type: ignore[attr-defined]
    unit = getattr(request.user, "weight_unit", "KG")
    return render(request, "routines/detail.html", {"routine": routine, "unit": unit})
