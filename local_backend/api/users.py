"""App users: created from the auth user on first sign-in, and their profile endpoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse

from local_backend.config import quirk
from local_backend.models import AppUser, AuthUser
from local_backend.responses import ApiError, json_response, num
from local_backend.timeutil import iso, now
from local_backend.validation import Checker, read_json_object

PROFILE_FIELDS = ("name", "lastName", "avatarUrl", "age", "sex", "weight", "height", "weightUnit")
PROFILE_COLUMNS = ("name", "last_name", "avatar_url", "age", "sex", "weight", "height", "weight_unit")


def display_name(auth_user: AuthUser) -> str:
    """`user_metadata.name` (or full_name), else the email's local part, as production does."""
    meta = auth_user.user_metadata or {}
    for key in ("name", "full_name"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return auth_user.email.split("@", 1)[0]


def ensure_app_user(auth_user: AuthUser) -> AppUser:
    found = AppUser.objects.filter(supabase_user_id=auth_user.id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return AppUser.objects.create(
                supabase_user_id=auth_user.id, email=auth_user.email, name=display_name(auth_user)
            )
    except IntegrityError:  # a concurrent first request created it
        return AppUser.objects.get(supabase_user_id=auth_user.id)


def user_json(user: AppUser) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "supabaseUserId": str(user.supabase_user_id),
        "weightUnit": user.weight_unit,
    }


def user_with_dates_json(user: AppUser) -> dict[str, Any]:
    return {**user_json(user), "createdAt": iso(user.created_at), "updatedAt": iso(user.updated_at)}


def full_profile_json(user: AppUser) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "lastName": user.last_name,
        "avatarUrl": user.avatar_url,
        "age": user.age,
        "sex": user.sex,
        "weight": num(user.weight),
        "height": num(user.height),
        "weightUnit": user.weight_unit,
        "followerCount": 0,
        "followingCount": 0,
        "createdAt": iso(user.created_at),
        "updatedAt": iso(user.updated_at),
    }


def profile_get(request: HttpRequest) -> HttpResponse:
    """GET /users/profile"""
    return json_response(full_profile_json(request.app_user))  # type: ignore[attr-defined]


def profile_patch(request: HttpRequest) -> HttpResponse:
    """PATCH /users/profile: any of the profile fields."""
    user: AppUser = request.app_user  # type: ignore[attr-defined]
    body = read_json_object(request)
    if quirk("loose-profile-patch"):
        changes = _unvalidated_changes(body)
    else:
        changes = _validated_changes(body)
    for field, value in changes.items():
        if value is not None:
            setattr(user, field, value)
    user.updated_at = now()
    user.save()
    return json_response(full_profile_json(user))


def _validated_changes(body: dict[str, Any]) -> dict[str, Any]:
    check = Checker(body)
    check.forbid_unknown(PROFILE_FIELDS)
    changes = {
        "name": check.string("name", not_empty=True),
        "last_name": check.string("lastName"),
        "avatar_url": check.string("avatarUrl"),
        "age": check.integer("age", minimum=0, maximum=150),
        "sex": check.string("sex"),
        "weight": check.number("weight", minimum=0),
        "height": check.number("height", minimum=0),
        "weight_unit": check.enum("weightUnit", AppUser.WEIGHT_UNITS),
    }
    check.raise_if_errors()
    return changes


def _unvalidated_changes(body: dict[str, Any]) -> dict[str, Any]:
    """Production passes the body to the database unchecked: unknown fields are dropped, and a value of the
    wrong type (`weightUnit: "STONE"`, `weight: "heavy"`) fails there, as a 500. `name: ""` is stored."""

    def is_number(value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    fits: dict[str, Callable[[Any], bool]] = {
        "name": lambda v: isinstance(v, str),
        "lastName": lambda v: isinstance(v, str),
        "avatarUrl": lambda v: isinstance(v, str),
        "age": lambda v: is_number(v) and float(v).is_integer() and abs(v) < 2**31,
        "sex": lambda v: isinstance(v, str),
        "weight": is_number,
        "height": is_number,
        "weightUnit": lambda v: v in AppUser.WEIGHT_UNITS,
    }
    changes: dict[str, Any] = {}
    for name, column in zip(PROFILE_FIELDS, PROFILE_COLUMNS, strict=True):
        if name not in body or body[name] is None:
            continue
        if not fits[name](body[name]):
            raise ApiError(500, "Internal server error")
        changes[column] = int(body[name]) if name == "age" else body[name]
    return changes
