"""The routine builder's pages: new, edit, duplicate, from a template, and the exercise picker.

The draft lives on the server (`routines.drafts`): every post first stores what was typed, then does the one
thing its button names, and makes no backend call until Save (the picker reads the shared, cached catalogue).
Without JavaScript each button is a plain form post answered with a redirect back to the builder (PRG); with
htmx the same post redraws only what changed (one exercise, or the builder), and a changed field is stored as
soon as it is left.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import retarget

from routines import drafts, editing
from routines.builder import Action, Post, UnknownAction, absorb, apply, plan
from routines.drafts import NEW, Draft
from routines.presenters import builder_page, exercise_view
from routines.services import exercise_list, routine_get
from routines.starters import STARTERS, draft_from_starter, starter_named
from routines.types import Exercise, Routine
from sunnsteel_web.backend import errors
from sunnsteel_web.http import SignedInRequest, is_beacon, navigate
from sunnsteel_web.toasts import notify, toast_for
from workouts.presenters import muscle_name

MUSCLE_GROUPS = (
    "PECTORAL", "LATISSIMUS_DORSI", "TRAPEZIUS", "REAR_DELTOIDS", "ERECTOR_SPINAE", "TERES_MAJOR_MINOR",
    "ANTERIOR_DELTOIDS", "MEDIAL_DELTOIDS", "BICEPS", "FOREARMS", "TRICEPS", "QUADRICEPS", "HAMSTRINGS",
    "GLUTES", "CALVES", "CORE", "ADDUCTOR",
)  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
def routine_new(request: SignedInRequest) -> HttpResponse:
    draft = drafts.load(request, NEW) or Draft(key=NEW, unit=request.user.weight_unit)
    return _builder(request, draft)


@require_http_methods(["GET", "HEAD", "POST"])
def routine_edit(request: SignedInRequest, routine_id: Any) -> HttpResponse:
    """Opens a draft of the routine as it stands today, saying what saving will do to its history.

    Opening it again says so afresh (what the routine's history is now, and whether the routine changed
    since the draft was made, e.g. a workout moved its weights on); buttons make no backend call."""
    draft = drafts.load(request, str(routine_id))
    if draft is None or request.method != "POST":
        # Asked afresh each time it opens: another app may have trained the routine, and moved it on, since.
        request.api.invalidate("routines", "sessions")
        routine = routine_get(request.api, str(routine_id))
        if draft is None:
            draft = drafts.from_routine(routine, request.user.weight_unit, key=routine.id)
        draft.changed_since = bool(draft.based_on) and draft.based_on != _stamp(routine)
        history = editing.routine_history(request.api, routine.id)
        draft.history = history.text if history.any else ""
        drafts.store(request, draft)
    return _builder(request, draft)


def _stamp(routine: Routine) -> str:
    return drafts.fingerprint(routine)


@require_POST
def routine_duplicate(request: SignedInRequest, routine_id: Any) -> HttpResponse:
    """A copy to adjust and save as a new routine (nothing is sent until Save)."""
    routine = routine_get(request.api, str(routine_id))
    copy = drafts.from_routine(routine, request.user.weight_unit, key=NEW, name=f"{routine.name} (copy)")
    copy.source = f"a copy of “{routine.name}”"
    return _start_new(request, copy)


@require_safe
def template_list(request: SignedInRequest) -> HttpResponse:
    unsaved = drafts.load(request, NEW)
    context = {"starters": STARTERS, "unsaved": None if unsaved is None or unsaved.is_empty else unsaved}
    return render(request, "routines/templates.html", context)


@require_POST
def template_use(request: SignedInRequest, slug: str) -> HttpResponse:
    """The program resolved against the backend's catalogue (cached for everyone), opened in the builder."""
    starter = starter_named(slug)
    if starter is None:
        notify(request, "That template is not available.", title="Not found", level="error")
        return navigate(request, reverse("routines:templates"))
    draft = draft_from_starter(starter, exercise_list(request.api), request.user.weight_unit)
    return _start_new(request, draft)


