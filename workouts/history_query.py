"""The history page's filters: read from the query string, checked before any backend call, and written
back as URLs (the page's own, "Load more", each chip's "clear" link, the hints of an empty result).

Only values that differ from the defaults appear in a URL, so every state has one short, bookmarkable address.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, tzinfo
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from sunnsteel_web.timezones import day_end, day_start, iso_utc, zone_named
from workouts.services import SortOrder

STATUSES: dict[str, tuple[str, str | None]] = {  # query value: (label, the backend's status)
    "completed": ("Completed", "COMPLETED"),
    "aborted": ("Aborted", "ABORTED"),
    "in_progress": ("In progress", "IN_PROGRESS"),
    "all": ("All", None),
}
SORTS: dict[str, tuple[str, SortOrder]] = {
    "finished_desc": ("Finished, newest first", "finishedAt:desc"),
    "finished_asc": ("Finished, oldest first", "finishedAt:asc"),
    "started_desc": ("Started, newest first", "startedAt:desc"),
    "started_asc": ("Started, oldest first", "startedAt:asc"),
}
DEFAULT_STATUS, DEFAULT_SORT = "completed", "finished_desc"
STATUS_MESSAGE = "Choose a status from the list: completed, aborted, in progress or all."


# Days the history can be asked about: a day at either end of the calendar, moved to UTC from a zone east or
# west of it, would fall outside the dates Python (and the backend) can write.
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(9998, 12, 31)


def _date_field(name: str) -> forms.DateField:
    message = f"Enter the “{name}” date as a date, like 2025-11-03."
    in_range = f"Enter the “{name}” date between {EARLIEST_DAY:%Y-%m-%d} and {LATEST_DAY:%Y-%m-%d}."

    def within_calendar(day: date) -> None:
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise forms.ValidationError(in_range, code="range")

    return forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        validators=[within_calendar],
        error_messages={"invalid": message},
    )


class HistoryForm(forms.Form):
    """The filters as the URL carries them (`from` and `to` are added below: they are Python keywords)."""

    status = forms.ChoiceField(
        required=False,
        choices=[(key, label) for key, (label, _) in STATUSES.items()],
        error_messages={"invalid_choice": STATUS_MESSAGE},
    )
    routine = forms.UUIDField(required=False, error_messages={"invalid": "Choose a routine from the list."})
    q = forms.CharField(
        required=False,
        max_length=100,
        error_messages={"max_length": "Search for at most 100 characters (that was %(show_value)d)."},
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        error_messages={"invalid_choice": "Choose an order from the list."},
    )
    cursor = forms.UUIDField(
        required=False,
        error_messages={
            "invalid": "This “Load more” link is not valid any more. Start again from the first page."
        },
    )
    tz = forms.CharField(required=False, max_length=64)

    def clean_tz(self) -> str:
        name: str = self.cleaned_data["tz"]
        if name and zone_named(name) is None:
            raise forms.ValidationError(f"“{name}” is not a time zone we know. Remove it from the address.")
        return name

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            raise forms.ValidationError("“From” must be on or before “To”.", code="dates")
        return data

    def shown(self) -> dict[str, str]:
        """What the fields show: the values as given (also when invalid), the defaults when absent."""
        defaults = {"status": DEFAULT_STATUS, "sort": DEFAULT_SORT}
        return {name: str(self[name].value() or defaults.get(name, "")) for name in self.fields}

    def messages(self) -> list[str]:
        return [str(error) for errors in self.errors.values() for error in errors]

    def query(self) -> HistoryQuery:
        data = self.cleaned_data
        return HistoryQuery(
            status=data["status"] or DEFAULT_STATUS,
            routine_id=str(data["routine"]) if data["routine"] else "",
            date_from=data["from"],
            date_to=data["to"],
            q=data["q"].strip(),
            sort=data["sort"] or DEFAULT_SORT,
            cursor=str(data["cursor"]) if data["cursor"] else "",
            tz=data["tz"],
        )


HistoryForm.base_fields["from"] = _date_field("From")
HistoryForm.base_fields["to"] = _date_field("To")


@dataclass(frozen=True)
class Chip:
    label: str
    clear_url: str


@dataclass(frozen=True)
class HistoryQuery:
    status: str = DEFAULT_STATUS
    routine_id: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    sort: str = DEFAULT_SORT
    cursor: str = ""
    tz: str = ""  # only when the address names one (the hidden-field fallback); else the cookie decides

    def backend_filters(self, zone: tzinfo) -> dict[str, Any]:
        """`workout_sessions_list` keywords: calendar days in `zone`, both ends inclusive, as UTC instants."""
        return {
            "status": STATUSES[self.status][1],
            "routine_id": self.routine_id or None,
            "date_from": iso_utc(day_start(self.date_from, zone)) if self.date_from else None,
            "date_to": iso_utc(day_end(self.date_to, zone)) if self.date_to else None,
            "q": self.q or None,
            "sort": SORTS[self.sort][1],
        }

    def params(self) -> dict[str, str]:
        values = {
            "status": "" if self.status == DEFAULT_STATUS else self.status,
            "routine": self.routine_id,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "q": self.q,
            "sort": "" if self.sort == DEFAULT_SORT else self.sort,
            "tz": self.tz,
            "cursor": self.cursor,
        }
        return {key: value for key, value in values.items() if value}

    def url(self, **changes: Any) -> str:
        changed = replace(self, **changes) if changes else self
        query = urlencode(changed.params())
        return reverse("workouts:history") + (f"?{query}" if query else "")

    @property
    def first_page(self) -> HistoryQuery:
        return replace(self, cursor="")

    def next_page_url(self, cursor: str) -> str:
        return self.url(cursor=cursor)

    @property
    def status_label(self) -> str:
        return STATUSES[self.status][0]

    def chips(self, routine_names: dict[str, str]) -> list[Chip]:
        """The filters in force, each with a link that clears it (and goes back to the first page)."""
        page = self.first_page
        chips = []
        if self.status != DEFAULT_STATUS:
            chips.append(Chip(f"Status: {self.status_label}", page.url(status=DEFAULT_STATUS)))
        if self.routine_id:
            name = routine_names.get(self.routine_id, "a routine that is not in your list")
            chips.append(Chip(f"Routine: {name}", page.url(routine_id="")))
        if self.date_from:
            chips.append(Chip(f"From {_day(self.date_from)}", page.url(date_from=None)))
        if self.date_to:
            chips.append(Chip(f"To {_day(self.date_to)}", page.url(date_to=None)))
        if self.q:
            chips.append(Chip(f"Notes: “{self.q}”", page.url(q="")))
        return chips

    def loosen(self) -> list[Chip]:
        """What to widen when nothing matches, most likely first."""
        page = self.first_page
        hints = []
        if self.q:
            hints.append(Chip(f"search all notes, not only “{self.q}”", page.url(q="")))
        if self.date_from or self.date_to:
            hints.append(Chip("any date", page.url(date_from=None, date_to=None)))
        if self.routine_id:
            hints.append(Chip("every routine", page.url(routine_id="")))
        if self.status != "all":
            hints.append(Chip("every status", page.url(status="all")))
        return hints

    @property
    def clear_all_url(self) -> str:
        return HistoryQuery(tz=self.tz).url()


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"
