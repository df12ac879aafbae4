"""Settings for benchmarks only: the app's settings plus a bare view to compare against."""

from integration_journal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
