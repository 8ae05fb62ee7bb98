"""The user's routines: list and plan (each day with Start), and managing them: favourite, archive, delete.

Every action is a plain form post that works without JavaScript (Post/Redirect/Get); htmx only makes some of
them update in place. What deleting or editing costs in history is said before the tap.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from progress import index as training_index
from routines import drafts, editing
from routines.presenters import routine_cards
from routines.services import (
    routine_delete,
    routine_get,
    routine_list,
    routine_set_archived,
    routine_set_favorite,
)
from sunnsteel_web.http import SignedInRequest, navigate
from sunnsteel_web.toasts import failure_message, notify
from workouts.context_processors import render_page


@require_safe
def routine_list_view(request: SignedInRequest) -> HttpResponse:
    active, archived = routine_cards(routine_list(request.api))
    unsaved = drafts.load(request, drafts.NEW)
    context = {
        "active": active,
        "archived": archived,
        "unsaved": None if unsaved is None or unsaved.is_empty else unsaved,
    }
    return render_page(request, "routines/list.html", context)


@require_safe
def routine_detail_view(request: SignedInRequest, routine_id: Any) -> HttpResponse:
    routine = routine_get(request.api, str(routine_id))
    unit = request.user.weight_unit
    return render(request, "routines/detail.html", {"routine": routine, "unit": unit})


@require_POST
def routine_favorite_view(request: SignedInRequest, routine_id: Any) -> HttpResponse:
    """Favourite or not, as the button says (`favorite=1|0`: the state wanted; a second tap is harmless)."""
    wanted = request.POST.get("favorite") == "1"
    with failure_message("Failed to update the routine."):
        routine_set_favorite(request.api, str(routine_id), wanted)
    if request.htmx:
        context = {"routine_id": str(routine_id), "is_favorite": wanted, "name": request.POST.get("name", "")}
        return render(request, "routines/_card.html#favorite", context)
    return redirect(f"{reverse('routines:list')}#routine-{routine_id}")


@require_POST
def routine_archive_view(request: SignedInRequest, routine_id: Any) -> HttpResponse:
    """Archive (`archived=1`) or bring back (`0`): history stays either way."""
    archived = request.POST.get("archived") == "1"
    with failure_message("Failed to update the routine."):
        routine_set_archived(request.api, str(routine_id), archived)
    if archived:
        notify(request, "Archived. Its workouts stay in your history.", title="Routine archived")
    else:
        notify(request, "It is back with your active routines.", title="Routine restored")
    return navigate(request, reverse("routines:list"))


@require_http_methods(["GET", "HEAD", "POST"])
def routine_delete_view(request: SignedInRequest, routine_id: Any) -> HttpResponse:
    """Asks first, saying what goes with it; Archive is offered as the safe choice."""
    routine = routine_get(request.api, str(routine_id))
    if request.method == "POST":
        with failure_message("Failed to delete the routine."):
            routine_delete(request.api, routine.id)
        drafts.forget(request, routine.id)
        training_index.forget_routine(request, routine.id)  # its workouts are gone from the backend
        notify(request, f"“{routine.name}” was deleted.", title="Routine deleted", level="info")
        return navigate(request, reverse("routines:list"))
    history = editing.routine_history(request.api, routine.id)
    return render(request, "routines/delete.html", {"routine": routine, "history": history})
