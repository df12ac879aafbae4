"""Unacknowledged questionnaire flags escalate to the clinic's safety contacts.

A flag that no care-team therapist has acknowledged within the clinic's period (default 24 h)
is escalated once per clinic: a `FlagEscalation` row (unique per answer and clinic, so two runs
at once still escalate once) and an email to each safety contact, sent by a task through the
outbox. The email holds no health text and no name: it asks the contact to sign in.

Run by `manage.py escalate_flags` (cron) or `escalate_due_flags()` from any periodic runner.
"""

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from care import access
from care.models import Clinic, FlagEscalation, Membership
from integration_journal.i18n import language_for
from outbox.mail import queue_mail

SUBJECT = gettext_lazy("A questionnaire answer in Integration Journal needs a follow-up")


def escalate_due_flags(now=None) -> int:
    """Escalate every flag now due; returns how many escalations were recorded."""
    now = now or timezone.now()
    count = 0
    for clinic in Clinic.objects.all():
        for response in access.flags_to_escalate(clinic, now):
            with transaction.atomic():
                escalation, created = FlagEscalation.objects.get_or_create(
                    response=response, clinic=clinic, defaults={"created": now}
                )
            if created:
                count += 1
                send_flag_escalation.enqueue(str(escalation.pk))
    return count


def recipients_of(clinic) -> list:
    """The clinic's safety contacts; a clinic that named none escalates to its admins, so an
    escalation never goes nowhere."""
    contacts = list(access.safety_contacts_of(clinic))
    if not contacts:
        contacts = [m.user for m in clinic.memberships.filter(role=Membership.Role.ADMIN)]
    return contacts


@task
def send_flag_escalation(escalation_id: str) -> int:
    escalation = FlagEscalation.objects.select_related("clinic").filter(pk=escalation_id).first()
    if escalation is None:
        return 0
    clinic = escalation.clinic
    link = f"{settings.SITE_URL}{reverse('care:dashboard')}"
    hours = clinic.flag_escalation_hours
    sent = 0
    for person in recipients_of(clinic):
        with language_for(person):
            text = (
                ngettext(
                    "A questionnaire answer given by a patient of %(clinic)s has waited more "
                    "than %(n)s hour for a follow-up from their care team.",
                    "A questionnaire answer given by a patient of %(clinic)s has waited more "
                    "than %(n)s hours for a follow-up from their care team.",
                    hours,
                )
                % {"clinic": clinic.name, "n": hours}
                + "\n\n"
                + gettext(
                    "You receive this because you are a safety contact of the clinic. Please "
                    "sign in to see who needs a follow-up and make sure someone on their care "
                    "team responds:"
                )
                + f"\n{link}\n"
            )
            queue_mail(to=person.email, subject=str(SUBJECT), text=text)
        sent += 1
    return sent


@task
def escalate_flags() -> int:
    """The periodic hook as a task, for a scheduler that enqueues tasks."""
    return escalate_due_flags()
