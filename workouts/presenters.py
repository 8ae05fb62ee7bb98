"""The live session page as the template reads it: exercises in order, one row per prescribed set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property, lru_cache

from progress.bests import Bests
from routines.types import Routine, RoutineExercise
from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.kept import KeptEntry
from workouts.durations import duration_text
from workouts.last_time import LastTime, last_set_text
from workouts.slots import Slot, short_id
from workouts.types import SetLog, WorkoutSession
from workouts.units import format_weight, kg_to_display, logged_to_display, plain, unit_label


def muscle_name(code: str) -> str:
    """ "LATISSIMUS_DORSI" -> "Latissimus dorsi"."""
    return code.replace("_", " ").capitalize()


def rest_text(seconds: int) -> str:
    """ "90 s" is "1 min 30 s": the one duration format (workouts.durations), seconds kept."""
    return duration_text(seconds, keep_seconds=True)


def reps_text(rep_type: str, reps: int | None, min_reps: int | None, max_reps: int | None) -> str:
    if rep_type == "RANGE" and min_reps is not None and max_reps is not None:
        return f"{min_reps}–{max_reps}" if min_reps != max_reps else str(max_reps)
    return "" if reps is None else str(reps)


@lru_cache(maxsize=1024)
def prescription_text(
    rep_type: str,
    reps: int | None,
    min_reps: int | None,
    max_reps: int | None,
    kg: float | None,
    unit: WeightUnit,
) -> str:
    """ "8–12 × 60 kg" (or "8–12 reps" without a weight): the same few on every page and answer, made once."""
    text = reps_text(rep_type, reps, min_reps, max_reps)
    if kg is None:
        return f"{text}\u00a0reps" if text else ""
    weight = format_weight(kg, unit).replace(" ", "\u00a0")  # "60 kg" never splits
    return f"{text} × {weight}" if text else weight


def row_dom_id(routine_exercise_id: str, set_number: int) -> str:
    """ "s<exercise slot, 22 characters>-<set number>": a no-JS save comes back to it (its anchor)."""
    return f"s{short_id(routine_exercise_id)}-{set_number}"


STATUS_TEXT = {"saved": "Saved", "invalid": "Check", "failed": "Not saved"}


@dataclass(frozen=True)
class SetRow:
    """One prescribed set with its log (if any), or with what the user typed when that could not be saved."""

    slot: Slot
    unit: WeightUnit
    log: SetLog | None = None
    typed: Mapping[str, str] | None = None
    errors: tuple[str, ...] = ()
    failed: bool = False
    last: str = ""  # "last: 60 kg × 10": this set the last time the exercise was done (page loads only)
    version: int = 0  # the newest edit the backend has confirmed (workouts.setversions), 0 if none known
    invalid: tuple[str, ...] = ()  # the inputs whose value was refused ("weight", "reps", "rpe")
    records: tuple[str, ...] = ()  # the saved set beats the best before this workout: "New best e1RM", …

    # The properties a row's markup reads more than once are computed once (cached_property writes the
    # instance's __dict__ directly, which a frozen dataclass allows).

    @property
    def key(self) -> str:
        return f"{self.slot.session_id}:{self.slot.routine_exercise_id}:{self.slot.set_number}"

    @property
    def dom_id(self) -> str:
        return row_dom_id(self.slot.routine_exercise_id, self.slot.set_number)

    @cached_property
    def set_number(self) -> int:
        return self.slot.set_number

    @cached_property
    def number(self) -> str:
        """The set number as the markup shows it (a string: the template does not localize it again)."""
        return str(self.slot.set_number)

    @property
    def action(self) -> str:
        """Where the row posts: its page, the set in the query (`?s=`: workouts.slots, Slot.ref)."""
        return f"?s={self.slot.ref()}"

    @property
    def completed_flag(self) -> str:
        return "1" if self.completed else "0"

    @property
    def toggle_value(self) -> str:
        """What the no-JS "done" button asks for: undo a done set, mark any other done."""
        return "0" if self.completed else "1"

    @property
    def pressed(self) -> str:
        return "true" if self.completed else "false"

    @property
    def status_text(self) -> str:
        """The status line as the server leaves it (static/js/session/rows.js has the words for the rest)."""
        return STATUS_TEXT.get(self.state, "")

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def prescription(self) -> str:
        """ "8–12 × 60 kg" (or "8–12 reps" without a weight)."""
        s = self.slot
        return prescription_text(s.rep_type, s.reps, s.min_reps, s.max_reps, s.weight, self.unit)

    @property
    def rir(self) -> str:
        return "" if self.slot.rir is None else f"RIR {self.slot.rir}"

    @cached_property
    def completed(self) -> bool:
        if self.typed is not None:
            return self.typed.get("completed") == "1"
        return bool(self.log and self.log.is_completed)

    @property
    def logged(self) -> bool:
        return self.log is not None

    @cached_property
    def weight(self) -> str:
        if self.typed is not None:
            return self.typed.get("weight", "")
        if self.log is not None and self.log.weight is not None:  # as typed: saving it again changes nothing
            return plain(logged_to_display(self.log.weight, self.unit, self.slot.weight))
        return plain(kg_to_display(self.slot.weight, self.unit))

    @property
    def reps(self) -> str:
        if self.typed is not None:
            return self.typed.get("reps", "")
        # A log saved without reps reads back as 0: offer the target again until the set is done.
        if self.log is not None and (self.log.reps or self.log.is_completed):
            return str(self.log.reps or 0)
        target = self.slot.target_reps
        return "" if target is None else str(target)

    @property
    def rpe(self) -> str:
        if self.typed is not None:
            return self.typed.get("rpe", "")
        return plain(self.log.rpe) if self.log is not None and self.log.rpe is not None else ""

    @cached_property
    def state(self) -> str:
        """What the row shows: empty (nothing logged), saved, invalid, or failed (kept, not saved)."""
        if self.errors:
            return "invalid"
        if self.failed:
            return "failed"
        return "saved" if self.log is not None else "empty"


@dataclass(frozen=True)
class ExerciseBlock:
    routine_exercise_id: str
    exercise_id: str  # the catalogue's: its progress page
    name: str
    muscles: str
    rest_seconds: int
    note: str | None
    rows: list[SetRow]
    last_date: str = ""  # when this exercise was last done (progress/index.py), "" if never

    @property
    def rest(self) -> str:
        return rest_text(self.rest_seconds)

    @cached_property
    def dom_id(self) -> str:
        """ "e<exercise slot, 22 characters>" (and its heading's, with "h")."""
        return f"e{short_id(self.routine_exercise_id)}"


@dataclass(frozen=True)
class LivePage:
    session: WorkoutSession
    blocks: list[ExerciseBlock]
    unit: WeightUnit
    rest_from: datetime | None = None  # when the latest set was completed
    rest_seconds: int = 0

    @property
    def total(self) -> int:
        return sum(len(block.rows) for block in self.blocks)

    @property
    def completed(self) -> int:
        return sum(1 for block in self.blocks for row in block.rows if row.completed)

    @property
    def remaining(self) -> int:
        return self.total - self.completed

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def started_ms(self) -> int:
        """For the ticking elapsed time (milliseconds since the epoch)."""
        return int(self.session.started_at.timestamp() * 1000)

    @property
    def elapsed(self) -> str:
        """ "12 min" or "1 h 05 min" since the start, as of rendering (the page's script keeps it current)."""
        return duration_text(int((datetime.now(UTC) - self.session.started_at).total_seconds()))

    @property
    def now_ms(self) -> int:
        """The server's clock, so the page can date its edits in the server's time (workouts.setversions)."""
        return int(datetime.now(UTC).timestamp() * 1000)

    @property
    def rest_from_ms(self) -> int | None:
        return None if self.rest_from is None else int(self.rest_from.timestamp() * 1000)


def ordered_exercises(exercises: list[RoutineExercise]) -> list[RoutineExercise]:
    return sorted(exercises, key=lambda exercise: exercise.order)


def live_page(
    session: WorkoutSession,
    routine: Routine | None,
    unit: WeightUnit,
    kept: Mapping[str, KeptEntry] | None = None,
    last: LastTime | None = None,
    versions: Mapping[str, int] | None = None,
    bests: Bests | None = None,
) -> LivePage:
    """The session's routine day with its logs; notes and RIR come from the routine (the session omits them).

    `kept` maps a row key to what was typed but not saved (values, errors), shown instead of the log; `last`
    is what each exercise's sets were the last time it was done, shown beside each set; `versions` the newest
    confirmed edit of each set (workouts.setversions), for the browser to compare its kept drafts with;
    `bests` the records before this workout, for the sets done that beat them.
    """
    planned = _planned_exercises(routine, session.routine_day_id)
    logs = {(log.routine_exercise_id, log.set_number): log for log in session.set_logs or []}
    kept = kept or {}
    versions = versions or {}
    blocks = []
    rest_from: datetime | None = None
    rest_seconds = 0
    for exercise in ordered_exercises(session.routine_day.exercises):
        plan = planned.get(exercise.id)
        rir_by_set = {s.set_number: s.rir for s in plan.sets} if plan else {}
        rows = []
        for prescribed in sorted(exercise.sets, key=lambda s: s.set_number):
            slot = Slot.for_set(
                session.id,
                exercise.id,
                exercise.exercise.id,
                exercise.rest_seconds,
                prescribed,
                rir_by_set.get(prescribed.set_number, prescribed.rir),
            )
            log = logs.get((exercise.id, prescribed.set_number))
            before = last.for_set(exercise.exercise.id, prescribed.set_number) if last else None
            row = SetRow(
                slot=slot,
                unit=unit,
                log=log,
                last=last_set_text(before, unit),
                records=record_kinds(bests, exercise.exercise.id, log),
            )
            row = replace(row, version=versions.get(row.key, 0))
            flash = kept.get(row.key)
            if flash:
                row = SetRow(
                    slot=slot,
                    unit=unit,
                    log=log,
                    typed=flash["values"],
                    errors=tuple(flash["errors"]),
                    failed=flash["failed"],
                    last=row.last,
                    version=row.version,
                    invalid=tuple(flash.get("invalid", [])),
                )
            rows.append(row)
            done_at = log.completed_at if log and log.is_completed else None
            if done_at and (rest_from is None or done_at > rest_from):
                rest_from, rest_seconds = done_at, exercise.rest_seconds
        blocks.append(
            ExerciseBlock(
                routine_exercise_id=exercise.id,
                exercise_id=exercise.exercise.id,
                name=exercise.exercise.name,
                muscles=", ".join(muscle_name(m) for m in exercise.exercise.primary_muscles),
                rest_seconds=exercise.rest_seconds,
                note=(plan.note if plan and plan.note else exercise.note),
                rows=rows,
                last_date=last.date(exercise.exercise.id) if last else "",
            )
        )
    return LivePage(session=session, blocks=blocks, unit=unit, rest_from=rest_from, rest_seconds=rest_seconds)


def record_kinds(bests: Bests | None, exercise_id: str, log: SetLog | None) -> tuple[str, ...]:
    """The records a saved set beats (none for a set not saved, or not done)."""
    if bests is None or log is None:
        return ()
    return bests.beaten(exercise_id, log.weight, log.reps, log.is_completed)


def _planned_exercises(routine: Routine | None, routine_day_id: str) -> dict[str, RoutineExercise]:
    if routine is None:
        return {}
    for day in routine.days:
        if day.id == routine_day_id:
            return {exercise.id: exercise for exercise in day.exercises}
    return {}


@dataclass(frozen=True)
class UnsavedSet:
    """A set row whose typed values are kept but not saved (without JavaScript): named before finishing."""

    exercise: str
    set_number: int
    typed: str  # "weight “6o”, reps “8”"
    reason: str
    url: str  # back to the row


def unsaved_sets(
    session: WorkoutSession, entries: Mapping[str, KeptEntry], session_url: str
) -> list[UnsavedSet]:
    """The kept set rows of this session, in the order of the page."""
    found = []
    for exercise in ordered_exercises(session.routine_day.exercises):
        for prescribed in sorted(exercise.sets, key=lambda s: s.set_number):
            entry = entries.get(f"{session.id}:{exercise.id}:{prescribed.set_number}")
            if entry is None:
                continue
            values = entry["values"]
            typed = ", ".join(
                f"{name} “{values[name]}”" for name in ("weight", "reps", "rpe") if values.get(name)
            )
            reason = " ".join(entry["errors"]) or "The connection failed before it was saved."
            anchor = "#" + row_dom_id(exercise.id, prescribed.set_number)
            found.append(
                UnsavedSet(exercise.exercise.name, prescribed.set_number, typed, reason, session_url + anchor)
            )
    return found