def _start_new(request: SignedInRequest, draft: Draft) -> HttpResponse:
    """Opens `draft` as the new routine; one being built already is only replaced when the user said so."""
    current = drafts.load(request, NEW)
    if current is not None and not current.is_empty and request.POST.get("replace") != "1":
        return render(request, "routines/replace.html", {"current": current, "replacement": draft})
    drafts.store(request, draft)
    return navigate(request, reverse("routines:new"))


# --- the builder ----------------------------------------------------------------------------------------


def _builder(request: SignedInRequest, draft: Draft) -> HttpResponse:
    if request.method != "POST":
        return render(request, "routines/builder.html", {"page": builder_page(draft)})
    already = drafts.saved_as(request, draft.key)
    if already and request.POST.get("action") == "save" and drafts.load(request, draft.key) is None:
        return navigate(request, reverse("routines:detail", args=[already]))  # a second tap on Save
    absorb(draft, request.POST)
    drafts.store(request, draft)  # what was typed is kept before anything can fail
    action = Action.parse(request.POST.get("action", ""))
    if action.verb == "save":
        return _save(request, draft)
    if action.verb == "discard":
        return _discard(request, draft)
    if action.verb == "restart" and draft.routine_id:
        routine = routine_get(request.api, draft.routine_id)
        fresh = drafts.from_routine(routine, request.user.weight_unit, key=routine.id)
        fresh.history = draft.history
        drafts.store(request, fresh)
        return navigate(request, _builder_url(fresh))
    if action.verb == "pick" and action.args:
        return navigate(request, f"{_picker_url(draft)}?day={action.args[0]}")
    try:
        apply(draft, action, Post(request.POST, lambda exercise_id: _catalogue_name(request, exercise_id)))
    except UnknownAction:
        notify(request, "That part of the routine has changed since. Look again and retry.", title="Not done")
        return navigate(request, _builder_url(draft))
    drafts.store(request, draft)
    return _redraw(request, draft, action)


def _redraw(request: SignedInRequest, draft: Draft, action: Action) -> HttpResponse:
    """htmx: what the action changed (nothing for a stored field, one exercise, or the builder).
    Without JavaScript: back to the builder, at the part that changed."""
    exercise_key = action.args[0] if action.args and action.scope == "exercise" else None
    if action.verb == "keep" and (request.htmx or is_beacon(request)):
        return HttpResponse(status=204)  # stored: nothing on the page changes
    if not request.htmx:
        anchor = f"#x-{exercise_key}" if exercise_key else _anchor(draft, action)
        return redirect(_builder_url(draft) + anchor)
    exercise = exercise_view(draft, exercise_key) if exercise_key else None
    if exercise is not None:
        context = {"exercise": exercise, "page": builder_page(draft)}
        return retarget(render(request, "routines/builder.html#exercise", context), f"#x-{exercise.key}")
    response = render(request, "routines/builder.html#builder-body", {"page": builder_page(draft)})
    return retarget(response, "#builder-body")


def _anchor(draft: Draft, action: Action) -> str:
    if action.verb in ("add-day", "add-exercise") and action.args:
        return f"#day-{action.args[0]}"
    if action.verb in ("move-up", "move-down") and action.args:
        return f"#x-{action.args[0]}"
    return ""


def _save(request: SignedInRequest, draft: Draft) -> HttpResponse:
    draft.tried_to_save = True
    drafts.store(request, draft)
    built, problems = plan(draft)
    if built is None:
        s = "" if problems.count == 1 else "s"
        return _builder_again(
            request, draft, f"{problems.count} thing{s} to fix before saving: each is shown beside it."
        )
    if not drafts.claim_save(request, draft.key):
        return _builder_again(
            request, draft, "This routine is being saved already (a second tap?). See Routines in a moment."
        )
    try:
        saved = editing.save(request.api, draft.routine_id, built, favorite=draft.favorite)
    except editing.RoutineInUse:
        drafts.release_save(request, draft.key)
        return _builder_again(
            request,
            draft,
            "A workout of this routine is in progress. Finish or discard it first, so what you did in it "
            "stays with the routine it was done with. Your changes are kept here.",
        )
    except errors.NotAuthenticated:
        drafts.release_save(request, draft.key)
        raise  # signed in again, the builder is back as it was
    except errors.ApiError as exc:
        drafts.release_save(request, draft.key)
        toast = toast_for(exc)
        return _builder_again(request, draft, f"Not saved. {toast.message} Your routine is kept here.")
    drafts.forget(request, draft.key)
    drafts.saved(request, draft.key, saved.routine.id)
    message, title = _saved_message(saved)
    notify(request, message, title=title)
    return navigate(request, reverse("routines:detail", args=[saved.routine.id]))


