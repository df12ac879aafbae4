"""deploy/ stays in step with the code: every setting is in the env example, every unit runs a
command that exists, every timer starts its own service, the image holds every app."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"


def settings_read_from_environment():
    source = (ROOT / "integration_journal" / "settings.py").read_text()
    helpers = re.findall(r'env(?:bool|int|list)\(\s*"([A-Z_]+)"', source)
    direct = re.findall(r'os\.environ(?:\.get\(|\[)\s*"([A-Z_]+)"', source)
    return set(helpers) | set(direct)


def test_the_env_example_names_every_setting():
    example = (DEPLOY / "integration-journal.env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z_]+)=", example, re.MULTILINE))
    found = settings_read_from_environment()
    assert len(found) > 20
    assert found - listed == set()


def test_the_env_example_holds_no_real_secret():
    example = (DEPLOY / "integration-journal.env.example").read_text()
    for name in ("SECRET_KEY", "EMAIL_HOST_PASSWORD"):
        assert re.search(rf"^{name}=replace-me", example, re.MULTILINE)
    assert re.search(r"^DATABASE_URL=postgres://[^:]+:replace-me@", example, re.MULTILINE)


def exec_start(unit: Path) -> str:
    text = unit.read_text().replace("\\\n", " ")
    return re.search(r"^ExecStart=(.+)$", text, re.MULTILINE).group(1)


@pytest.mark.parametrize("unit", sorted(UNITS.glob("*.service")), ids=lambda p: p.name)
def test_each_service_runs_a_command_that_exists(unit):
    command = exec_start(unit)
    if "gunicorn" in command:
        assert "integration_journal.wsgi:application" in command
        assert "--workers ${GUNICORN_WORKERS}" in command
        return
    name = re.search(r"manage\.py (\w+)", command).group(1)
    assert name in get_commands()
    text = unit.read_text()
    assert "User=integration-journal" in text
    assert "EnvironmentFile=/etc/integration-journal/env" in text


@pytest.mark.parametrize("timer", sorted(UNITS.glob("*.timer")), ids=lambda p: p.name)
def test_each_timer_starts_its_own_service(timer):
    service = timer.with_suffix(".service")
    assert service.exists()
    assert "Type=oneshot" in service.read_text()
    assert re.search(r"^OnCalendar=\S", timer.read_text(), re.MULTILINE)


def test_every_periodic_command_of_ours_has_a_timer():
    timed = set()
    for timer in UNITS.glob("*.timer"):
        timed.add(
            re.search(r"manage\.py (\w+)", exec_start(timer.with_suffix(".service"))).group(1)
        )
    periodic = {"escalate_flags", "send_queued_mail", "purge_reports", "purge_trash"}
    periodic |= {"erase_accounts", "verify_access_log", "backup", "prune_db_task_results"}
    periodic |= {"send_notifications"}
    assert timed == periodic


def test_the_image_holds_every_app_of_ours():
    containerfile = (DEPLOY / "Containerfile").read_text()
    ours = {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    copied = set(re.findall(r"^COPY (\w+) \./\1$", containerfile, re.MULTILINE))
    assert ours | {"integration_journal", "templates", "static"} <= copied
    assert "uv sync --frozen --no-dev" in containerfile
    assert re.search(r"^USER app$", containerfile, re.MULTILINE)
    assert containerfile.startswith("#") and "FROM python:3.12-slim" in containerfile
