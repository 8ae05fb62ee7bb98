from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("<uuid:exercise_id>", views.exercise_detail, name="exercise"),
]
