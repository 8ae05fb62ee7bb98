"""Request validation that answers like NestJS's ValidationPipe with class-validator.

Production runs the pipe with `whitelist` and `forbidNonWhitelisted`, so an unknown property is a
400 `property foo should not exist`; nested errors carry their path (`days.0.exercises.0.x ...`).
All messages of one request are joined with ", " into one 400.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest

from local_backend.config import quirk
from local_backend.responses import ApiError

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def read_json_object(request: HttpRequest) -> dict[str, Any]:
    """The request body as a dict; an empty body counts as `{}` (as Express's JSON parser does)."""
    raw = request.body
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ApiError(400, v8_json_message(exc)) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "Unexpected token in JSON at position 0") from exc
    if not isinstance(data, dict):
        raise ApiError(400, "Request body must be a JSON object")
    return data


def v8_json_message(error: json.JSONDecodeError) -> str:
    """What Node's JSON.parse (V8) says about the same malformed text, as production's 400 reads
    (`{x` -> "Expected property name or '}' in JSON at position 1")."""
    text, pos = error.doc, error.pos
    before = text[:pos].rstrip()
    where = f"in JSON at position {pos}"
    if error.msg.startswith("Expecting property name"):
        if before.endswith("{"):
            return f"Expected property name or '}}' {where}"
        return f"Expected double-quoted property name {where}"
    if error.msg.startswith("Expecting ':'"):
        return f"Expected ':' after property name {where}"
    if error.msg.startswith("Expecting ','"):
        if _innermost_open(text[:pos]) == "[":
            return f"Expected ',' or ']' after array element {where}"
        return f"Expected ',' or '}}' after property value {where}"
    if error.msg.startswith("Extra data"):
        return f"Unexpected non-whitespace character after JSON at position {pos}"
    if error.msg.startswith("Unterminated string"):
        return f"Unterminated string in JSON at position {len(text)}"
    if error.msg.startswith("Invalid control character"):
        return f"Bad control character in string literal {where}"
    if pos >= len(text.rstrip()):
        return "Unexpected end of JSON input"
    shown = text if len(text) <= 30 else text[:30] + "..."
    return f"Unexpected token '{text[pos]}', \"{shown}\" is not valid JSON"


def _innermost_open(text: str) -> str:
    """The innermost bracket still open at the end of `text` (strings skipped)."""
    stack: list[str] = []
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (not escaped and char == "\\"), in_string and (escaped or char != '"')
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            stack.append(char)
        elif char in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def is_uuid(value: Any) -> bool:
    return isinstance(value, str) and bool(_UUID.match(value))


def parse_uuid(value: str) -> uuid.UUID | None:
    """A path id as UUID, or None (ids that cannot exist simply are not found)."""
    return uuid.UUID(value) if is_uuid(value) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    return _is_number(value) and float(value).is_integer()


