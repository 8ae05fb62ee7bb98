"""The backend's side of sign-in and the user's profile: each function names the backend route it calls."""

from __future__ import annotations

from accounts.types import BackendUser, ProfileChanges, UserProfile
from sunnsteel_web.backend.client import BackendClient, Cached, parse

PROFILE = Cached("profile", ttl=5 * 60)


def auth_verify(api: BackendClient, access_token: str) -> BackendUser:
    """POST /auth/supabase/verify (creates the app user on first sign-in)"""
    data = api.post("/auth/supabase/verify", {"token": access_token}, invalidates=["profile"])
    return parse(BackendUser, (data or {}).get("user"), "POST /auth/supabase/verify")


def auth_logout(api: BackendClient) -> None:
    """POST /auth/supabase/logout"""
    api.post("/auth/supabase/logout")


def user_profile_get(api: BackendClient) -> UserProfile:
    """GET /users/profile"""
    return parse(UserProfile, api.get("/users/profile", cache=PROFILE), "GET /users/profile")


def user_profile_update(api: BackendClient, changes: ProfileChanges) -> UserProfile:
    """PATCH /users/profile"""
    body = changes.model_dump(by_alias=True)
    return parse(
        UserProfile, api.patch("/users/profile", body, invalidates=["profile"]), "PATCH /users/profile"
    )