def _saved_message(saved: editing.Saved) -> tuple[str, str]:
    name = saved.routine.name
    if saved.how == "created":
        return f"“{name}” is ready. Start any of its days below.", "Routine saved"
    if saved.how == "updated":
        return f"“{name}” is updated.", "Routine saved"
    history = saved.history.text if saved.history else "past workouts"
    if not saved.archived:
        return (
            f"“{name}” is saved as a new routine, but its old version could not be archived: archive it from "
            f"Routines. Your {history} are safe.",
            "Saved, with one thing left",
        )
    return (
        f"“{name}” is saved as a new routine; the old version is archived with your {history}.",
        "Routine saved",
    )


def _builder_again(request: SignedInRequest, draft: Draft, message: str) -> HttpResponse:
    """The builder as it was, saying why it was not saved (the problems are next to their fields)."""
    context = {"page": builder_page(draft), "save_error": message}
    if request.htmx:
        return retarget(render(request, "routines/builder.html#builder-body", context), "#builder-body")
    return render(request, "routines/builder.html", context)


def _discard(request: SignedInRequest, draft: Draft) -> HttpResponse:
    drafts.forget(request, draft.key)
    if draft.routine_id:
        notify(request, "Your changes were discarded.", title="Not saved", level="info")
        return navigate(request, reverse("routines:detail", args=[draft.routine_id]))
    notify(request, "The routine you were building was discarded.", title="Discarded", level="info")
    return navigate(request, reverse("routines:list"))


# --- the exercise picker ----------------------------------------------------------------------------------


@require_safe
@vary_on_headers("HX-Request")
def exercise_picker(request: SignedInRequest, routine_id: Any = None) -> HttpResponse:
    """The catalogue, searched by name and filtered by muscle group and equipment; every state is a URL."""
    draft = drafts.load(request, NEW if routine_id is None else str(routine_id))
    day = _int(request.GET.get("day"))
    if draft is None or day is None or draft.day(day) is None:
        return redirect(_builder_url(draft) if draft else reverse("routines:new"))
    catalogue = exercise_list(request.api)
    query = request.GET.get("q", "").strip()
    muscle = request.GET.get("muscle", "")
    equipment = request.GET.get("equipment", "")
    chosen = {e.exercise_id for e in draft.day(day).exercises}  # type: ignore[union-attr]  # checked above
    context = {
        "page": builder_page(draft),
        "day": day,
        "query": query,
        "muscle": muscle,
        "equipment": equipment,
        "muscles": [(code, muscle_name(code)) for code in MUSCLE_GROUPS],
        "equipments": sorted({e.equipment for e in catalogue if e.equipment}),
        "results": [e for e in catalogue if _matches(e, query, muscle, equipment)],
        "chosen": chosen,
        "builder_url": _builder_url(draft),
    }
    template = "routines/picker.html#picker-results" if request.htmx else "routines/picker.html"
    return render(request, template, context)


def _matches(exercise: Exercise, query: str, muscle: str, equipment: str) -> bool:
    name = exercise.name.casefold()
    return (
        all(word in name for word in query.casefold().split())
        and (not muscle or muscle in exercise.primary_muscles or muscle in exercise.secondary_muscles)
        and (not equipment or exercise.equipment == equipment)
    )


def _catalogue_name(request: SignedInRequest, exercise_id: str) -> str | None:
    return next((e.name for e in exercise_list(request.api) if e.id == exercise_id), None)


# --- helpers ----------------------------------------------------------------------------------------------


def _picker_url(draft: Draft) -> str:
    if draft.routine_id is None:
        return reverse("routines:picker")
    return reverse("routines:edit-picker", args=[draft.routine_id])


def _builder_url(draft: Draft) -> str:
    if draft.routine_id is None:
        return reverse("routines:new")
    return reverse("routines:edit", args=[draft.routine_id])


def _int(raw: str | None) -> int | None:
    try:
        return int(raw or "")
    except ValueError:
        return None
