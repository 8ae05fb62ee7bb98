from django.urls import path

from routines import builder_views, views

app_name = "routines"

urlpatterns = [
    path("", views.routine_list_view, name="list"),
    path("new", builder_views.routine_new, name="new"),
    path("new/exercises", builder_views.exercise_picker, name="picker"),
    path("templates", builder_views.template_list, name="templates"),
    path("templates/<slug:slug>", builder_views.template_use, name="template-use"),
    path("<uuid:routine_id>", views.routine_detail_view, name="detail"),
    path("<uuid:routine_id>/edit", builder_views.routine_edit, name="edit"),
    path("<uuid:routine_id>/edit/exercises", builder_views.exercise_picker, name="edit-picker"),
    path("<uuid:routine_id>/duplicate", builder_views.routine_duplicate, name="duplicate"),
    path("<uuid:routine_id>/favorite", views.routine_favorite_view, name="favorite"),
    path("<uuid:routine_id>/archive", views.routine_archive_view, name="archive"),
    path("<uuid:routine_id>/delete", views.routine_delete_view, name="delete"),
]
