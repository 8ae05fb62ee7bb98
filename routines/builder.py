"""The routine builder's logic, apart from HTTP: what a post changes in the draft, and what Save sends.

Every builder post carries the whole form; `absorb` copies what was typed into the draft (only the fields the
post carries, so a picker page's one-button form changes nothing else), then `apply` does the one action the
button named. Neither calls the backend. `plan` validates the draft with the backend's limits and turns it
into the `RoutinePlan` that Save sends, or says what is wrong next to each field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from routines.drafts import (
    MAX_SETS,
    DayDraft,
    Draft,
    ExerciseDraft,
    Removed,
    SetDraft,
    day_label,
    new_exercise,
    new_key,
)
from routines.types import PlannedDay, PlannedExercise, PlannedSet, RoutinePlan
from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.forms import decimal_text
from workouts.units import MAX_KG, display_to_kg, kg_to_display, plain, unit_label

NAME_MAX = 100
TEXT_MAX = 500
MAX_INCREMENT_KG = Decimal(50)
SCHEMES = {
    "NONE": ("None", "Weights stay as you set them."),
    "DOUBLE_PROGRESSION": (
        "Double progression",
        "When every set reaches the top of its reps, all its sets go up one step.",
    ),
    "DYNAMIC_DOUBLE_PROGRESSION": (
        "Dynamic double",
        "Each set that reaches the top of its reps goes up one step on its own.",
    ),
}


# --- what the post typed ---------------------------------------------------------------------------------


def absorb(draft: Draft, data: Mapping[str, str]) -> None:
    """Copies the typed values the post carries into the draft, as typed."""
    for name in ("name", "description"):
        if name in data:
            setattr(draft, name, data[name])
    for day in draft.days:
        for exercise in day.exercises:
            prefix = f"x-{exercise.key}-"
            for name in ("rest", "increment", "note"):
                if prefix + name in data:
                    setattr(exercise, name, data[prefix + name])
            scheme = data.get(prefix + "scheme")
            if scheme in SCHEMES:
                exercise.scheme = scheme  # type: ignore[assignment]  # one of the three, checked above
            for prescribed in exercise.sets:
                for name in ("reps", "reps_to", "weight", "rir"):
                    if f"s-{prescribed.key}-{name}" in data:
                        setattr(prescribed, name, data[f"s-{prescribed.key}-{name}"])


# --- what the button asked for ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    verb: str
    args: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: str) -> Action:
        verb, *args = (raw or "keep").split(":")
        return cls(verb, tuple(args))

    @property
    def scope(self) -> str:
        """What the answer has to redraw: one exercise, or the whole builder."""
        return "exercise" if self.verb in ("add-set", "remove-set", "keep") else "builder"


class UnknownAction(Exception):
    """A button the builder does not know, or one that names what is no longer there (a stale page)."""


@dataclass(frozen=True)
class Post:
    """What an action may read besides its arguments: the posted fields, and the catalogue's names."""

    data: Mapping[str, str]
    exercise_name: Callable[[str], str | None]  # an exercise id -> its name, None when not in the catalogue


def apply(draft: Draft, action: Action, post: Post) -> None:
    """Does what the button asked; raises UnknownAction for anything it cannot find."""
    handler = _ACTIONS.get(action.verb)
    if handler is None:
        raise UnknownAction(action.verb)
    try:
        handler(draft, action.args, post)
    except (ValueError, IndexError, TypeError) as exc:
        raise UnknownAction(f"{action.verb}: {exc}") from exc


def _weekday(raw: str) -> int:
    value = int(raw)
    if not 0 <= value <= 6:
        raise ValueError("not a weekday")
    return value


def _exercise(draft: Draft, key: str) -> tuple[DayDraft, int]:
    found = draft.find(key)
    if found is None:
        raise ValueError("no such exercise")
    return found


def _keep(draft: Draft, args: tuple[str, ...], post: Post) -> None:
    """Only what was typed (absorbed already)."""


def _add_day(draft: Draft, args: tuple[str, ...], post: Post) -> None:
    day_of_week = _weekday(args[0])
    if draft.day(day_of_week) is None:
        draft.days.append(DayDraft(day_of_week=day_of_week))
        draft.sort_days()


def _remove_day(draft: Draft, args: tuple[str, ...], post: Post) -> None:
    day = draft.day(_weekday(args[0]))
    if day is None:
        raise ValueError("no such day")
    draft.days.remove(day)
    draft.removed = Removed(day=day, day_of_week=day.day_of_week) if day.exercises else None


