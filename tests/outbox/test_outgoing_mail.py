import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from outbox.mail import MAX_ATTEMPTS, deliver
from outbox.models import OutgoingMail
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
OUTAGES = {
    "refused": {"default": {"BACKEND": "tests.outbox.backends.RefusedBackend"}},
    "smtp": {"default": {"BACKEND": "tests.outbox.backends.SMTPErrorBackend"}},
}
PASSWORD = "a calm river at dawn"


def sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "display_name": "Riley",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "UTC",
        },
    )


def calm(client, response, *wording):
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    for words in wording:
        assert words in page.content.decode()


def the_failed_row(to):
    row = OutgoingMail.objects.get(to=to)
    assert row.status == OutgoingMail.Status.FAILED
    assert row.attempts == 1
    assert row.last_error
    assert row.next_attempt_at is not None
    return row


def retry_later(settings, row):
    """The outage ends and the backoff has passed: the cron command sends it."""
    settings.MAILERS = LOCMEM
    OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    call_command("send_queued_mail")
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 2
    assert row.text_body == ""  # links are not kept once sent
    assert mail.outbox[-1].to == [row.to]
    return mail.outbox[-1]


@pytest.mark.parametrize("outage", OUTAGES)
def test_sign_up_during_a_mail_outage_is_calm_and_sent_later(client, settings, outage):
    settings.MAILERS = OUTAGES[outage]
    response = sign_up(client, "new@example.org")
    calm(client, response, "We are sending a 6-digit code to")
    assert User.objects.filter(email="new@example.org").exists()
    assert mail.outbox == []
    row = the_failed_row("new@example.org")
    assert "Refused" in row.last_error or "Disconnected" in row.last_error
    sent = retry_later(settings, row)
    assert re.search(r"^\d{6}$", sent.body, re.M)  # the code to type


@pytest.mark.parametrize("outage", OUTAGES)
def test_password_reset_during_a_mail_outage_is_calm_and_sent_later(
    client, people, settings, outage
):
    settings.MAILERS = OUTAGES[outage]
    response = client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    calm(client, response, "We are sending an email")
    row = the_failed_row("alice@example.org")
    assert "/accounts/password/reset/key/" in retry_later(settings, row).body


def test_resent_verification_during_a_mail_outage_is_calm(client, settings):
    settings.MAILERS = OUTAGES["refused"]
    sign_up(client, "new@example.org")
    client.logout()
    cache.clear()  # allauth sends at most one verification per address every few minutes
    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": PASSWORD}
    )
    calm(client, response, "We are sending a 6-digit code to")
    rows = OutgoingMail.objects.filter(to="new@example.org")
    assert rows.count() == 2
    assert {row.status for row in rows} == {OutgoingMail.Status.FAILED}


def test_clinic_invitation_during_a_mail_outage_is_calm_and_sent_later(world, settings):
    settings.MAILERS = OUTAGES["smtp"]
    client = client_for(world.admin)
    response = client.post(
        reverse("care:clinic_invite", args=[world.clinic.pk]),
        {"email": "new@example.org", "role": "therapist"},
    )
    calm(client, response, "We are sending an invitation to new@example.org")
    row = the_failed_row("new@example.org")
    assert "Riverside" in row.subject
    assert "/care/invite/" in retry_later(settings, row).body


def test_support_invitation_is_queued_and_sent(world):
    from tests.care.conftest import make_session

    session = make_session(world.alice, number=2)
    client = client_for(world.alice)
    response = client.post(
        reverse("care:support_invite", args=[session.pk]), {"email": "pal@example.org"}
    )
    calm(client, response, "We are sending pal@example.org an invitation")
    row = OutgoingMail.objects.get(to="pal@example.org")
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 1
    assert "/care/support/accept/" in mail.outbox[-1].body


