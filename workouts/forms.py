"""Forms of the live workout: validated here, before any backend call, with the seed's ranges."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms

from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.forms import DecimalField
from workouts.setversions import MAX_VERSION
from workouts.slots import BadSlot, Slot
from workouts.units import MAX_KG, display_to_kg, kg_to_display, max_display, unit_label

FLAG = [("1", "yes"), ("0", "no"), ("", "unchanged")]
WEIGHT_MESSAGE = "Enter the weight as a number, like 62.5."
REPS_MESSAGE = "Reps must be a whole number from 0 to 100."
RPE_MESSAGE = "RPE must be a number from 1 to 10."


class StartForm(forms.Form):
    routine_id = forms.UUIDField()
    routine_day_id = forms.UUIDField()


class ReplaceForm(StartForm):
    """ "Finish Current & Start New": the session to discard and the routine day to start instead."""

    current_session_id = forms.UUIDField()


class SetLogForm(forms.Form):
    """One set row: weight typed in the user's unit, cleaned to kg; `slot` is the signed prescription, read
    by `read` (workouts.slots: the row's reference, or the older rows' field), which raises BadSlot."""

    slot = forms.CharField()
    weight = DecimalField(
        required=False,
        max_digits=9,
        decimal_places=3,
        error_messages={
            "invalid": WEIGHT_MESSAGE,
            "max_digits": WEIGHT_MESSAGE,
            "max_whole_digits": WEIGHT_MESSAGE,
            "max_decimal_places": "Use at most 3 decimals for the weight.",
        },
    )
    reps = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        error_messages={"invalid": REPS_MESSAGE, "min_value": REPS_MESSAGE, "max_value": REPS_MESSAGE},
    )
    rpe = DecimalField(
        required=False,
        min_value=1,
        max_value=10,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "invalid": RPE_MESSAGE,
            "min_value": RPE_MESSAGE,
            "max_value": RPE_MESSAGE,
            "max_digits": RPE_MESSAGE,
            "max_decimal_places": RPE_MESSAGE,
        },
    )
    # The row's current state ("1" done), and the no-JS done button ("1" mark done, "0" undo).
    completed = forms.ChoiceField(choices=FLAG, required=False)
    toggle = forms.ChoiceField(choices=FLAG, required=False)
    # Which edit this is (workouts.setversions); absent without JavaScript. `reassert`: write it again.
    version = forms.IntegerField(required=False, min_value=0, max_value=MAX_VERSION)
    reassert = forms.BooleanField(required=False)

    def __init__(self, data: Any, *, unit: WeightUnit, read: Callable[[str], Slot]) -> None:
        super().__init__(data)
        self.unit = unit
        self.read = read

    @property
    def bad_slot(self) -> bool:
        return "slot" in self.errors

    def clean_slot(self) -> Slot:
        try:
            return self.read(self.cleaned_data["slot"])
        except BadSlot as exc:
            raise forms.ValidationError("This set could not be identified. Reload the page.") from exc

    def invalid_fields(self) -> tuple[str, ...]:
        """The inputs whose value is wrong (only those are outlined)."""
        return tuple(name for name in ("weight", "reps", "rpe") if name in self.errors)

    def clean_weight(self) -> float | None:
        value: Decimal | None = self.cleaned_data.get("weight")
        if value is None:
            return None
        kg = Decimal(str(display_to_kg(value, self.unit)))
        if value < 0 or kg > MAX_KG:
            raise forms.ValidationError(
                f"Weight must be between 0 and {max_display(self.unit)} {unit_label(self.unit)}."
            )
        slot = self.cleaned_data.get("slot")
        # The prescribed weight shown in pounds and saved unchanged stays exactly the prescribed kilograms.
        prescribed = slot.weight if isinstance(slot, Slot) else None
        if prescribed is not None and kg_to_display(prescribed, self.unit) == value:
            return prescribed
        return float(kg)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        toggle, current = data.get("toggle") or "", data.get("completed") or ""
        data["is_completed"] = (toggle or current) == "1"
        if data["is_completed"] and data.get("reps") is None and "reps" not in self.errors:
            self.add_error("reps", "Enter the reps you did before marking the set done.")
        return data

    def typed(self) -> dict[str, str]:
        """What the user typed, as they typed it, to show again with the errors."""
        toggle = self.data.get("toggle", "")
        current = "1" if self.data.get("completed") == "1" else "0"
        return {
            "weight": self.data.get("weight", ""),
            "reps": self.data.get("reps", ""),
            "rpe": self.data.get("rpe", ""),
            "completed": toggle if toggle in ("0", "1") else current,
        }

    def messages(self) -> list[str]:
        return [
            str(error)
            for name in ("weight", "reps", "rpe", "completed", "toggle", "__all__")
            for error in self.errors.get(name, [])
        ]


class FinishForm(forms.Form):
    notes = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Keep the notes under 500 characters (they are %(show_value)d)."},
    )
    confirm = forms.BooleanField(required=False)
