from django.urls import include, path

from sunnsteel_web import views

urlpatterns = [
    path("", include("dashboard.urls")),
    path("health", views.health, name="health"),
    path("", include("accounts.urls")),
    path("routines/", include("routines.urls")),
    path("workouts/", include("workouts.urls")),
]