def _copy_day(draft: Draft, args: tuple[str, ...], post: Post) -> None:
    source = draft.day(_weekday(args[0]))
    target = _weekday(post.data.get(f"copy-{args[0]}", ""))
    if source is None:
        raise ValueError("no such day")
    if draft.day(target) is not None:
        return  # the choices only offer free weekdays; a stale page changes nothing
    copied = [e.model_copy(update={"key": new_key(), "sets": _copy_sets(e)}) for e in source.exercises]
    draft.days.append(DayDraft(day_of_week=target, exercises=copied))
    draft.sort_days()


def _copy_sets(exercise: ExerciseDraft) -> list[SetDraft]:
    return [s.copy_new() for s in exercise.sets]


def _add_exercise(draft: Draft, args: tuple[str, ...], post: Post) -> None:
    """From the picker: `add-exercise:<weekday>:<exercise id>` (an id from the catalogue)."""
    day = draft.day(_weekday(args[0]))
    name = post.exercise_name(args[1])
    if day is None or name is None:
        raise ValueError("no such day or exercise")
    exercise_id = args[1]
    day.exercises.append(new_exercise(exercise_id, name, draft.unit))


def _move(step: int) -> _Handler:
    def move(draft: Draft, args: tuple[str, ...], post: Post) -> None:
        day, index = _exercise(draft, args[0])
        other = index + step
        if 0 <= other < len(day.exercises):
            day.exercises[index], day.exercises[other] = day.exercises[other], day.exercises[index]

    return move


def _remove_exercise(draft: Draft, args: tuple[str, ...], post: Post) -> None:
    day, index = _exercise(draft, args[0])
    removed = day.exercises.pop(index)
    draft.removed = Removed(exercise=removed, day_of_week=day.day_of_week, position=index)


def _add_set(draft: Draft, args: tuple[str, ...], post: Post) -> None:
    """A copy of the last set (or the default 8–12), up to the backend's ten."""
    day, index = _exercise(draft, args[0])
    exercise = day.exercises[index]
    if len(exercise.sets) < MAX_SETS:
        exercise.sets.append(exercise.sets[-1].copy_new() if exercise.sets else SetDraft())


def _remove_set(draft: Draft, args: tuple[str, ...], post: Post) -> None:
    day, index = _exercise(draft, args[0])
    exercise = day.exercises[index]
    exercise.sets = [s for s in exercise.sets if s.key != args[1]]


def _undo(draft: Draft, args: tuple[str, ...], post: Post) -> None:
    removed, draft.removed = draft.removed, None
    if removed is None:
        return
    if removed.day is not None:
        if draft.day(removed.day.day_of_week) is None:
            draft.days.append(removed.day)
            draft.sort_days()
        return
    day = draft.day(removed.day_of_week)
    if day is None:
        day = DayDraft(day_of_week=removed.day_of_week)
        draft.days.append(day)
        draft.sort_days()
    if removed.exercise is not None:
        day.exercises.insert(min(removed.position, len(day.exercises)), removed.exercise)


type _Handler = Callable[[Draft, tuple[str, ...], Post], None]

_ACTIONS: dict[str, _Handler] = {
    "keep": _keep,
    "add-day": _add_day,
    "remove-day": _remove_day,
    "copy-day": _copy_day,
    "add-exercise": _add_exercise,
    "move-up": _move(-1),
    "move-down": _move(1),
    "remove-exercise": _remove_exercise,
    "add-set": _add_set,
    "remove-set": _remove_set,
    "undo": _undo,
}


# --- Save: validate and build what the backend takes -----------------------------------------------------


@dataclass
class Problems:
    fields: dict[str, str] = field(default_factory=dict)  # input name -> message
    days: dict[int, str] = field(default_factory=dict)  # weekday -> message
    routine: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.days or self.routine)

    @property
    def count(self) -> int:
        return len(self.fields) + len(self.days) + len(self.routine)


def plan(draft: Draft) -> tuple[RoutinePlan | None, Problems]:
    """The plan to send, or None and what is wrong (every problem, each next to its field)."""
    problems = Problems()
    name = draft.name.strip()
    if not name:
        problems.fields["name"] = "Give the routine a name."
    elif len(name) > NAME_MAX:
        problems.fields["name"] = f"Keep the name to {NAME_MAX} characters or fewer."
    if len(draft.description) > TEXT_MAX:
        problems.fields["description"] = f"Keep the description to {TEXT_MAX} characters or fewer."
    if not draft.days:
        problems.routine.append("Choose at least one training day.")
    days = []
    for order, day in enumerate(draft.days):
        if not day.exercises:
            problems.days[day.day_of_week] = (
                f"Add an exercise to {day_label(day.day_of_week)}, or remove the day."
            )
        exercises = [
            _planned_exercise(e, position, draft.unit, problems) for position, e in enumerate(day.exercises)
        ]
        days.append((day.day_of_week, order, exercises))
    if problems:
        return None, problems
    built = RoutinePlan(
        name=name,
        description=draft.description.strip() or None,
        days=[
            PlannedDay(day_of_week=dow, order=order, exercises=[e for e in exercises if e is not None])
            for dow, order, exercises in days
        ],
    )
    return built, problems


