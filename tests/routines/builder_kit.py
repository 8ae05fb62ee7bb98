"""Driving the routine builder through Django's test client the way a browser without JavaScript does:
read the form as rendered, change fields by their labels, press a button (which posts the whole form)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.test import Client


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_builder = False
        self.values: dict[str, str] = {}
        self.labels: dict[str, str] = {}  # aria-label or <label for> text -> field name
        self.buttons: dict[str, str] = {}  # button text or aria-label -> action value
        self._label_for: str | None = None
        self._label_text = ""
        self._ids: dict[str, str] = {}
        self._label_ids: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._button: tuple[str, str] | None = None
        self._button_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "builder":
            self.in_builder = True
        if not self.in_builder:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit",):
            self.values[name] = a.get("value", "")
            self._register(name, a)
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
            self._register(name, a)
        elif tag == "option" and self._select:
            if "selected" in a or not self.values[self._select]:
                self.values[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
            self._register(name, a)
        elif tag == "button" and name == "action":
            self._button = (a.get("aria-label", ""), a.get("value", ""))
            self._button_text = ""
        elif tag == "label" and a.get("for"):
            self._label_for, self._label_text = a["for"], ""

    def _register(self, name: str, attrs: dict[str, str]) -> None:
        if attrs.get("aria-label"):
            self.labels[attrs["aria-label"]] = name
        if attrs.get("id"):
            self._ids[attrs["id"]] = name

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data
        if self._button is not None:
            self._button_text += data
        if self._label_for is not None:
            self._label_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_builder:
            self.in_builder = False
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None
        if tag == "button" and self._button is not None:
            label, value = self._button
            self.buttons[label or " ".join(self._button_text.split())] = value
            self.buttons.setdefault(" ".join(self._button_text.split()), value)
            self._button = None
        if tag == "label" and self._label_for is not None:
            self._label_ids[" ".join(self._label_text.split())] = self._label_for
            self._label_for = None

    def close(self) -> None:
        super().close()
        for text, target in self._label_ids.items():
            if target in self._ids:
                self.labels[text] = self._ids[target]


@dataclass
class Builder:
    """The builder page at `url` as a browser without JavaScript holds it."""

    client: Client
    url: str
    html: str = ""
    values: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    buttons: dict[str, str] = field(default_factory=dict)

    def load(self) -> Builder:
        response = self.client.get(self.url)
        assert response.status_code == 200, response.status_code
        return self._read(response.content.decode())

    def _read(self, html: str) -> Builder:
        parser = _FormParser()
        parser.feed(html)
        parser.close()
        self.html, self.values, self.labels, self.buttons = html, parser.values, parser.labels, parser.buttons
        return self

    def fill(self, label: str, value: str) -> Builder:
        name = self.labels.get(label, label)
        assert name in self.values, f"no field {label!r}; fields: {sorted(self.labels)}"
        self.values[name] = value
        return self

    def press(self, button: str, *, follow: bool = True, **extra: str) -> Any:
        """Posts the whole form with that button; follows the redirect back (PRG) and reads the page again."""
        action = self.buttons.get(button, button)
        assert action in self.buttons.values() or ":" in action or action in ("save", "keep", "undo"), (
            f"no button {button!r}; buttons: {sorted(self.buttons)}"
        )
        response = self.client.post(self.url, {**self.values, "action": action, **extra}, follow=follow)
        if follow and response.status_code == 200 and 'id="builder"' in response.content.decode():
            self._read(response.content.decode())
        return response

    def text(self) -> str:
        return page_text(self.html)


def page_text(html: str) -> str:
    """The words a person reads (inline tags do not break a sentence)."""
    html = re.sub(r"</?(b|i|em|strong|span|a)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def exercise_ids(client_or_api: Any) -> dict[str, str]:
    """The catalogue's ids by name (through the contract kit's `Api`)."""
    return {e["name"]: e["id"] for e in client_or_api.exercises()}
