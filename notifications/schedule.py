"""Filling the table of what is due: one function per event that makes a notification due.

Called from notifications/signals.py (a session saved, a reflection, a support
note, a share, a flagged answer, an escalation) and from the settings page (the daily check-in
time). Each creates at most one row per channel: `bulk_create(ignore_conflicts=True)` against
the unique (person, kind, key, channel), so running twice never makes a second notification.
"""

import datetime as dt
import zoneinfo

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from care import access
from care.escalation import recipients_of
from measures.models import tracked_codes
from measures.suggest import SUGGEST_BEFORE_DAYS
from notifications.models import Channel, Kind, Notification, Preference, Status
from push import vapid
from push.models import PushSubscription

FOLLOW_UPS = {
    "24h": dt.timedelta(hours=24),
    "72h": dt.timedelta(hours=72),
    "1w": dt.timedelta(weeks=1),
    "1m": dt.timedelta(days=30),
}
DIGEST_EVERY = dt.timedelta(hours=1)


def zone_of(person) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(person.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def preference_for(person) -> Preference:
    """The person's choices, created with the defaults on first use: patients get follow-ups,
    questionnaires and notes; clinic staff only the flag and shared-item digest and escalations.
    The daily check-in stays off until the person picks a time."""
    preference = Preference.objects.filter(person=person).first()
    if preference is not None:
        return preference
    staff = access.is_clinic_staff(person)
    defaults = {
        "follow_up": not staff,
        "questionnaire": not staff,
        "note": not staff,
        "care_digest": staff,
        "escalation": staff,
    }
    preference, _ = Preference.objects.get_or_create(person=person, defaults=defaults)
    return preference


def push_enabled() -> bool:
    """Push is sent only where the push app is installed, keys are set and the setting allows."""
    return (
        getattr(settings, "NOTIFICATIONS_PUSH", True)
        and apps.is_installed("push")
        and vapid.enabled()
    )


def channels_for(person, kind: str) -> list[str]:
    channels = [] if kind == Kind.ESCALATION else [Channel.EMAIL]
    if push_enabled() and PushSubscription.objects.filter(user=person).exists():
        channels.append(Channel.PUSH)
    return channels


def add(person, kind: str, key: str, *, due_at, url: str, session=None) -> int:
    """Make `kind` due for `person` at `due_at` (unless the person turned it off)."""
    if not person.is_active or not preference_for(person).wants(kind):
        return 0
    rows = [
        Notification(
            person=person,
            kind=kind,
            key=key,
            channel=channel,
            session=session,
            url=url,
            due_at=due_at,
            next_attempt_at=due_at,
        )
        for channel in channels_for(person, kind)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _pending(**filters):
    return Notification.objects.filter(status=Status.PENDING, **filters)


# --- sessions: follow-ups after, questionnaires before ---------------------------------------


def session_saved(session, now=None) -> None:
    """Follow-ups 24 h, 72 h, a week and a month after the session; moments already past are
    not made due. The questionnaires reminder 3 days before a session still to come, for the
    questionnaires the person tracks. A moved session moves what is still waiting."""
    now = now or timezone.now()
    owner = session.owner
    with transaction.atomic():
        _pending(session=session, kind__in=[Kind.FOLLOW_UP, Kind.QUESTIONNAIRE]).delete()
        url = reverse("journal:session_detail", args=[session.pk])
        for label, after in FOLLOW_UPS.items():
            if session.date + after > now:
                add(
                    owner,
                    Kind.FOLLOW_UP,
                    f"session:{session.pk}:{label}",
                    due_at=session.date + after,
                    url=url,
                    session=session,
                )
        if session.date > now and tracked_codes(owner):
            add(
                owner,
                Kind.QUESTIONNAIRE,
                f"session:{session.pk}:before",
                due_at=max(session.date - dt.timedelta(days=SUGGEST_BEFORE_DAYS), now),
                url=reverse("measures:index"),
                session=session,
            )


# --- the daily check-in ----------------------------------------------------------------------


def next_check_in(preference, now) -> dt.datetime | None:
    """The next moment at the person's chosen local time, after `now`."""
    if not preference.check_in or preference.check_in_time is None:
        return None
    zone = zone_of(preference.person)
    day = now.astimezone(zone).date()
    for offset in range(3):
        moment = dt.datetime.combine(day + dt.timedelta(days=offset), preference.check_in_time)
        moment = moment.replace(tzinfo=zone)
        if moment > now:
            return moment
    return None


def schedule_check_in(preference, now=None) -> None:
    """Replace the waiting check-in with the next one at the chosen time (none when off)."""
    now = now or timezone.now()
    with transaction.atomic():
        _pending(person_id=preference.person_id, kind=Kind.CHECK_IN).delete()
        moment = next_check_in(preference, now)
        if moment is not None:
            local_day = moment.astimezone(zone_of(preference.person)).date()
            add(
                preference.person,
                Kind.CHECK_IN,
                f"check-in:{local_day.isoformat()}",
                due_at=moment,
                url=reverse("practices:check_in"),
            )


# --- notes for the patient -------------------------------------------------------------------


def reflection_added(reflection) -> None:
    entry = reflection.entry
    if reflection.author_id is None or reflection.author_id == entry.owner_id:
        return
    add(
        entry.owner,
        Kind.NOTE,
        f"reflection:{reflection.pk}",
        due_at=timezone.now(),
        url=reverse("journal:entry_detail", args=[entry.pk]),
    )


def support_note_added(note) -> None:
    invite = note.invite
    add(
        invite.patient,
        Kind.NOTE,
        f"support-note:{note.pk}",
        due_at=timezone.now(),
        url=reverse("journal:session_detail", args=[invite.session_id]),
    )


# --- for clinicians: a digest of new flags and shared items, and escalations ---------------


def digest_for(person, now=None) -> None:
    """One digest per clock hour at most: events of the same hour share the row that goes out
    at the top of the next hour."""
    now = now or timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    add(
        person,
        Kind.CARE_DIGEST,
        f"digest:{hour:%Y-%m-%dT%H}",
        due_at=hour + DIGEST_EVERY,
        url=reverse("care:dashboard"),
    )


def item_shared(share) -> None:
    if share.recipient_id and share.revoked_at is None:
        digest_for(share.recipient)


def answer_flagged(response) -> None:
    for therapist in access.flag_recipients(response.owner):
        digest_for(therapist)


def flag_escalated(escalation) -> None:
    """Besides the email care/escalation.py sends (unchanged, and not switchable), a push to
    each safety contact's devices where push is set up."""
    for person in recipients_of(escalation.clinic):
        add(
            person,
            Kind.ESCALATION,
            f"escalation:{escalation.pk}",
            due_at=timezone.now(),
            url=reverse("care:dashboard"),
        )
