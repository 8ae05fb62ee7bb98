"""Sign-in forms: validated here before Supabase is asked anything."""

from __future__ import annotations

from django import forms

from accounts.types import ProfileChanges

_EMAIL = {"autocomplete": "email", "inputmode": "email", "autocapitalize": "none", "spellcheck": "false"}


class LoginForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={**_EMAIL, "autofocus": True}))
    password = forms.CharField(
        max_length=128, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class NewPasswordForm(forms.Form):
    """A new password typed twice (sign-up, password reset); lengths as Supabase's defaults allow."""

    password = forms.CharField(
        min_length=6,
        max_length=128,
        strip=False,
        help_text="At least 6 characters. Longer, with numbers and symbols, is stronger.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirm_password = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("confirm_password")
        if password and again and password != again:
            self.add_error("confirm_password", "The passwords do not match.")
        return data


class SignupForm(NewPasswordForm):
    name = forms.CharField(
        min_length=2, max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs=_EMAIL))
    field_order = ["name", "email", "password", "confirm_password"]


class ForgotPasswordForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={**_EMAIL, "autofocus": True}))


class ProfileForm(forms.Form):
    name = forms.CharField(
        min_length=2, max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    weight_unit = forms.ChoiceField(
        label="Weights in",
        choices=[("KG", "Kilograms (kg)"), ("LB", "Pounds (lb)")],
        widget=forms.RadioSelect,
        help_text="Stored weights stay the same; this is how you see and type them.",
    )

    def changes(self) -> ProfileChanges:
        """What a valid form saves."""
        return ProfileChanges(name=self.cleaned_data["name"], weight_unit=self.cleaned_data["weight_unit"])
