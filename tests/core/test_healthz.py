"""/healthz/: the load balancer's question. It answers for the database, the cache and the task
queue, needs no sign-in, and tells nobody anything beyond a word per check."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from tests.helpers import client_for

KEYS = {"status", "database", "cache", "tasks", "oldest_task_seconds"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = pytest.mark.django_db


def body(response):
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert set(data) == KEYS  # nothing else: no versions, hosts, counts or errors
    return data


def waiting_task(enqueued_ago, run_after=None):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="outbox.mail.send_outgoing_mail",
        backend_name="default",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - enqueued_ago)
    return task


def test_all_well_is_200_and_never_cached(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    all_well = {"status": "ok", "database": "ok", "cache": "ok", "tasks": "ok"}
    assert body(response) == {**all_well, "oldest_task_seconds": 0}
    assert "no-store" in response["Cache-Control"]


def test_head_answers_too_without_a_body(client):
    response = client.head("/healthz/")
    assert response.status_code == 200 and response.content == b""


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_are_refused(client, method):
    assert getattr(client, method)("/healthz/").status_code == 405


def test_a_post_without_the_csrf_token_is_refused_first_like_everywhere():
    assert Client(enforce_csrf_checks=True).post("/healthz/").status_code == 403


def test_plain_http_probes_are_answered_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz/").status_code == 200
    assert client.get("/").status_code == 301  # everything else still goes to HTTPS


def test_no_sign_in_needed_and_a_signed_in_person_sees_the_same(client, people):
    anonymous = client.get("/healthz/")
    assert anonymous.status_code == 200  # not a redirect to the sign-in page
    signed_in = client_for(people.alice).get("/healthz/")
    assert body(signed_in) == body(anonymous)
    assert people.alice.email.encode() not in signed_in.content


def test_database_down_is_its_own_503_json(client):
    def broken(*args, **kwargs):
        raise OperationalError("connection to server at 10.0.0.7 failed: secret detail")

    with mock.patch.object(connection, "cursor", broken):
        response = client.get("/healthz/")
    assert response.status_code == 503
    data = body(response)
    assert data["status"] == "unavailable" and data["database"] == "unavailable"
    assert b"10.0.0.7" not in response.content and b"secret" not in response.content
    assert b"Traceback" not in response.content
    assert "no-store" in response["Cache-Control"]


def test_cache_down_is_503_naming_the_cache(client):
    with mock.patch("integration_journal.health.cache.set", side_effect=ConnectionError("redis")):
        response = client.get("/healthz/")
    assert response.status_code == 503
    data = body(response)
    assert (data["status"], data["database"], data["cache"]) == ("unavailable", "ok", "unavailable")
    assert b"redis" not in response.content


def test_a_cache_that_forgets_is_down(client):
    with mock.patch("integration_journal.health.cache.get", return_value=None):
        response = client.get("/healthz/")
    assert response.status_code == 503 and body(response)["cache"] == "unavailable"


def test_immediate_backend_has_no_queue(client):
    waiting_task(timedelta(hours=2))  # a stray row of another backend is not read
    assert body(client.get("/healthz/"))["oldest_task_seconds"] == 0


def test_queue_age_counts_only_due_waiting_tasks(client, settings):
    settings.TASKS = DATABASE_TASKS
    waiting_task(timedelta(seconds=120))
    # Planned for later: not waiting yet.
    waiting_task(timedelta(hours=3), run_after=timezone.now() + timedelta(minutes=5))
    # A retry due 60 s ago, enqueued long before: it has waited since it became due.
    waiting_task(timedelta(hours=5), run_after=timezone.now() - timedelta(seconds=60))
    finished = waiting_task(timedelta(hours=6))
    DBTaskResult.objects.filter(pk=finished.pk).update(status="SUCCESSFUL")
    response = client.get("/healthz/")
    assert response.status_code == 200
    data = body(response)
    assert data["tasks"] == "ok" and 120 <= data["oldest_task_seconds"] < 130


def test_queue_behind_is_503(client, settings):
    settings.TASKS = DATABASE_TASKS
    settings.HEALTHZ_MAX_TASK_AGE_SECONDS = 600
    waiting_task(timedelta(seconds=700))
    response = client.get("/healthz/")
    assert response.status_code == 503
    data = body(response)
    assert data["status"] == "unavailable" and data["tasks"] == "behind"
    assert (data["database"], data["cache"]) == ("ok", "ok")
    assert 700 <= data["oldest_task_seconds"] < 710


def test_queue_under_the_threshold_is_fine(client, settings):
    settings.TASKS = DATABASE_TASKS
    waiting_task(timedelta(seconds=700))  # the default threshold is 900 s
    assert client.get("/healthz/").status_code == 200
