"""Settings for benchmarks only: the app's settings with a fast password hasher for the
generated people."""

from integration_journal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
