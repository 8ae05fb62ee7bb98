"""The base of every typed object parsed from backend JSON: immutable, snake_case, unknown keys ignored."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class BackendModel(BaseModel):
    model_config = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True, extra="ignore")


WeightUnit = Literal["KG", "LB"]  # the user's unit; the backend always stores kilograms
