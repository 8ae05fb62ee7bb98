"""Health, the backend side of Supabase auth (verify, profile, logout), 401s, and the users profile."""

import time

import pytest

from tests.contract.contract_kit import NIL_UUID, assert_error, is_iso, is_uuid, jwt_claims, tampered

pytestmark = pytest.mark.contract

PROTECTED = [
    ("GET", "/auth/supabase/profile"),
    ("GET", "/users/profile"),
    ("PATCH", "/users/profile"),
    ("GET", "/exercises"),
    ("GET", "/routines"),
    ("GET", "/routines/favorites"),
    ("GET", "/routines/completed"),
    ("GET", f"/routines/{NIL_UUID}"),
    ("POST", "/routines"),
    ("PATCH", f"/routines/{NIL_UUID}"),
    ("DELETE", f"/routines/{NIL_UUID}"),
    ("PATCH", f"/routines/{NIL_UUID}/favorite"),
    ("PATCH", f"/routines/{NIL_UUID}/completed"),
    ("PATCH", f"/routines/{NIL_UUID}/exercises/{NIL_UUID}/note"),
    ("POST", "/workouts/sessions/start"),
    ("GET", "/workouts/sessions/active"),
    ("GET", "/workouts/sessions"),
    ("GET", f"/workouts/sessions/{NIL_UUID}"),
    ("PATCH", f"/workouts/sessions/{NIL_UUID}/finish"),
    ("PUT", f"/workouts/sessions/{NIL_UUID}/set-logs"),
    ("DELETE", f"/workouts/sessions/{NIL_UUID}/set-logs/{NIL_UUID}/1"),
]

USER_KEYS = {"id", "email", "name", "supabaseUserId", "weightUnit"}
FULL_PROFILE_KEYS = {
    "id",
    "email",
    "name",
    "lastName",
    "avatarUrl",
    "age",
    "sex",
    "weight",
    "height",
    "weightUnit",
    "followerCount",
    "followingCount",
    "createdAt",
    "updatedAt",
}


def _cookie_cleared(set_cookie: str) -> bool:
    lowered = set_cookie.lower()
    expired = "expires=thu, 01 jan 1970" in lowered or "max-age=0" in lowered
    return lowered.startswith("ss_session=;") and expired


# --- health ---------------------------------------------------------------------------------------


def test_health_answers_ok_without_a_token(anon):
    response = anon.get("/health")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "timestamp"}
    assert body["status"] == "ok"
    assert is_iso(body["timestamp"])


def test_supabase_health_answers_without_a_token(anon):
    response = anon.get("/auth/supabase/health")

    assert response.status_code == 200
    assert isinstance(response.json(), dict)


# --- verify / profile / logout --------------------------------------------------------------------


def test_verify_returns_the_app_user_and_sets_the_session_cookie(anon, api_a, claims_a):
    response = anon.post("/auth/supabase/verify", {"token": api_a.token})

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"user", "message"}
    assert body["message"] == "Token verified successfully"
    user = body["user"]
    assert set(user) == USER_KEYS
    assert is_uuid(user["id"])
    assert user["supabaseUserId"] == claims_a["sub"]
    assert user["email"] == claims_a["email"]
    assert user["weightUnit"] in {"KG", "LB"}
    cookie = response.headers.get("set-cookie", "")
    assert cookie.startswith("ss_session=1;"), cookie
    assert "httponly" in cookie.lower()


def test_verifying_twice_returns_the_same_app_user(anon, api_a):
    first = anon.post("/auth/supabase/verify", {"token": api_a.token}).json()["user"]
    second = anon.post("/auth/supabase/verify", {"token": api_a.token}).json()["user"]

    assert first == second


def test_verify_with_a_bad_token_is_401_and_clears_the_cookie(anon):
    response = anon.post("/auth/supabase/verify", {"token": "garbage"})

    assert_error(response, 401, "Token verification failed")
    assert _cookie_cleared(response.headers.get("set-cookie", "")), response.headers.get("set-cookie")


def test_profile_returns_the_verified_user_with_timestamps(anon, api_a, claims_a):
    verified = anon.post("/auth/supabase/verify", {"token": api_a.token}).json()["user"]

    response = api_a.get("/auth/supabase/profile")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"user"}
    user = body["user"]
    assert set(user) == USER_KEYS | {"createdAt", "updatedAt"}
    assert {key: user[key] for key in USER_KEYS} == verified
    assert user["supabaseUserId"] == claims_a["sub"]
    assert is_iso(user["createdAt"]) and is_iso(user["updatedAt"])


def test_logout_answers_with_a_message_and_clears_the_cookie(anon):
    response = anon.post("/auth/supabase/logout")

    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body["message"], str) and body["message"]
    assert _cookie_cleared(response.headers.get("set-cookie", "")), response.headers.get("set-cookie")


def test_first_verify_of_a_new_supabase_user_creates_the_app_user(local, anon, unique):
    from supabase import ClientOptions, create_client

    client = create_client(
        local.root_url, local.anon_key, options=ClientOptions(auto_refresh_token=False, persist_session=False)
    )
    email = unique("signup").replace(" ", "-") + "@example.test"
    signed_up = client.auth.sign_up({"email": email, "password": "pass-word-1"})
    assert signed_up.session is not None, "the stand-in confirms sign-ups at once by default"
    token = signed_up.session.access_token

    response = anon.post("/auth/supabase/verify", {"token": token})

    assert response.status_code == 200, response.text
    user = response.json()["user"]
    assert user["email"] == email
    assert user["supabaseUserId"] == jwt_claims(token)["sub"]
    profile = anon.with_token(token).get("/auth/supabase/profile")
    assert profile.status_code == 200
    assert profile.json()["user"]["id"] == user["id"]


