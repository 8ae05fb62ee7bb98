from django.apps import AppConfig


class SunnsteelWebConfig(AppConfig):
    name = "sunnsteel_web"

    def ready(self) -> None:
        from sunnsteel_web import checks  # noqa: F401 (registers the deployment checks)
