"""Saving and clearing one set row: exactly one backend call for a new edit, none for a stale or repeated one.

Every write goes through `workouts.setversions` first (the newest edit of a set wins, whatever order the
requests arrive or land in). The answers the row's script reads (static/js/session/saving.js):

- 200 the row (saved or cleared); an `HX-Trigger` `set-recheck` {after: ms} asks for the same edit to be
  sent again after that long with `reassert` (a late request may still land before then, or another request
  is writing the same edit now);
- 409 `X-Set-Outcome: superseded` and the row with the newest values (another tab or device edited later);
- 409 `X-Set-Outcome: finished` with `X-Record-URL` (the workout was finished elsewhere: saving cannot help);
- 422 the row with what was wrong; other statuses: the failure, with its toast, to show on the row.

Without JavaScript each is a redirect back to the row on the session page, with a message where useful.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import trigger_client_event

from progress import index as training
from progress.bests import bests_before
from sunnsteel_web import kept
from sunnsteel_web.backend import errors
from sunnsteel_web.http import SignedInRequest, is_beacon
from sunnsteel_web.toasts import add_toast, failure_message, notify, toast_for
from workouts import services, setversions
from workouts.forms import SetLogForm
from workouts.presenters import SetRow, record_kinds
from workouts.setversions import SetRecord
from workouts.slots import BadSlot, Slot, read_ref, read_slot
from workouts.types import SetLog, WorkoutSession

# The seed's customMessage for a set that did not save (the toast then says why).
SAVE_FAILED = "Failed to save set log."
FINISHED_ELSEWHERE = "This workout was finished on another device."
SUPERSEDED = "This set was changed on another tab or device; it now shows the newest values."
BUSY_RECHECK_MS = 1000


@require_POST
def set_row(request: SignedInRequest, session_id: Any) -> HttpResponse:
    """A set row posted to its page (`?s=` its reference, workouts.slots): saved, or cleared (`clear`)."""
    ref = request.GET.get("s", "")

    def read(token: str) -> Slot:
        return read_ref(token, session_id=str(session_id))

    if request.POST.get("clear"):
        return _clear(request, str(session_id), ref, read)
    data = request.POST.copy()
    data["slot"] = ref
    return _save(request, str(session_id), data, read)


@require_POST
def set_save(
    request: SignedInRequest, session_id: Any, routine_exercise_id: Any, set_number: int
) -> HttpResponse:
    """Saves one set row of a page opened before rows posted to their page (kept for those: a day)."""
    return _save(
        request, str(session_id), request.POST, _field_reader(session_id, routine_exercise_id, set_number)
    )


@require_POST
def set_clear(
    request: SignedInRequest, session_id: Any, routine_exercise_id: Any, set_number: int
) -> HttpResponse:
    """Clears a set of a page opened before rows posted to their page (kept for those: a day)."""
    read = _field_reader(session_id, routine_exercise_id, set_number)
    return _clear(request, str(session_id), request.POST.get("slot", ""), read)


def _field_reader(session_id: Any, routine_exercise_id: Any, set_number: int) -> Callable[[str], Slot]:
    def read(token: str) -> Slot:
        return read_slot(
            token,
            session_id=str(session_id),
            routine_exercise_id=str(routine_exercise_id),
            set_number=set_number,
        )

    return read


def _save(request: SignedInRequest, session_id: str, data: Any, read: Callable[[str], Slot]) -> HttpResponse:
    """Saves one set row (`PUT …/set-logs`, at most once per edit); answers with the row."""
    unit = request.user.weight_unit
    form = SetLogForm(data, unit=unit, read=read)
    if not form.is_valid():
        if form.bad_slot:
            return _unknown_set(request, session_id)
        slot: Slot = form.cleaned_data["slot"]
        row = SetRow(
            slot=slot,
            unit=unit,
            typed=form.typed(),
            errors=tuple(form.messages()),
            invalid=form.invalid_fields(),
        )
        return _row_response(request, row, status=422)
    slot, data = form.cleaned_data["slot"], form.cleaned_data
    key = SetRow(slot=slot, unit=unit).key
    version = data["version"] or setversions.now_ms()
    outcome, record = setversions.claim(
        request.user.pk, key, version, form.typed(), reassert=bool(data["reassert"])
    )
    if outcome != "write" or record is None:
        return _known(request, slot, outcome, record)
    try:
        with failure_message(SAVE_FAILED):
            log = services.workout_set_log_upsert(
                request.api,
                slot.session_id,
                routine_exercise_id=slot.routine_exercise_id,
                exercise_id=slot.exercise_id,
                set_number=slot.set_number,
                reps=data["reps"],
                weight=data["weight"],
                rpe=None if data["rpe"] is None else float(data["rpe"]),
                is_completed=data["is_completed"],
            )
    except errors.ApiError as exc:
        _unsettled(request, key, record, exc)
        if finished_elsewhere(exc):
            return _finished(request, slot.session_id)
        if request.htmx:
            raise  # the status and a toast; the browser keeps what was typed and offers Retry
        row = SetRow(slot=slot, unit=unit, typed=form.typed(), failed=True)
        if isinstance(exc, errors.NotAuthenticated):
            _keep_typed(request, row)  # shown again on the session page once signed in again
            raise
        add_toast(request, toast_for(exc))
        return _row_response(request, row)
    again = setversions.settle(
        request.user.pk, key, record, "saved", log.model_dump(mode="json", by_alias=True)
    )
    if again is not None:  # two writes of the set crossed: the newest edit must be what stays
        if (ended := _write_again_unless_finished(request, slot.session_id, key, again)) is not None:
            return ended
        if again.version != record.version:
            return _known(request, slot, "stale", again)
    elif record.state == "pending":  # a newer edit was claimed meanwhile: this one's tab is told of it
        return _known(request, slot, "stale", setversions.get(request.user.pk, key))
    row = SetRow(slot=slot, unit=unit, log=log, version=version, records=_records(request, slot, log))
    return _row_response(request, row, recheck=setversions.seconds_in_doubt(record))


def _clear(
    request: SignedInRequest, session_id: str, token: str, read: Callable[[str], Slot]
) -> HttpResponse:
    """Clears a logged set (`DELETE …/set-logs/…`, at most once per edit): back to the prescription."""
    try:
        slot = read(token)
    except BadSlot:
        return _unknown_set(request, session_id)
    unit = request.user.weight_unit
    cleared = SetRow(slot=slot, unit=unit)
    values = {"weight": cleared.weight, "reps": cleared.reps, "rpe": "", "completed": "0"}
    version = _version(request.POST.get("version")) or setversions.now_ms()
    reassert = request.POST.get("reassert") in ("1", "on", "true")
    outcome, record = setversions.claim(
        request.user.pk, cleared.key, version, values, reassert=reassert, clearing=True
    )
    if outcome != "write" or record is None:
        return _known(request, slot, outcome, record)
    try:
        services.workout_set_log_delete(
            request.api, slot.session_id, slot.routine_exercise_id, slot.set_number
        )
    except errors.NotFound:
        pass  # nothing was logged for this set: it is clear, which is what was asked
    except errors.ApiError as exc:
        _unsettled(request, cleared.key, record, exc)
        if finished_elsewhere(exc):
            return _finished(request, slot.session_id)
        raise
    again = setversions.settle(request.user.pk, cleared.key, record, "cleared", None)
    if again is not None:
        if (ended := _write_again_unless_finished(request, slot.session_id, cleared.key, again)) is not None:
            return ended
        if again.version != record.version:
            return _known(request, slot, "stale", again)
    elif record.state == "pending":
        return _known(request, slot, "stale", setversions.get(request.user.pk, cleared.key))
    row = SetRow(slot=slot, unit=unit, version=version)
    return _row_response(request, row, recheck=setversions.seconds_in_doubt(record))


@require_safe
def set_versions(request: SignedInRequest, session_id: Any) -> JsonResponse:
    """The newest confirmed edit of each set asked for (`?sets=<routineExerciseId>:<n>,…`), from the web
    app's own records: no backend call. A tab coming back into view compares them with its rows."""
    wanted = [part for part in request.GET.get("sets", "").split(",") if part.count(":") == 1][:200]
    records = setversions.get_many(request.user.pk, [f"{session_id}:{part}" for part in wanted])
    return JsonResponse(
        {
            key: {"version": record.version, "state": record.state, "values": record.values}
            for key, record in records.items()
            if record.confirmed
        }
    )


