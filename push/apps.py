from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "push"
    verbose_name = "Web push"

    def ready(self):
        from push import checks  # noqa: F401
