from pathlib import Path

import pytest


def pytest_configure(config):
    from django.conf import settings

    # Fast hashing and plain static files in tests (the manifest needs collectstatic).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    # WhiteNoise warns when the collected static folder is missing; tests serve from finders.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def people(db):
    from tests.helpers import make_people

    return make_people()