def confirmed_versions(request: SignedInRequest, session: WorkoutSession) -> dict[str, int]:
    """The newest confirmed edit of every set of the session, for its page (no backend call)."""
    records = setversions.get_many(request.user.pk, _set_keys(session))
    return {key: record.version for key, record in records.items() if record.confirmed}


def reassert_doubted(request: SignedInRequest, session: WorkoutSession) -> None:
    """Before finishing: writes again each set whose newest values the backend may not hold: after a timeout
    (a late request may have overwritten them), a write again that failed, or a clear that failed (an older
    save may be what the backend holds). Otherwise no call. Once finished, the backend refuses any request
    still on its way, so this does not wait for the window."""
    for key, record in setversions.get_many(request.user.pk, _set_keys(session)).items():
        if (record.confirmed and record.doubt_until) or (
            record.state == "failed" and (record.log or record.clearing)
        ):
            _write_again(request, session.id, key, record, finishing=True)


def _write_again(
    request: SignedInRequest, session_id: str, key: str, record: SetRecord, *, finishing: bool = False
) -> None:
    """Writes a record's values to the backend again (one `PUT` or `DELETE`), claimed as every write is, so
    a newer edit made meanwhile still wins. Nothing is sent when a newer edit or another request has the set,
    or, unless `finishing`, while a late request may still land (the page reasserts it after that; so does
    Finish). Should the write fail, the set is left a failed write of these values: the browser's Retry
    writes it, and so does Finish."""
    user = request.user.pk
    clearing = record.state == "cleared" or record.clearing
    outcome, claimed = setversions.claim(
        user, key, record.version, record.values, reassert=True, in_doubt_too=finishing, clearing=clearing
    )
    if outcome != "write" or claimed is None:
        return
    state: setversions.State = "cleared" if clearing else "saved"
    try:
        _send_again(request, session_id, key, record)
    except errors.ApiError as exc:
        _unsettled(request, key, claimed, exc, record.log)
        raise
    again = setversions.settle(user, key, claimed, state, record.log)
    if again is not None:  # crossed once more
        _write_again(request, session_id, key, again, finishing=finishing)