def _planned_exercise(
    exercise: ExerciseDraft, position: int, unit: WeightUnit, problems: Problems
) -> PlannedExercise | None:
    prefix = f"x-{exercise.key}-"
    rest = _whole(exercise.rest, 0, 600, prefix + "rest", "Rest must be 0 to 600 seconds.", problems)
    increment = _kilograms(
        exercise.increment,
        unit,
        prefix + "increment",
        problems,
        original=(exercise.increment_shown, exercise.increment_kg),
        required=True,
        most=MAX_INCREMENT_KG,
    )
    note = exercise.note.strip()
    if len(note) > TEXT_MAX:
        problems.fields[prefix + "note"] = f"Keep the note to {TEXT_MAX} characters or fewer."
    if not 1 <= len(exercise.sets) <= MAX_SETS:
        problems.fields[prefix + "sets"] = f"An exercise needs 1 to {MAX_SETS} sets."
    sets = [_planned_set(s, number, unit, problems) for number, s in enumerate(exercise.sets, start=1)]
    if (
        rest is None
        or increment is None
        or any(s is None for s in sets)
        or prefix + "sets" in problems.fields
    ):
        return None
    return PlannedExercise(
        exercise_id=exercise.exercise_id,
        order=position,
        rest_seconds=rest,
        note=note or None,
        progression_scheme=exercise.scheme,
        min_weight_increment=increment,
        sets=[s for s in sets if s is not None],
    )


REPS_MESSAGE = "Reps must be whole numbers from 1 to 50."


def _planned_set(
    prescribed: SetDraft, number: int, unit: WeightUnit, problems: Problems
) -> PlannedSet | None:
    prefix = f"s-{prescribed.key}-"
    low = _whole(prescribed.reps, 1, 50, prefix + "reps", REPS_MESSAGE, problems, required=True)
    high = _whole(prescribed.reps_to, 1, 50, prefix + "reps_to", REPS_MESSAGE, problems)
    if low is not None and high is not None and low > high:
        problems.fields[prefix + "reps_to"] = "The top of the range must not be below its bottom."
        return None
    weight = _kilograms(
        prescribed.weight,
        unit,
        prefix + "weight",
        problems,
        original=(prescribed.weight_shown, prescribed.weight_kg),
        most=MAX_KG,
    )
    rir = _whole(prescribed.rir, 0, 10, prefix + "rir", "RIR must be a whole number from 0 to 10.", problems)
    if any(f"{prefix}{name}" in problems.fields for name in ("reps", "reps_to", "weight", "rir")):
        return None
    assert low is not None
    if high is None or high == low:
        return PlannedSet(set_number=number, rep_type="FIXED", reps=low, weight=weight, rir=rir)
    return PlannedSet(
        set_number=number, rep_type="RANGE", min_reps=low, max_reps=high, weight=weight, rir=rir
    )


def _whole(
    text: str, least: int, most: int, name: str, message: str, problems: Problems, *, required: bool = False
) -> int | None:
    text = text.strip()
    if not text:
        if required:
            problems.fields[name] = message
        return None
    try:
        value = int(text)
    except ValueError:
        problems.fields[name] = message
        return None
    if not least <= value <= most:
        problems.fields[name] = message
        return None
    return value


def parse_decimal(text: str) -> Decimal | None:
    """A number typed with "." or "," as its decimal separator ("62,5" is 62.5, never 625); None when it is
    not one number (letters, "1,000.5": see `sunnsteel_web.forms`)."""
    try:
        value = Decimal(decimal_text(text))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _kilograms(
    text: str,
    unit: WeightUnit,
    name: str,
    problems: Problems,
    *,
    original: tuple[str, float | None],
    most: Decimal,
    required: bool = False,
) -> float | None:
    """A weight typed in the user's unit, in kilograms (left as loaded: its exact kilograms)."""
    text = text.strip()
    label = unit_label(unit)
    if not text:
        if required:
            problems.fields[name] = f"Enter a step in {label}, like {'5' if unit == 'LB' else '2.5'}."
        return None
    shown, kg = original
    if kg is not None and text == shown:
        return kg
    value = parse_decimal(text)
    if value is None or value < 0:
        problems.fields[name] = f"Enter a number of 0 or more, like {'135' if unit == 'LB' else '62.5'}."
        return None
    if value.as_tuple().exponent < -3:  # type: ignore[operator]  # finite, so an int
        problems.fields[name] = "Use at most 3 decimals."
        return None
    in_kg = Decimal(str(display_to_kg(value, unit)))
    if in_kg > most:
        problems.fields[name] = f"That is more than {plain(kg_to_display(most, unit))} {label}."
        return None
    return float(in_kg)
