"""Routes: /api (the production backend), /auth/v1 (GoTrue stand-in), /__control__ (tests, demos)."""

from django.urls import path, re_path

from local_backend import config, control
from local_backend.api import auth, history, routines, sessions, users
from local_backend.api.routing import endpoint
from local_backend.api.routing import not_found as api_not_found
from local_backend.gotrue import oauth
from local_backend.gotrue import views as gotrue

SESSION = "api/workouts/sessions/<str:session_id>"

api_urls = [
    path("api/health", endpoint(auth=False, GET=auth.health)),
    path("api/auth/supabase/health", endpoint(auth=False, GET=auth.health)),
    path("api/auth/supabase/verify", endpoint(auth=False, POST=auth.verify)),
    path("api/auth/supabase/profile", endpoint(GET=auth.profile)),
    path("api/auth/supabase/logout", endpoint(auth=False, POST=auth.logout)),
    path("api/users/profile", endpoint(GET=users.profile_get, PATCH=users.profile_patch)),
    path("api/exercises", endpoint(GET=routines.exercises_list)),
    path("api/routines", endpoint(GET=routines.routines_list, POST=routines.routine_create)),
    path("api/routines/favorites", endpoint(GET=routines.routines_favorites)),
    path("api/routines/completed", endpoint(GET=routines.routines_completed)),
    path(
        "api/routines/<str:routine_id>",
        endpoint(GET=routines.routine_get, PATCH=routines.routine_update, DELETE=routines.routine_delete),
    ),
    path("api/routines/<str:routine_id>/favorite", endpoint(PATCH=routines.routine_favorite)),
    path("api/routines/<str:routine_id>/completed", endpoint(PATCH=routines.routine_completed)),
    path(
        "api/routines/<str:routine_id>/exercises/<str:routine_exercise_id>/note",
        endpoint(PATCH=routines.routine_exercise_note),
    ),
    path("api/workouts/sessions", endpoint(GET=history.sessions_list)),
    path("api/workouts/sessions/start", endpoint(POST=sessions.start)),
    path("api/workouts/sessions/active", endpoint(GET=sessions.active)),
    path(SESSION, endpoint(GET=sessions.detail)),
    path(f"{SESSION}/finish", endpoint(PATCH=sessions.finish)),
    path(f"{SESSION}/set-logs", endpoint(PUT=sessions.set_log_put)),
    path(
        f"{SESSION}/set-logs/<str:routine_exercise_id>/<str:set_number>",
        endpoint(DELETE=sessions.set_log_delete),
    ),
    re_path(r"^api(?:/.*)?$", api_not_found),
]

gotrue_urls = [
    path("auth/v1/signup", gotrue.endpoint(POST=gotrue.signup)),
    path("auth/v1/token", gotrue.endpoint(POST=gotrue.token)),
    path("auth/v1/user", gotrue.endpoint(GET=gotrue.user_get, PUT=gotrue.user_put)),
    path("auth/v1/logout", gotrue.endpoint(POST=gotrue.logout)),
    path("auth/v1/recover", gotrue.endpoint(POST=gotrue.recover)),
    path("auth/v1/verify", gotrue.endpoint(public=("GET",), GET=gotrue.verify_get, POST=gotrue.verify_post)),
    path("auth/v1/authorize", gotrue.endpoint(public=("GET",), GET=oauth.authorize)),
    path("auth/v1/callback", gotrue.endpoint(public=("POST",), POST=oauth.callback)),
    # Not GoTrue's: the fake provider's consent page on another origin (`oauthProviderUrl`, gotrue/oauth.py).
    path(oauth.PROVIDER_PATH.lstrip("/"), gotrue.endpoint(public=("GET",), GET=oauth.provider_authorize)),
    path("auth/v1/settings", gotrue.endpoint(public=("GET",), GET=gotrue.settings_view)),
    path("auth/v1/health", gotrue.endpoint(public=("GET",), GET=gotrue.health)),
    path("auth/v1/.well-known/jwks.json", gotrue.endpoint(public=("GET",), GET=gotrue.jwks)),
    re_path(r"^auth/v1(?:/.*)?$", gotrue.not_found),
]

urlpatterns = api_urls + gotrue_urls
if config.control_enabled():
    urlpatterns += control.urls

handler404 = "local_backend.control.plain_not_found"
handler500 = "local_backend.control.plain_server_error"