def _write_again_unless_finished(
    request: SignedInRequest, session_id: str, key: str, record: SetRecord
) -> HttpResponse | None:
    """`_write_again`; the answer for a session finished elsewhere meanwhile (nothing left to write)."""
    try:
        _write_again(request, session_id, key, record)
    except errors.ApiError as exc:
        if finished_elsewhere(exc):
            return _finished(request, session_id)
        raise
    return None


def _send_again(request: SignedInRequest, session_id: str, key: str, record: SetRecord) -> None:
    _, routine_exercise_id, number = key.rsplit(":", 2)
    if record.state == "cleared" or record.clearing:
        try:
            services.workout_set_log_delete(request.api, session_id, routine_exercise_id, int(number))
        except errors.NotFound:
            pass
    elif record.log is not None:
        saved = SetLog.model_validate(record.log)
        services.workout_set_log_upsert(
            request.api,
            session_id,
            routine_exercise_id=routine_exercise_id,
            exercise_id=saved.exercise_id,
            set_number=saved.set_number,
            reps=saved.reps,
            weight=saved.weight,
            rpe=saved.rpe,
            is_completed=saved.is_completed,
        )


def finished_elsewhere(exc: errors.ApiError) -> bool:
    """The backend's refusal to change a session that is no longer in progress."""
    text = exc.message.lower()
    return isinstance(exc, errors.BadRequest) and ("finished session" in text or "in-progress" in text)


def _set_keys(session: WorkoutSession) -> list[str]:
    return [
        f"{session.id}:{exercise.id}:{prescribed.set_number}"
        for exercise in session.routine_day.exercises
        for prescribed in exercise.sets
    ]


def _known(request: SignedInRequest, slot: Slot, outcome: str, record: SetRecord | None) -> HttpResponse:
    """The answer when no call is needed: a stale, repeated or concurrent write of the set."""
    unit = request.user.weight_unit
    if record is None:
        return _unknown_set(request, slot.session_id)
    if record.confirmed:
        log = SetLog.model_validate(record.log) if record.log else None
        row = SetRow(
            slot=slot, unit=unit, log=log, version=record.version, records=_records(request, slot, log)
        )
    else:
        row = SetRow(slot=slot, unit=unit, typed=record.values, version=record.version)
    # A confirmed edit a late request may still overwrite: the page sends it again once none can land (a
    # newer one it adopts, too, when it is a save: the page sends it as one).
    doubted = record.state == "saved" if outcome == "stale" else record.confirmed
    recheck = setversions.seconds_in_doubt(record) if doubted and outcome != "busy" else 0.0
    if outcome == "stale":
        if not request.htmx:
            notify(request, SUPERSEDED, title="Newer values kept", level="info")
            return _back_to_row(request, row)
        response = _answer_row(request, row, status=409)
        response["X-Set-Outcome"] = "superseded"
        _ask_to_recheck(response, row, recheck)
        return response
    if outcome == "busy":
        if not request.htmx:
            return _back_to_row(request, row)
        response = _answer_row(request, row, status=202)
        trigger_client_event(response, "set-recheck", {"key": row.key, "after": BUSY_RECHECK_MS})
        return response
    return _row_response(request, row, recheck=recheck)


