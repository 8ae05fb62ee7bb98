"""Auth users and identities: creation, lookup, password rules and GoTrue's user JSON."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from local_backend.gotrue.errors import GoTrueError
from local_backend.models import AuthIdentity, AuthUser
from local_backend.timeutil import iso_micro, now

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 6


def normalize_email(raw: Any) -> str:
    """The lower-cased email, or GoTrue's 400 for a missing or malformed one."""
    if not isinstance(raw, str) or not raw.strip():
        raise GoTrueError(400, "validation_failed", "An email address is required")
    email = raw.strip().lower()
    if not _EMAIL.match(email):
        raise GoTrueError(400, "validation_failed", "Unable to validate email address: invalid format")
    return email


def find_user(email: str) -> AuthUser | None:
    return AuthUser.objects.filter(email=email.strip().lower()).first()


def check_password_strength(password: Any) -> str:
    if not isinstance(password, str) or password == "":
        raise GoTrueError(422, "validation_failed", "Password is required")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise GoTrueError(
            422,
            "weak_password",
            f"Password should be at least {MIN_PASSWORD_LENGTH} characters.",
            {"weak_password": {"reasons": ["length"]}},
        )
    return password


def set_password(user: AuthUser, password: str) -> None:
    user.encrypted_password = make_password(password)


def password_matches(user: AuthUser, password: str) -> bool:
    return bool(user.encrypted_password) and check_password(password, user.encrypted_password)


def _email_identity_data(user: AuthUser) -> dict[str, Any]:
    return {
        "email": user.email,
        "email_verified": user.email_confirmed_at is not None,
        "phone_verified": False,
        "sub": str(user.id),
    }


def create_user(
    email: str,
    *,
    password: str | None,
    metadata: dict[str, Any] | None = None,
    confirmed: bool,
    provider: str = "email",
    provider_data: dict[str, Any] | None = None,
) -> AuthUser:
    """A new auth user with its first identity (email, or an OAuth provider)."""
    moment = now()
    with transaction.atomic():
        user = AuthUser(
            email=email,
            email_confirmed_at=moment if confirmed else None,
            app_metadata={"provider": provider, "providers": [provider]},
            created_at=moment,
            updated_at=moment,
        )
        if password is not None:
            set_password(user, password)
        if provider == "email":
            user.user_metadata = {**(metadata or {}), **_email_identity_data(user)}
            user.save()
            AuthIdentity.objects.create(
                user=user,
                provider="email",
                provider_id=str(user.id),
                identity_data=_email_identity_data(user),
            )
        else:
            user.user_metadata = {**(metadata or {}), **(provider_data or {})}
            user.save()
            add_identity(user, provider, provider_data or {})
    return user


def add_identity(user: AuthUser, provider: str, data: dict[str, Any]) -> AuthIdentity:
    """Link a provider identity (idempotent) and list the provider in app_metadata."""
    provider_id = str(data.get("provider_id") or data.get("sub") or user.id)
    identity, _ = AuthIdentity.objects.get_or_create(
        provider=provider, provider_id=provider_id, defaults={"user": user, "identity_data": data}
    )
    providers = list(user.app_metadata.get("providers", []))
    if provider not in providers:
        providers.append(provider)
        user.app_metadata = {**user.app_metadata, "providers": providers}
        user.save(update_fields=["app_metadata"])
    return identity


def confirm_email(user: AuthUser) -> None:
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now()
        user.user_metadata = {**user.user_metadata, "email_verified": True}
        user.updated_at = now()
        user.save()
        AuthIdentity.objects.filter(user=user, provider="email").update(
            identity_data=_email_identity_data(user), updated_at=now()
        )


def google_profile(email: str) -> dict[str, Any]:
    """What the fake Google tells GoTrue: the address only (the consent page asks for nothing else),
    under a stable fake subject id. With no name, the app names the user after the address."""
    subject = str(int(hashlib.sha256(email.encode()).hexdigest()[:15], 16))
    return {
        "email": email,
        "email_verified": True,
        "iss": "https://accounts.google.com",
        "phone_verified": False,
        "provider_id": subject,
        "sub": subject,
    }


def identity_json(identity: AuthIdentity) -> dict[str, Any]:
    return {
        "identity_id": str(identity.id),
        "id": identity.provider_id,
        "user_id": str(identity.user_id),
        "identity_data": identity.identity_data,
        "provider": identity.provider,
        "last_sign_in_at": iso_micro(identity.last_sign_in_at or identity.created_at),
        "created_at": iso_micro(identity.created_at),
        "updated_at": iso_micro(identity.updated_at),
        "email": identity.identity_data.get("email"),
    }


def user_json(user: AuthUser, *, identities: bool = True) -> dict[str, Any]:
    """GoTrue's user object; absent timestamps are left out, as GoTrue's omitempty does."""
    data: dict[str, Any] = {
        "id": str(user.id),
        "aud": "authenticated",
        "role": "authenticated",
        "email": user.email,
    }
    if user.email_confirmed_at:
        data["email_confirmed_at"] = iso_micro(user.email_confirmed_at)
    data["phone"] = ""
    if user.confirmation_sent_at:
        data["confirmation_sent_at"] = iso_micro(user.confirmation_sent_at)
    if user.email_confirmed_at:
        data["confirmed_at"] = iso_micro(user.email_confirmed_at)
    if user.recovery_sent_at:
        data["recovery_sent_at"] = iso_micro(user.recovery_sent_at)
    if user.last_sign_in_at:
        data["last_sign_in_at"] = iso_micro(user.last_sign_in_at)
    data["app_metadata"] = user.app_metadata
    data["user_metadata"] = user.user_metadata
    data["identities"] = (
        [identity_json(i) for i in user.identities.order_by("created_at")] if identities else []
    )
    data["created_at"] = iso_micro(user.created_at)
    data["updated_at"] = iso_micro(user.updated_at)
    data["is_anonymous"] = False
    return data
