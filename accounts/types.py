"""The signed-in user as the backend knows them, and what the profile page changes."""

from __future__ import annotations

from datetime import datetime

from sunnsteel_web.backend.schema import BackendModel, WeightUnit


class BackendUser(BackendModel):
    id: str
    email: str
    name: str | None = None
    supabase_user_id: str | None = None
    weight_unit: WeightUnit = "KG"


class UserProfile(BackendUser):
    """The user with the profile's own fields (GET/PATCH /users/profile)."""

    last_name: str | None = None
    avatar_url: str | None = None
    age: int | None = None
    sex: str | None = None
    weight: float | None = None
    height: float | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class ProfileChanges(BackendModel):
    """What the profile form saves (PATCH /users/profile); `model_dump(by_alias=True)` is the body."""

    name: str
    weight_unit: WeightUnit
