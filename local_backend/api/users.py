"""App users: created from the auth user on first sign-in, and their profile endpoints."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse

from local_backend.models import AppUser, AuthUser
from local_backend.responses import json_response, num
from local_backend.timeutil import iso, now
from local_backend.validation import Checker, read_json_object


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
    check = Checker(read_json_object(request))
    check.forbid_unknown(["name", "lastName", "avatarUrl", "age", "sex", "weight", "height", "weightUnit"])
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
    for field, value in changes.items():
        if value is not None:
            setattr(user, field, value)
    user.updated_at = now()
    user.save()
    return json_response(full_profile_json(user))
