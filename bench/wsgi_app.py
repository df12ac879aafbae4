"""The app's own WSGI entry point, with the bench settings."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from integration_journal.wsgi import application  # noqa: E402

__all__ = ["application"]
