"""Form pieces every app uses for typed numbers.

Phones in many locales offer only a comma on the decimal keypad, and a `type="number"` input in an English
browser reads "62,5" as 625 (the comma taken for a thousands separator). So numbers are typed into text inputs
with a decimal keypad (`DECIMAL_ATTRS`, `INTEGER_ATTRS`), and `DecimalField` reads "," and "." alike as the
decimal separator, with or without JavaScript. A comma is never read as nothing, nor as a thousands separator:
"1,250.5" (two separators) is refused with the field's message rather than guessed at.
"""

from __future__ import annotations

from typing import Any

from django import forms

# Attributes of a text input for a decimal number: the decimal keypad, no autocorrect, 16 px (no iOS zoom).
DECIMAL_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "autocorrect": "off", "spellcheck": "false"}
INTEGER_ATTRS = {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"}


def decimal_text(value: str) -> str:
    """ "62,5" -> "62.5"; surrounding spaces go. Two separators stay as typed (and fail to parse)."""
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    return text


class DecimalTextInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({**DECIMAL_ATTRS, **(attrs or {})})


class DecimalField(forms.DecimalField):
    """A decimal typed with "," or "." as its separator (see the module docstring)."""

    widget = DecimalTextInput

    def to_python(self, value: Any) -> Any:  # a Decimal or None (the stubs type it as IntegerField's)
        if isinstance(value, str):
            value = decimal_text(value)
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs: dict[str, Any] = super().widget_attrs(widget)
        attrs.pop("step", None)  # text inputs: no step or min/max spinner semantics
        attrs.pop("min", None)
        attrs.pop("max", None)
        return attrs
