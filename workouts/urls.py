from django.urls import path

from workouts import history, sets, views

app_name = "workouts"
SET = "<uuid:session_id>/sets/<uuid:routine_exercise_id>/<int:set_number>"

urlpatterns = [
    path("history", history.history, name="history"),
    path("start", views.session_start, name="start"),
    path("start/conflict", views.session_conflict, name="conflict"),
    path("start/replace", views.session_replace, name="replace"),
    path("banner", views.active_banner, name="banner"),
    path("<uuid:session_id>", views.session_page, name="session"),
    path("<uuid:session_id>/finish", views.session_finish, name="finish"),
    path("<uuid:session_id>/discard", views.session_discard, name="discard"),
    path("<uuid:session_id>/sets/versions", sets.set_versions, name="set-versions"),
    path(SET, sets.set_save, name="set-save"),
    path(f"{SET}/clear", sets.set_clear, name="set-clear"),
]