def _fmt(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def checked[T](value: T | None) -> T:
    """A required value read by a Checker, after `raise_if_errors()`: present, or the request was refused."""
    if value is None:
        raise AssertionError("a required value was not checked before use")
    return value


class Checker:
    """Validates one JSON object (a DTO); collects messages instead of stopping at the first."""

    def __init__(self, data: dict[str, Any], prefix: str = "", errors: list[str] | None = None) -> None:
        self.data = data
        self.prefix = prefix
        self.errors: list[str] = errors if errors is not None else []

    def has(self, name: str) -> bool:
        """Present and not null (class-validator's IsOptional skips null and undefined alike)."""
        return self.data.get(name) is not None

    def forbid_unknown(self, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in self.data:
            if key not in allowed_set:
                self.errors.append(f"{self.prefix}property {key} should not exist")

    def _fail(self, name: str, message: str) -> None:
        self.errors.append(f"{self.prefix}{name} {message}")

    def string(self, name: str, *, required: bool = False, not_empty: bool = False) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                if not_empty:
                    self._fail(name, "should not be empty")
                self._fail(name, "must be a string")
            return None
        if not isinstance(value, str):
            self._fail(name, "must be a string")
            return None
        if not_empty and value == "":
            self._fail(name, "should not be empty")
            return None
        return value

    def uuid(self, name: str, *, required: bool = True) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self._fail(name, "should not be empty")
                self._fail(name, "must be a UUID")
            return None
        if not is_uuid(value):
            self._fail(name, "must be a UUID")
            return None
        return str(value).lower()

    def integer(
        self, name: str, *, required: bool = False, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self._range_messages(name, None, minimum, maximum)
                self._fail(name, "must be an integer number")
            return None
        if not _is_integer(value):
            self._range_messages(name, value if _is_number(value) else None, minimum, maximum)
            self._fail(name, "must be an integer number")
            return None
        ok = self._range_messages(name, value, minimum, maximum)
        return int(value) if ok else None

    def number(
        self, name: str, *, required: bool = False, minimum: float | None = None, maximum: float | None = None
    ) -> float | None:
        value = self.data.get(name)
        if value is None or not _is_number(value):
            if value is not None or required:
                self._range_messages(name, None, minimum, maximum)
                self._fail(name, "must be a number conforming to the specified constraints")
            return None
        return float(value) if self._range_messages(name, value, minimum, maximum) else None

    def loose_number(
        self, name: str, *, required: bool = False, minimum: float | None = None
    ) -> float | None:
        """Production's set-log numbers: a number or a numeric string ("5"), any sign and size unless
        `minimum`; no integer check (callers truncate as production stores them)."""
        value = self.data.get(name)
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                number = None
            if number is not None and math.isfinite(number):
                self.data = {**self.data, name: number}
        return self.number(name, required=required, minimum=minimum)

    def _range_messages(
        self, name: str, value: float | None, minimum: float | None, maximum: float | None
    ) -> bool:
        ok = True
        if maximum is not None and (value is None or value > maximum):
            self._fail(name, f"must not be greater than {_fmt(maximum)}")
            ok = False
        if minimum is not None and (value is None or value < minimum):
            self._fail(name, f"must not be less than {_fmt(minimum)}")
            ok = False
        return ok

    def boolean(self, name: str, *, required: bool = False) -> bool | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self._fail(name, "must be a boolean value")
            return None
        if not isinstance(value, bool):
            self._fail(name, "must be a boolean value")
            return None
        return value

    def enum(
        self, name: str, choices: Sequence[str], *, required: bool = False, message: str | None = None
    ) -> str | None:
        value = self.data.get(name)
        if value is None and not required:
            return None
        if value not in choices:
            self._fail(name, message or f"must be one of the following values: {', '.join(choices)}")
            return None
        return str(value)

    def array(self, name: str, *, required: bool = False) -> list[Any] | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self._fail(name, "must be an array")
            return None
        if not isinstance(value, list):
            self._fail(name, "must be an array")
            return None
        return value

    def nested(self, name: str, index: int, item: Any) -> Checker | None:
        """A checker for `name[index]`, or None (with the message) when the item is no object."""
        if not isinstance(item, dict):
            self.errors.append(f"{self.prefix}nested property {name} must be either object or array")
            return None
        return Checker(item, f"{self.prefix}{name}.{index}.", self.errors)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ApiError(400, ", ".join(self.errors))


def check_query(request: HttpRequest, allowed: Iterable[str]) -> dict[str, str]:
    """Query parameters as a dict; unknown ones are refused as the pipe does for query DTOs."""
    allowed_set = set(allowed)
    unknown = [f"property {key} should not exist" for key in request.GET if key not in allowed_set]
    if unknown:
        raise ApiError(400, ", ".join(unknown))
    return {key: request.GET[key] for key in request.GET}


def truthy(value: Any) -> bool:
    """A JSON value as JavaScript's Boolean() reads it (production turns flags into booleans so)."""
    if isinstance(value, str):
        return value != ""
    if isinstance(value, int | float):
        return value != 0
    return value is not None


def query_bool(params: dict[str, str], name: str, errors: list[str]) -> bool | None:
    if name not in params:
        return None
    value = params[name]
    if quirk("truthy-flags"):
        # Production: any non-empty value reads as true (`isFavorite=false` lists the favourites).
        return True if value != "" else None
    if value in {"true", "false"}:
        return value == "true"
    errors.append(f"{name} must be a boolean value")
    return None
