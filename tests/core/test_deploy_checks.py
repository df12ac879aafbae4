import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra):
    test_only = {
        "DEBUG",
        "DATABASE_URL",
        "SECURE_SSL_REDIRECT",
        "STATIC_MANIFEST",
        "SECRET_KEY",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "CONN_MAX_AGE",
    }
    env = {k: v for k, v in os.environ.items() if k not in test_only}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "SECRET_KEY": "x" * 64 + "-production-like-secret-key-value",
            "ALLOWED_HOSTS": "journal.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_is_required_without_debug():
    result = run_manage("check", env_extra={"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_migrations_are_complete():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    ("env_extra", "expected"),
    [({}, "60 True"), ({"CONN_MAX_AGE": "0"}, "0 True")],
)
def test_sqlite_workers_keep_their_connection_between_requests(env_extra, expected):
    show = "from django.db import connection as c; s = c.settings_dict; "
    show += "print(c.vendor, s['CONN_MAX_AGE'], s['CONN_HEALTH_CHECKS'])"
    result = run_manage("shell", "--no-imports", "-c", show, env_extra={"DEBUG": "1", **env_extra})
    assert result.stdout.split() == ["sqlite", *expected.split()], result.stderr
