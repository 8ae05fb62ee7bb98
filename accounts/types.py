"""The signed-in user as the backend knows them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sunnsteel_web.backend.schema import BackendModel

WeightUnit = Literal["KG", "LB"]


class BackendUser(BackendModel):
    id: str
    email: str
    name: str | None = None
    supabase_user_id: str | None = None
    weight_unit: WeightUnit = "KG"


class UserProfile(BackendModel):
    id: str
    email: str
    name: str | None = None
    last_name: str | None = None
    avatar_url: str | None = None
    age: int | None = None
    sex: str | None = None
    weight: float | None = None
    height: float | None = None
    weight_unit: WeightUnit = "KG"
    created_at: datetime | None = None
    updated_at: datetime | None = None