def _records(request: SignedInRequest, slot: Slot, log: SetLog | None) -> tuple[str, ...]:
    """The records a set just saved beats, from the training index in the cache: no backend call."""
    if log is None or not log.is_completed:
        return ()  # nothing to compare: the index is not even read
    bests = bests_before(training.load(request), slot.session_id, None)
    return record_kinds(bests, slot.exercise_id, log)


def _unsettled(
    request: SignedInRequest,
    key: str,
    record: SetRecord,
    exc: errors.ApiError,
    log: dict[str, Any] | None = None,
) -> None:
    """A write failed (`log`: what a write again was writing, for Finish to write)."""
    if isinstance(exc, errors.BackendTimeout):
        setversions.timed_out(request.user.pk, key, record, log)  # it may still land: in doubt for a while
    else:
        setversions.settle(request.user.pk, key, record, "failed", log)


def _finished(request: SignedInRequest, session_id: str) -> HttpResponse:
    request.api.invalidate(f"session:{session_id}", "active", "sessions")
    url = _session_url(session_id)
    if not request.htmx:
        notify(request, FINISHED_ELSEWHERE, title="Workout finished", level="info")
        return redirect(url)
    response = HttpResponse(status=409)
    response["X-Set-Outcome"] = "finished"
    response["X-Record-URL"] = url
    return response


def _row_response(
    request: SignedInRequest, row: SetRow, status: int = 200, recheck: float = 0.0
) -> HttpResponse:
    """htmx: the row (and `set-saved` when saved). Without JavaScript: back to the row on the session page
    (a page-leave beacon: nothing).

    What was typed and not saved is kept until the row is saved or cleared (then it is dropped), so a reload
    or Finish never loses it (`workouts.views._finish` names it before finishing)."""
    if row.typed is None:
        kept.drop(request, row.slot.session_id, row.key)
    if request.htmx:
        response = _answer_row(request, row, status=status)
        if status == 200:
            trigger_client_event(response, "set-saved", {"key": row.key, "completed": row.completed})
        _ask_to_recheck(response, row, recheck)
        return response
    if row.typed is not None:
        _keep_typed(request, row)
    return _back_to_row(request, row)


def _ask_to_recheck(response: HttpResponse, row: SetRow, seconds: float) -> None:
    """htmx: the page sends the row's edit again (`reassert`) after `seconds`, if it still holds it."""
    if seconds > 0:
        trigger_client_event(response, "set-recheck", {"key": row.key, "after": int(seconds * 1000) + 250})


def _back_to_row(request: SignedInRequest, row: SetRow) -> HttpResponse:
    """Without JavaScript: back to the row on the session page; a page-leave beacon: nothing (its page is
    gone, and a redirect would have the page drawn for nobody)."""
    if is_beacon(request):
        return HttpResponse(status=204)
    return redirect(_session_url(row.slot.session_id, row.dom_id))


def _answer_row(request: SignedInRequest, row: SetRow, status: int) -> HttpResponse:
    """The row as a save answers with it: `answer` keeps its `completed` field even when not done (a page
    drops it then), since the script of pages opened before that deploy reads it (a day)."""
    return render(request, "workouts/session.html#set-row", {"row": row, "answer": True}, status=status)


def _keep_typed(request: SignedInRequest, row: SetRow) -> None:
    entry = kept.KeptEntry(
        values=dict(row.typed or {}), errors=list(row.errors), failed=row.failed, invalid=list(row.invalid)
    )
    kept.keep(request, row.slot.session_id, row.key, entry)


def _unknown_set(request: SignedInRequest, session_id: str) -> HttpResponse:
    notify(
        request,
        "This set could not be identified. Reload the page and try again.",
        title="Not saved",
        level="error",
    )
    if request.htmx:
        return HttpResponseBadRequest()
    return redirect(_session_url(session_id))


def _session_url(session_id: str, anchor: str = "") -> str:
    url = reverse("workouts:session", args=[session_id])
    return f"{url}#{anchor}" if anchor else url


def _version(raw: str | None) -> int:
    """A clear's version as sent (0, the server's clock, for none or one out of range)."""
    try:
        version = int(raw or 0)
    except ValueError:
        return 0
    return version if 0 < version <= setversions.MAX_VERSION else 0
