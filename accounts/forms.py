"""Sign-in forms: validated here before Supabase is asked anything."""

from __future__ import annotations

from django import forms

_EMAIL = {"autocomplete": "email", "inputmode": "email", "autocapitalize": "none", "spellcheck": "false"}


class LoginForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={**_EMAIL, "autofocus": True}))
    password = forms.CharField(
        max_length=128, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class SignupForm(forms.Form):
    name = forms.CharField(
        min_length=2, max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs=_EMAIL))
    password = forms.CharField(
        min_length=6,
        max_length=128,
        strip=False,
        help_text="At least 6 characters. Longer, with numbers and symbols, is stronger.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "data-strength": "true"}),
    )
    confirm_password = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (
            data.get("password")
            and data.get("confirm_password")
            and data["password"] != data["confirm_password"]
        ):
            self.add_error("confirm_password", "The passwords do not match.")
        return data


class ForgotPasswordForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={**_EMAIL, "autofocus": True}))


class NewPasswordForm(forms.Form):
    password = forms.CharField(
        label="New password",
        min_length=6,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
    )
    confirm_password = forms.CharField(
        label="Confirm new password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (
            data.get("password")
            and data.get("confirm_password")
            and data["password"] != data["confirm_password"]
        ):
            self.add_error("confirm_password", "The passwords do not match.")
        return data


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