# --- 401 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), PROTECTED, ids=[f"{m} {p}" for m, p in PROTECTED])
def test_protected_endpoint_without_a_token_is_401_authentication_required(anon, method, path):
    assert_error(anon.request(method, path), 401, "Authentication required")


@pytest.mark.parametrize(("method", "path"), PROTECTED, ids=[f"{m} {p}" for m, p in PROTECTED])
def test_protected_endpoint_with_a_garbage_token_is_401_token_validation_failed(anon, method, path):
    assert_error(anon.with_token("garbage").request(method, path), 401, "Token validation failed")


def test_a_token_with_a_forged_signature_is_401(api_a):
    assert_error(api_a.with_token(tampered(api_a.token)).get("/routines"), 401, "Token validation failed")


def test_an_expired_token_is_401(control, anon, unique):
    user = control.create_user(email=unique("expiring").replace(" ", "-") + "@example.test")
    control.control("PATCH", "/config", json={"accessTokenTtl": 0})  # issued already expired
    token = control.sign_in(user["email"], user["password"])
    assert jwt_claims(token)["exp"] <= time.time()

    assert_error(anon.with_token(token).get("/routines"), 401)


def test_a_token_of_a_revoked_auth_session_is_401(local, anon, unique):
    user = local.create_user(email=unique("revoked").replace(" ", "-") + "@example.test")
    api = anon.with_token(local.sign_in(user["email"], user["password"]))
    assert api.get("/routines").status_code == 200

    revoked = local.control("POST", f"/users/{user['email']}/revoke-sessions")
    assert revoked.status_code < 300, revoked.text

    assert_error(api.get("/routines"), 401)


# --- users profile --------------------------------------------------------------------------------


def test_users_profile_returns_the_full_profile(api_a, claims_a):
    response = api_a.get("/users/profile")

    assert response.status_code == 200, response.text
    profile = response.json()
    assert FULL_PROFILE_KEYS <= set(profile), sorted(FULL_PROFILE_KEYS - set(profile))
    assert profile["email"] == claims_a["email"]
    assert profile["weightUnit"] in {"KG", "LB"}
    assert isinstance(profile["followerCount"], int) and isinstance(profile["followingCount"], int)
    assert is_iso(profile["createdAt"]) and is_iso(profile["updatedAt"])


def test_patching_the_users_profile_updates_it_everywhere(api_a):
    original = api_a.ok("GET", "/users/profile")
    changes = {
        "name": "Contract Lifter",
        "lastName": "Tester",
        "age": 31,
        "weight": 82.5,
        "height": 181,
        "weightUnit": "LB" if original["weightUnit"] == "KG" else "KG",
    }
    try:
        response = api_a.patch("/users/profile", changes)

        assert response.status_code == 200, response.text
        profile = api_a.ok("GET", "/users/profile")
        assert {key: profile[key] for key in changes} == changes
        auth_user = api_a.ok("GET", "/auth/supabase/profile")["user"]
        assert auth_user["weightUnit"] == changes["weightUnit"]
        assert auth_user["name"] == "Contract Lifter"
    finally:
        restore = {key: original[key] for key in changes if original[key] is not None}
        api_a.patch("/users/profile", restore)


@pytest.fixture
def restore_profile(api_a):
    """Puts user A's name and unit back after a test that changes them."""
    original = api_a.ok("GET", "/users/profile")
    yield original
    api_a.patch("/users/profile", {"name": original["name"], "weightUnit": original["weightUnit"]})


def test_quirk_patching_the_users_profile_ignores_unknown_fields(api_a, restore_profile):
    response = api_a.patch("/users/profile", {"name": restore_profile["name"], "foo": 1})

    assert response.status_code == 200, response.text
    assert "foo" not in api_a.ok("GET", "/users/profile")


@pytest.mark.parametrize(
    "change", [{"weightUnit": "STONE"}, {"weight": "heavy"}], ids=["weightUnit STONE", "weight heavy"]
)
def test_quirk_a_profile_value_of_the_wrong_kind_is_a_500(api_a, restore_profile, change):
    response = api_a.patch("/users/profile", change)

    assert_error(response, 500)
    after = api_a.ok("GET", "/users/profile")
    before = restore_profile
    assert (after["weightUnit"], after["weight"]) == (before["weightUnit"], before["weight"])


def test_quirk_an_empty_profile_name_is_accepted(api_a, restore_profile):
    response = api_a.patch("/users/profile", {"name": ""})

    assert response.status_code == 200, response.text


def test_with_the_quirk_off_the_profile_patch_is_validated(control, api_a):
    control.configure(quirksOff=["loose-profile-patch"])

    assert_error(api_a.patch("/users/profile", {"name": "x", "foo": 1}), 400, "property foo should not exist")
    assert_error(api_a.patch("/users/profile", {"weightUnit": "STONE"}), 400, contains="weightUnit")
    assert_error(api_a.patch("/users/profile", {"name": ""}), 400, contains="name")
