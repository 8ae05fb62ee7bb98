from django.urls import include, path

from sunnsteel_web import offline, views

urlpatterns = [
    path("", include("dashboard.urls")),
    path("health", views.health, name="health"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("offline", offline.offline_page, name="offline"),
    path("", include("accounts.urls")),
    path("routines/", include("routines.urls")),
    path("workouts/", include("workouts.urls")),
    path("exercises/", include("progress.urls")),
]
