"""The live workout: start a routine day, log every set, finish or discard, and the summary.

Every form works without JavaScript (Post/Redirect/Get); htmx makes set rows save in place and turns the
"Active Session Detected" choice and the confirmations into dialogs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from progress import index as training
from progress.bests import bests_before
from routines.services import routine_get
from routines.types import Routine
from sunnsteel_web import kept
from sunnsteel_web.backend import errors
from sunnsteel_web.backend.client import BackendClient
from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.csrf import same_origin_posts
from sunnsteel_web.http import AppRequest, SignedInRequest
from sunnsteel_web.timezones import request_zone
from sunnsteel_web.toasts import Toast, add_toast, failure_message, notify, toast_for
from workouts import services, sets
from workouts.forms import FinishForm, ReplaceForm, StartForm
from workouts.last_time import LastTime
from workouts.presenters import live_page, unsaved_sets
from workouts.record import session_record
from workouts.summary import Progression, progressions, summarize
from workouts.types import WorkoutSession

FINISH_FAILED = "Failed to finish workout."
START_FETCHES = 2  # finished workouts read into the training index when a workout starts, at most

FINISH_KEY = "finish"  # the kept notes of a finish sent when the sign-in had ended
PROGRESSIONS_KEY = "workouts.progressions"  # what finishing changed, by session, for its summary page
REMEMBERED_SUMMARIES = 10


# --- starting -------------------------------------------------------------------------------------


@require_POST
def session_start(request: SignedInRequest) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        notify(request, "Choose a routine day to start.", title="Could not start", level="error")
        return _navigate(request, reverse("routines:list"))
    return _start(request, form.cleaned_data)


@require_safe
def session_conflict(request: SignedInRequest) -> HttpResponse:
    """The "Active Session Detected" choice as a page (without JavaScript)."""
    form = StartForm(request.GET)
    if not form.is_valid():
        return redirect("routines:list")
    active = services.workout_session_active(_api(request))
    if active is None:
        notify(
            request,
            "No other workout is in progress now. Start again.",
            title="Nothing to resolve",
            level="info",
        )
        return redirect("routines:detail", routine_id=form.cleaned_data["routine_id"])
    if active.routine_day_id == str(form.cleaned_data["routine_day_id"]):
        return redirect("workouts:session", session_id=active.id)
    return render(request, "workouts/conflict.html", _conflict_context(request, form.cleaned_data, active))


@require_POST
def session_replace(request: SignedInRequest) -> HttpResponse:
    """ "Finish Current & Start New": the current session is finished as COMPLETED when it has done sets
    (progression applies; the toast links to its summary), discarded (ABORTED) when nothing was done; then the
    new one starts. The choice page says which before the tap (`_conflict_context`)."""
    form = ReplaceForm(request.POST)
    if not form.is_valid():
        notify(request, "Choose a routine day to start.", title="Could not start", level="error")
        return _navigate(request, reverse("routines:list"))
    current_id = str(form.cleaned_data["current_session_id"])
    # The session as saves keep it (each saved set updates this cached copy): whether anything was done.
    current = services.workout_session_get(_api(request), current_id)
    if current.is_active:
        try:
            if done_sets(current):
                _complete(request, current, notes=None)
                add_toast(
                    request,
                    Toast(
                        title="Workout complete",
                        message="The previous workout was saved and finished.",
                        level="success",
                        link=_session_url(current.id),
                        link_text="See its summary",
                    ),
                )
            else:
                services.workout_session_finish(_api(request), current.id, status="ABORTED")
                notify(
                    request, "The previous workout was discarded.", title="Workout discarded", level="info"
                )
        except errors.BadRequest:
            pass  # already finished (another tab or device): starting the new one is still what was asked
    return _start(request, form.cleaned_data)


def done_sets(session: WorkoutSession) -> int:
    return sum(1 for log in session.set_logs or [] if log.is_completed)


def _start(request: SignedInRequest, day: dict[str, Any]) -> HttpResponse:
    routine_day_id = str(day["routine_day_id"])
    try:
        started = services.workout_session_start(
            _api(request), routine_id=str(day["routine_id"]), routine_day_id=routine_day_id
        )
    except errors.ActiveSessionConflict as conflict:
        return _conflict(request, day, conflict.active_session)
    if started.reused and started.routine_day_id != routine_day_id:
        return _conflict(request, day, services.workout_session_active(_api(request)))
    # The live page reads "last time" and records from the training index and spends no call on it: the
    # index takes its bounded step here, so a workout finished elsewhere since counts (failing: kept as is).
    training.refreshed(request, fetches=START_FETCHES)
    return _navigate(request, _session_url(started.id))


def _conflict(request: SignedInRequest, day: dict[str, Any], active: WorkoutSession | None) -> HttpResponse:
    if active is None:  # the other session ended between the two calls
        notify(
            request, "Your other workout has just ended. Tap Start again.", title="Try again", level="info"
        )
        return _navigate(request, reverse("routines:detail", args=[day["routine_id"]]))
    if request.htmx:
        return render(
            request, "workouts/conflict.html#conflict-dialog", _conflict_context(request, day, active)
        )
    query = urlencode({"routine_id": day["routine_id"], "routine_day_id": day["routine_day_id"]})
    return redirect(f"{reverse('workouts:conflict')}?{query}")


def _conflict_context(
    request: SignedInRequest, day: dict[str, Any], active: WorkoutSession
) -> dict[str, Any]:
    # Whether anything was done decides finish or discard, and is said before the tap: from the session as
    # saves keep it (cached while it is being logged), not the active-session answer (up to 30 s old).
    current = services.workout_session_get(_api(request), active.id)
    return {
        "active": active,
        "active_done": done_sets(current),
        "routine_id": day["routine_id"],
        "routine_day_id": day["routine_day_id"],
    }


# --- the session page -----------------------------------------------------------------------------


@same_origin_posts
def session_page(request: SignedInRequest, session_id: Any) -> HttpResponse:
    """The session's page; a set row posts to it (`?s=` which set: workouts.sets.set_row), with no CSRF
    field in the row (sunnsteel_web.csrf.same_origin_posts)."""
    if request.method == "POST":
        return sets.set_row(request, session_id)
    return session_detail(request, session_id)


@require_safe
def session_detail(request: SignedInRequest, session_id: Any) -> HttpResponse:
    """The live session; once finished, its read-only record (summary, and planned against done per set)."""
    api, unit, zone = _api(request), _unit(request), request_zone(request)
    session = services.workout_session_get(api, str(session_id))
    history = training.load(request)  # the cache only: no backend call (progress/index.py)
    bests = bests_before(history, session.id, session.ended_at)
    if not session.is_active:
        stored = request.session.get(PROGRESSIONS_KEY, {}).get(session.id)  # None: not finished here
        changes = [Progression.from_dict(item) for item in stored or []]
        summary = summarize(session, changes, unit, bests)
        before = None if stored is None else {change.exercise: change.before for change in changes}
        record = session_record(session, unit, zone, before)
        return render(request, "workouts/summary.html", {"summary": summary, "record": record})
    routine = _routine_or_none(api, session.routine_id)
    shown = kept.kept(request, session.id)  # typed and not saved yet, before signing in again
    versions = sets.confirmed_versions(request, session)
    last = LastTime.of(list(history.workouts.values()), session.id, zone)
    page = live_page(session, routine, unit, shown, last, versions, bests)
    context = {"page": page, "notes": _kept_notes(shown), "history": history}
    response = render(request, "workouts/session.html", context)
    # Never kept in the browser's HTTP cache: Back would show the page as it first arrived (a set saved
    # since shown as not done). The service worker keeps its own copy for offline use.
    patch_cache_control(response, no_store=True, private=True)
    # The notes are in the page now; set rows stay kept until saved or cleared (workouts.sets).
    kept.forget(request, session.id, {key: entry for key, entry in shown.items() if key == FINISH_KEY})
    return response


# --- finishing ------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def session_finish(request: SignedInRequest, session_id: Any) -> HttpResponse:
    """Finish as COMPLETED (progression applies); asks first when sets remain. GET: the confirmation page.

    Notes sent when the sign-in had ended are kept, and are back in the form after signing in again."""
    try:
        return _finish(request, str(session_id))
    except errors.NotAuthenticated:
        if request.method == "POST":
            notes = {"notes": request.POST.get("notes", "")}
            kept.keep(
                request, str(session_id), FINISH_KEY, kept.KeptEntry(values=notes, errors=[], failed=True)
            )
        raise


def _finish(request: SignedInRequest, session_id: str) -> HttpResponse:
    api = _api(request)
    session = services.workout_session_get(api, session_id)
    if not session.is_active:
        return _navigate(request, _session_url(session.id))
    shown = {} if request.method == "POST" else kept.kept(request, session.id)
    form = FinishForm(
        request.POST if request.method == "POST" else None, initial={"notes": _kept_notes(shown)}
    )
    remaining = _remaining_sets(session)
    unsaved = unsaved_sets(session, kept.kept(request, session.id), _session_url(session.id))
    context = {
        "session": session,
        "form": form,
        "remaining": remaining,
        "unsaved": unsaved,
        "action": "finish",
    }
    if form.is_valid() and ((remaining == 0 and not unsaved) or form.cleaned_data["confirm"]):
        try:
            _complete(request, session, notes=form.cleaned_data["notes"] or None)
        except errors.ApiError as exc:
            if sets.finished_elsewhere(exc):
                api.invalidate(f"session:{session.id}", "active", "sessions")
                notify(request, sets.FINISHED_ELSEWHERE, title="Workout finished", level="info")
                return _navigate(request, _session_url(session.id))
            if request.htmx or isinstance(exc, errors.NotAuthenticated):
                raise  # htmx: the notes are still in the page's form, untouched; signed out: kept above
            add_toast(request, toast_for(exc))  # a form post: the confirmation again, notes as typed
            return render(request, "workouts/confirm.html", {**context, "failed": True})
        kept.forget_place(request, session.id)  # the user was told what was not saved, and finished
        notify(request, "Workout saved. Great work!", title="Workout complete")
        return _navigate(request, _session_url(session.id))
    response = _confirmation(request, context)
    kept.forget(request, session.id, {key: entry for key, entry in shown.items() if key == FINISH_KEY})
    return response


def _complete(request: SignedInRequest, session: WorkoutSession, notes: str | None) -> WorkoutSession:
    """Finishes as COMPLETED (`PATCH …/finish`): sets a late request may have overwritten are written again
    first (only after a timeout), and what progressed is kept for the summary page."""
    api = _api(request)
    sets.reassert_doubted(request, session)
    with failure_message(FINISH_FAILED):
        finished = services.workout_session_finish(api, session.id, status="COMPLETED", notes=notes)
    _remember_progressions(request, session.id, progressions(session.routine_day, finished.routine_day))
    with_logs = finished.model_copy(update={"set_logs": session.set_logs})
    services.workout_session_remember_finished(api, with_logs)
    training.remember_finished(request, with_logs)
    return finished


def _kept_notes(shown: dict[str, kept.KeptEntry]) -> str:
    """Finish notes sent when the sign-in had ended, to fill the form again."""
    return shown[FINISH_KEY]["values"].get("notes", "") if FINISH_KEY in shown else ""


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def session_discard(request: SignedInRequest, session_id: Any) -> HttpResponse:
    """Discard as ABORTED (nothing progresses), after a confirmation."""
    api = _api(request)
    if request.method == "POST":
        services.workout_session_finish(api, str(session_id), status="ABORTED")
        notify(request, "The workout was discarded.", title="Workout discarded", level="info")
        return _navigate(request, reverse("routines:list"))
    session = services.workout_session_get(api, str(session_id))
    if not session.is_active:
        return redirect(_session_url(session.id))
    return _confirmation(request, {"session": session, "action": "discard"})


def _confirmation(request: SignedInRequest, context: dict[str, Any]) -> HttpResponse:
    if request.htmx:
        return render(request, "workouts/confirm.html#confirm-dialog", context)
    return render(request, "workouts/confirm.html", context)


def _remaining_sets(session: WorkoutSession) -> int:
    done = {(log.routine_exercise_id, log.set_number) for log in session.set_logs or [] if log.is_completed}
    return sum(1 for e in session.routine_day.exercises for s in e.sets if (e.id, s.set_number) not in done)


def _remember_progressions(request: SignedInRequest, session_id: str, changes: list[Progression]) -> None:
    stored = {k: v for k, v in request.session.get(PROGRESSIONS_KEY, {}).items()}
    stored[session_id] = [change.as_dict() for change in changes]
    request.session[PROGRESSIONS_KEY] = dict(list(stored.items())[-REMEMBERED_SUMMARIES:])


# --- the "Workout in progress" bar ----------------------------------------------------------------


@login_not_required
@require_safe
def active_banner(request: AppRequest) -> HttpResponse:
    """The bar alone, for htmx to refresh it (every minute, and when the tab is shown again).

    Once the sign-in has ended it answers 204 and the bar stays as it is: a background refresh must not pull
    the page away to the login form while someone is typing on it. Their next action asks them to sign in."""
    if not request.user.is_authenticated or request.api.refusal is not None:
        return HttpResponse(status=204)  # signed out, or the sign-in cannot be renewed: nothing to ask
    try:
        active = services.workout_session_active(request.api)
    except errors.ApiError:
        # Not answered now (waiting out a 429 — not asked again before the wait is over — or an outage):
        # the bar stays as it is. The client has logged the failure.
        return HttpResponse(status=204)
    if request.api.stale_as_of is not None:
        return HttpResponse(status=204)  # only the last good copy: the bar on the page is as good
    return render(request, "workouts/_banner.html#workout-banner", {"active_workout": active})


# --- helpers --------------------------------------------------------------------------------------


def _api(request: SignedInRequest) -> BackendClient:
    return request.api


def _unit(request: SignedInRequest) -> WeightUnit:
    return request.user.weight_unit


def _session_url(session_id: str, anchor: str = "") -> str:
    url = reverse("workouts:session", args=[session_id])
    return f"{url}#{anchor}" if anchor else url


def _navigate(request: SignedInRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _routine_or_none(api: BackendClient, routine_id: str) -> Routine | None:
    """The routine, for its notes and RIR (the session's copy of the day leaves them out)."""
    try:
        return routine_get(api, routine_id)
    except errors.NotFound:
        return None  # the routine was deleted mid-workout: the session still has everything else
