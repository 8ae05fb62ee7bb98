"""Django app configuration for the local backend's own project."""

from django.apps import AppConfig


class LocalBackendConfig(AppConfig):
    name = "local_backend"
    label = "local_backend"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Sunnsteel local backend"
