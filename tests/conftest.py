import atexit
import shutil
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config):
    from django.conf import settings

    # Fast hashing and plain static files in tests (the manifest needs collectstatic).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Attachments go to a folder of this test process's own, removed at the end.
    attachments = tempfile.mkdtemp(prefix="ij-attachments-")
    atexit.register(shutil.rmtree, attachments, ignore_errors=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": attachments, "base_url": "/no-public-url/"},
        },
    }
    settings.SECURE_SSL_REDIRECT = False
    # WhiteNoise warns when the collected static folder is missing; tests serve from finders.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Translations edited since `make setup`: compiled once, by the main process (not by each
    # xdist worker at the same time), so the tests read the catalogue as it is in the tree.
    if not hasattr(config, "workerinput"):
        from integration_journal.i18n import compile_catalogues

        compile_catalogues()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, each test worker's database is a file, as in production, not Django's shared
    in-memory default. The live server answers a browser's requests in threads; with an
    in-memory database they all share the test's one connection, and two requests at once can
    block each other for good. A file gives every thread its own connection (WAL lets them read
    while one writes)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)
        # A test database need not survive a power cut: no waiting for the disk.
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = options.get("init_command", "").replace(
            "synchronous=NORMAL", "synchronous=OFF"
        )


@pytest.fixture
def people(db):
    from tests.helpers import make_people

    return make_people()


@pytest.fixture(autouse=True)
def _language_back_to_the_default():
    """A request in Spanish leaves Spanish active in this thread (LocaleMiddleware does not
    undo it, nor does the test client): each test starts in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
