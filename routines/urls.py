from django.urls import path

from routines import views

app_name = "routines"

urlpatterns = [
    path("", views.routine_list_view, name="list"),
    path("<uuid:routine_id>", views.routine_detail_view, name="detail"),
]