def test_retries_back_off_and_give_up_after_the_last_attempt(people, settings):
    settings.MAILERS = OUTAGES["refused"]
    client = client_for(people.alice)
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    row = OutgoingMail.objects.get(to="alice@example.org")
    waits = []
    # Not due yet: the command leaves it alone.
    call_command("send_queued_mail")
    row.refresh_from_db()
    assert row.attempts == 1
    while row.next_attempt_at is not None:
        waits.append(row.next_attempt_at - row.last_attempt_at)
        OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        call_command("send_queued_mail")
        row.refresh_from_db()
    assert row.attempts == MAX_ATTEMPTS
    assert row.status == OutgoingMail.Status.FAILED and row.given_up
    assert row.text_body == "" and row.html_body == ""
    assert waits == sorted(waits) and waits[0] >= dt.timedelta(minutes=1)
    assert waits[:3] == [dt.timedelta(minutes=m) for m in (1, 4, 16)]
    assert waits[-1] == dt.timedelta(hours=6)


def test_a_sent_row_is_not_sent_twice(people):
    client = client_for(people.alice)
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    row = OutgoingMail.objects.get(to="alice@example.org")
    assert row.status == OutgoingMail.Status.SENT
    assert deliver(row.pk) is False
    call_command("send_queued_mail")
    assert len(mail.outbox) == 1


def test_a_row_left_sending_by_a_dead_worker_is_sent_by_the_command(people):
    row = OutgoingMail.objects.create(
        to="alice@example.org",
        from_email="x@example.org",
        subject="Hello",
        text_body="Hi",
        status=OutgoingMail.Status.SENDING,
        attempts=1,
        last_attempt_at=timezone.now() - dt.timedelta(minutes=11),
    )
    call_command("send_queued_mail")
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert mail.outbox[-1].subject == "Hello"


def test_staff_see_failed_mail_in_the_admin_without_its_body(settings, people):
    settings.MAILERS = OUTAGES["refused"]
    client = client_for(people.alice)
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    row = OutgoingMail.objects.get()
    key = re.search(r"/accounts/password/reset/key/(\S+)/", row.text_body).group(1)
    people.charlie.is_staff = people.charlie.is_superuser = True
    people.charlie.save()
    staff = client_for(people.charlie)
    listing = staff.get(reverse("admin:outbox_outgoingmail_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "alice@example.org" in page and "failed" in page and "ConnectionRefusedError" in page
    assert key not in page
    detail = staff.get(reverse("admin:outbox_outgoingmail_change", args=[row.pk]))
    assert detail.status_code == 200
    assert "ConnectionRefusedError" in detail.content.decode()
    assert key not in detail.content.decode()


def test_erasing_an_account_forgets_its_mail(people):
    client = client_for(people.alice)
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    assert OutgoingMail.objects.filter(to="alice@example.org").exists()
    people.alice.delete()
    assert not OutgoingMail.objects.filter(to="alice@example.org").exists()


def test_old_rows_are_forgotten(people):
    old = OutgoingMail.objects.create(
        to="a@example.org",
        from_email="x@example.org",
        subject="Old",
        status=OutgoingMail.Status.SENT,
        created=timezone.now() - dt.timedelta(days=31),
    )
    recent = OutgoingMail.objects.create(
        to="b@example.org",
        from_email="x@example.org",
        subject="Recent",
        status=OutgoingMail.Status.SENT,
    )
    call_command("send_queued_mail")
    assert not OutgoingMail.objects.filter(pk=old.pk).exists()
    assert OutgoingMail.objects.filter(pk=recent.pk).exists()


# The worker calls close_old_connections() between tasks, as a real worker process must; inside
# a test's transaction that would close PostgreSQL's connection, so this test commits for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_backend_request_only_queues_and_the_worker_retries(client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = OUTAGES["refused"]
    calm(client, sign_up(client, "new@example.org"), "We are sending a 6-digit code to")
    row = OutgoingMail.objects.get(to="new@example.org")
    assert row.status == OutgoingMail.Status.QUEUED and row.attempts == 0  # nothing sent yet
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED and row.attempts == 1
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after == row.next_attempt_at  # re-enqueued for after the backoff
    settings.MAILERS = LOCMEM
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT and row.attempts == 2
    assert re.search(r"^\d{6}$", mail.outbox[-1].body, re.M)  # the code to type
