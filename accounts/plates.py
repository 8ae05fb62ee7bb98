"""Profile's "Bar and plates": what the plate calculator on a set row loads (kept by workouts.plate_settings).

Its own form and view beside the profile form (which talks to the backend): this one makes no backend call.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.forms import ProfileForm
from sunnsteel_web.backend.schema import WeightUnit
from sunnsteel_web.forms import DecimalField
from sunnsteel_web.http import SignedInRequest
from sunnsteel_web.toasts import notify
from workouts.plate_settings import PlateSettings, plate_settings, plate_settings_save
from workouts.plates import DEFAULT_BAR, PLATE_CHOICES
from workouts.units import plain, unit_label

MAX_BAR = {"KG": Decimal(100), "LB": Decimal(220)}


class PlateSettingsForm(forms.Form):
    bar = DecimalField(label="Bar weight", min_value=Decimal(0), max_digits=5, decimal_places=2)
    plates = forms.TypedMultipleChoiceField(
        label="Plates you have (one pair or more of each)",
        coerce=Decimal,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick at least one plate.",
            "invalid_choice": "Pick plates from the list.",
        },
    )

    def __init__(self, *args: Any, unit: WeightUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        label, top = unit_label(unit), MAX_BAR.get(unit, MAX_BAR["KG"])
        example = plain(DEFAULT_BAR.get(unit, DEFAULT_BAR["KG"]))
        bar = self.fields["bar"]
        bar.label = f"Bar weight ({label})"
        bar.help_text = f"20 kg / 45 lb for an Olympic bar; 0 for plates alone. At most {plain(top)} {label}."
        bar.error_messages |= {
            "required": f"Enter the bar's weight in {label}, e.g. {example}.",
            "invalid": f"Enter the bar's weight as a number in {label}, e.g. {example}.",
            "min_value": "The bar cannot weigh less than nothing.",
            "max_digits": f"A bar weighs at most {plain(top)} {label}.",
            "max_whole_digits": f"A bar weighs at most {plain(top)} {label}.",
            "max_decimal_places": "Use at most 2 decimals.",
        }
        choices = PLATE_CHOICES.get(unit, PLATE_CHOICES["KG"])
        self.fields["plates"].choices = [(str(p), f"{plain(p)} {label}") for p in choices]  # type: ignore[attr-defined]
        self.top = top

    def clean_bar(self) -> Decimal:
        bar: Decimal = self.cleaned_data["bar"]
        if bar > self.top:
            raise forms.ValidationError(f"A bar weighs at most {plain(self.top)} {unit_label(self.unit)}.")
        return bar

    def settings(self) -> PlateSettings:
        plates = tuple(sorted(self.cleaned_data["plates"], reverse=True))
        return PlateSettings(unit=self.unit, bar=self.cleaned_data["bar"], plates=plates)


def plate_form(request: SignedInRequest) -> PlateSettingsForm:
    """The form as Profile shows it: the user's bar and plates in their unit."""
    mine = plate_settings(request)
    initial = {"bar": plain(mine.bar), "plates": [str(p) for p in mine.plates]}
    return PlateSettingsForm(unit=mine.unit, initial=initial)


@require_POST
def plate_settings_view(request: SignedInRequest) -> HttpResponse:
    """Saves the bar and plates (no backend call); a problem is shown beside its field on Profile."""
    form = PlateSettingsForm(request.POST, unit=request.user.weight_unit)
    if form.is_valid():
        plate_settings_save(request, form.settings())
        notify(request, "Your bar and plates have been saved.", title="Saved")
        return redirect(reverse("accounts:profile") + "#plates")
    user = request.user
    profile = ProfileForm(initial={"name": user.name, "weight_unit": user.weight_unit})
    return render(request, "accounts/profile.html", {"form": profile, "plate_form": form}, status=400)
