"""The routine builder and the routines list as their templates read them."""

from __future__ import annotations

from dataclasses import dataclass

from routines.builder import SCHEMES, Problems, plan
from routines.drafts import MAX_SETS, WEEK, Draft, ExerciseDraft, day_label
from routines.types import Routine, RoutineDay
from workouts.units import unit_label


@dataclass(frozen=True)
class Input:
    name: str
    value: str
    error: str = ""


@dataclass(frozen=True)
class SetView:
    key: str
    number: int
    reps: Input
    reps_to: Input
    weight: Input
    rir: Input

    @property
    def error(self) -> str:
        """The row's problems, said once under it (the inputs are too narrow to carry them)."""
        return " ".join(
            dict.fromkeys(i.error for i in (self.reps, self.reps_to, self.weight, self.rir) if i.error)
        )


@dataclass(frozen=True)
class ExerciseView:
    key: str
    name: str
    position: int  # 1-based, in its day
    is_first: bool
    is_last: bool
    rest: Input
    increment: Input
    note: Input
    scheme: str
    sets: list[SetView]
    sets_error: str
    can_add_set: bool
    schemes: list[tuple[str, str, str]]  # (value, label, one line of what it does)

    @property
    def scheme_help(self) -> str:
        return SCHEMES[self.scheme][1]


@dataclass(frozen=True)
class DayView:
    day_of_week: int
    label: str
    exercises: list[ExerciseView]
    error: str
    copy_targets: list[tuple[int, str]]  # the weekdays this day could be copied to (not used yet)


@dataclass(frozen=True)
class Chip:
    day_of_week: int
    short: str  # "Mo"
    label: str  # "Monday"
    on: bool


@dataclass(frozen=True)
class BuilderPage:
    draft: Draft
    name: Input
    description: Input
    chips: list[Chip]
    days: list[DayView]
    routine_errors: list[str]
    problem_count: int
    first_problem: str  # the id of the element showing the first problem, to jump to it
    unit: str  # "kg" / "lb"

    @property
    def is_edit(self) -> bool:
        return self.draft.routine_id is not None


def builder_page(draft: Draft) -> BuilderPage:
    """Every field with its value as typed and, once Save was tried, what is wrong with it."""
    problems = plan(draft)[1] if draft.tried_to_save else Problems()
    fields = problems.fields
    used = {d.day_of_week for d in draft.days}
    free = [(dow, day_label(dow)) for dow in WEEK if dow not in used]
    days = [
        DayView(
            day_of_week=day.day_of_week,
            label=day_label(day.day_of_week),
            exercises=[_exercise_view(e, i, len(day.exercises), fields) for i, e in enumerate(day.exercises)],
            error=problems.days.get(day.day_of_week, ""),
            copy_targets=free,
        )
        for day in draft.days
    ]
    return BuilderPage(
        draft=draft,
        name=Input("name", draft.name, fields.get("name", "")),
        description=Input("description", draft.description, fields.get("description", "")),
        chips=[Chip(dow, day_label(dow)[:2], day_label(dow), dow in used) for dow in WEEK],
        days=days,
        routine_errors=problems.routine,
        problem_count=problems.count,
        first_problem=_first_problem(draft, problems),
        unit=unit_label(draft.unit),
    )


def _first_problem(draft: Draft, problems: Problems) -> str:
    """Where on the page the first problem is, in the order the page shows them."""
    if not problems:
        return ""
    if "name" in problems.fields or "description" in problems.fields:
        return "routine-name"
    if problems.routine:
        return "weekdays"
    for day in draft.days:
        if day.day_of_week in problems.days:
            return f"day-{day.day_of_week}"
        for exercise in day.exercises:
            if any(name.startswith(f"x-{exercise.key}-") for name in problems.fields):
                return f"x-{exercise.key}"
            for prescribed in exercise.sets:
                if any(name.startswith(f"s-{prescribed.key}-") for name in problems.fields):
                    return f"set-{prescribed.key}"
    return ""


def exercise_view(draft: Draft, exercise_key: str) -> ExerciseView | None:
    """One exercise of the builder, as `builder_page` shows it (for redrawing it alone)."""
    found = draft.find(exercise_key)
    if found is None:
        return None
    day, index = found
    fields = plan(draft)[1].fields if draft.tried_to_save else {}
    return _exercise_view(day.exercises[index], index, len(day.exercises), fields)


def _exercise_view(exercise: ExerciseDraft, index: int, count: int, fields: dict[str, str]) -> ExerciseView:
    def field(name: str, value: str) -> Input:
        return Input(name, value, fields.get(name, ""))

    prefix = f"x-{exercise.key}-"
    return ExerciseView(
        key=exercise.key,
        name=exercise.name,
        position=index + 1,
        is_first=index == 0,
        is_last=index == count - 1,
        rest=field(prefix + "rest", exercise.rest),
        increment=field(prefix + "increment", exercise.increment),
        note=field(prefix + "note", exercise.note),
        scheme=exercise.scheme,
        sets=[
            SetView(
                key=s.key,
                number=number,
                reps=field(f"s-{s.key}-reps", s.reps),
                reps_to=field(f"s-{s.key}-reps_to", s.reps_to),
                weight=field(f"s-{s.key}-weight", s.weight),
                rir=field(f"s-{s.key}-rir", s.rir),
            )
            for number, s in enumerate(exercise.sets, start=1)
        ],
        sets_error=fields.get(prefix + "sets", ""),
        can_add_set=len(exercise.sets) < MAX_SETS,
        schemes=[(value, label, help_text) for value, (label, help_text) in SCHEMES.items()],
    )


# --- the routines list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoutineCard:
    routine: Routine
    days: list[RoutineDay]  # Monday first


def routine_cards(routines: list[Routine]) -> tuple[list[RoutineCard], list[RoutineCard]]:
    """(active routines, favourites first; archived ones), each keeping the backend's order within."""
    cards = [RoutineCard(r, sorted(r.days, key=lambda d: WEEK.index(d.day_of_week % 7))) for r in routines]
    active = [c for c in cards if not c.routine.is_completed]
    active.sort(key=lambda c: not c.routine.is_favorite)
    return active, [c for c in cards if c.routine.is_completed]
