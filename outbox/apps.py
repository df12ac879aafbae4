from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outgoing mail"

    def ready(self):
        from outbox import signals  # noqa: F401
