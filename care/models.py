"""Clinics, care teams, sharing, reflections, support persons and the access log.

Who may see what is decided in `care/access.py`, never here and never in views.
"""

import hashlib
import secrets
import uuid
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

INVITE_DAYS = 7
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Tokens are stored hashed, so a database leak does not hand out working invite links."""
    return hashlib.sha256(token.encode()).hexdigest()


def invite_expiry():
    return timezone.now() + timedelta(days=INVITE_DAYS)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."))


class Clinic(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    crisis_resources = models.TextField(
        blank=True,
        help_text=(
            _(
                "One line per resource: name | what to do | link (tel:, sms: or https:). "
                "Leave empty to show the US defaults (988, 741741, 911)."
            )
        ),
    )
    join_code = models.CharField(max_length=12, unique=True, default=new_join_code)
    # Questionnaire codes (measures.instruments) the clinic suggests its patients track; shown
    # to each patient as a suggestion they accept or decline, never applied for them.
    suggested_measures = models.JSONField(default=list, blank=True)
    flag_escalation_hours = models.PositiveSmallIntegerField(
        _("Escalate an unacknowledged flag after (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_(
            "If no therapist acknowledges a questionnaire flag within this time, the "
            "clinic's safety contacts are emailed once."
        ),
    )
    safety_contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="safety_contact_for",
        verbose_name=_("Safety contacts"),
        help_text=_("Staff members emailed when a flag is not acknowledged in time."),
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def crisis_resource_list(self) -> list[dict]:
        """The configured resources as dicts shaped like DEFAULT_CRISIS_RESOURCES."""
        rows = []
        for line in self.crisis_resources.splitlines():
            parts = [part.strip() for part in line.split("|")]
            if not parts or not parts[0]:
                continue
            name = parts[0]
            detail = parts[1] if len(parts) > 1 else ""
            href = parts[2] if len(parts) > 2 else ""
            if href and not href.startswith(("tel:", "sms:", "https:", "http:")):
                href = ""
            action = ""
            if href.startswith("tel:"):
                action = gettext("Call {number}").format(number=href[4:])
            elif href.startswith("sms:"):
                action = gettext("Text {number}").format(number=href[4:].split("?")[0])
            elif href:
                action = gettext("Open")
            rows.append({"name": name, "detail": detail, "href": href, "action": action})
        return rows


class Membership(models.Model):
    class Role(models.TextChoices):
        THERAPIST = "therapist", _("Therapist")
        ADMIN = "admin", _("Clinic admin")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.THERAPIST)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["clinic", "role", "created"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "user"], name="membership_unique_per_clinic")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.clinic})"


class InvitationQuerySet(models.QuerySet):
    def by_token(self, token: str):
        """The invitation behind an emailed link, or None."""
        return self.filter(token_hash=hash_token(token)).first()

    def usable(self):
        return self.filter(
            **{f"{self.model.accepted_at_field}__isnull": True},
            withdrawn_at__isnull=True,
            expires__gt=timezone.now(),
        )


class Invitation(models.Model):
    """An emailed link that works once, for INVITE_DAYS, unless the sender withdraws it.

    Subclasses name the fields that record who accepted and when (`accepted_at_field`,
    `accepted_by_field`): the two kinds of invitation kept their own column names."""

    accepted_at_field: str
    accepted_by_field: str

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField(default=invite_expiry)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created"]

    @classmethod
    def issue(cls, **fields) -> tuple["Invitation", str]:
        """Create an invitation; returns it and the token for the link (only its hash is kept)."""
        token = new_token()
        return cls.objects.create(token_hash=hash_token(token), **fields), token

    @property
    def is_expired(self) -> bool:
        return self.expires <= timezone.now()

    @property
    def is_accepted(self) -> bool:
        return getattr(self, self.accepted_at_field) is not None

    @property
    def problem(self) -> str:
        """Why the link can no longer be used ("withdrawn", "used", "expired"), or ""."""
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.is_accepted:
            return "used"
        if self.is_expired:
            return "expired"
        return ""

    @property
    def status(self) -> str:
        """Where the invitation stands for the roster: "withdrawn", "accepted", "expired" or
        "pending" (withdrawing wins: a withdrawn link stays withdrawn once it has expired)."""
        return {"used": "accepted", "": "pending"}.get(self.problem, self.problem)

    @property
    def can_resend(self) -> bool:
        return self.status in ("pending", "expired")

    def renew(self) -> str:
        """A new token and a new validity period; the old link stops working at once, since
        only the hash of the new token is kept. Returns the new token for the email."""
        token = new_token()
        self.token_hash = hash_token(token)
        self.expires = invite_expiry()
        self.save(update_fields=["token_hash", "expires"])
        return token

    def is_addressed_to(self, user) -> bool:
        return user.is_authenticated and user.email.lower() == self.email.lower()

    def accept(self, user) -> None:
        setattr(self, self.accepted_at_field, timezone.now())
        setattr(self, self.accepted_by_field, user)
        self.save(update_fields=[self.accepted_at_field, self.accepted_by_field])


class ClinicInvite(Invitation):
    """An emailed invitation to join a clinic as a therapist, admin or patient."""

    accepted_at_field = "used_at"
    accepted_by_field = "used_by"

    class Role(models.TextChoices):
        THERAPIST = "therapist", _("Therapist")
        ADMIN = "admin", _("Clinic admin")
        PATIENT = "patient", _("Patient")

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invites")
    role = models.CharField(max_length=10, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Invite for {self.email} to {self.clinic}"


class CareLink(models.Model):
    """A patient's tie to a clinic, with the patient's consents (all revocable)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_links"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="care_links")
    consents_to_clinic_reports = models.BooleanField(
        _("Clinic staff may export a progress report of what I share"),
        default=False,
        help_text=_(
            "The report holds the intentions and sessions you share with this clinic's "
            "therapists, and your questionnaires and check-ins if you share those too. Never "
            "your journal entries or their themes. Each export shows in your access log."
        ),
    )
    share_measures = models.BooleanField(
        _("Share my questionnaire results (PHQ-9, GAD-7) with my care team"), default=False
    )
    share_checkins = models.BooleanField(
        _("Share a summary of my daily check-ins with my care team"), default=False
    )
    # When questionnaire sharing was last turned on. Therapists see results from then on, and
    # earlier ones only if the patient chose "also share my earlier results" then
    # (`measures_shared_since` empty). Flags count only from `measures_flags_since`, whatever
    # was chosen: an earlier answer is never a new alert. Empty = from the beginning.
    measures_shared_since = models.DateTimeField(null=True, blank=True)
    measures_flags_since = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "clinic"], name="carelink_unique")
        ]

    def __str__(self):
        return f"{self.patient} at {self.clinic}"


class CareTeamMember(models.Model):
    """A therapist the patient chose from the clinic. Removing the row ends access at once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey(CareLink, on_delete=models.CASCADE, related_name="team")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_team_roles"
    )
    usually_share = models.BooleanField(
        default=False,
        help_text=_("Pre-ticks this person when you share something. Never shares by itself."),
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(fields=["link", "therapist"], name="careteam_unique")
        ]

    def __str__(self):
        return f"{self.therapist} on the team of {self.link.patient}"


class ShareQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Share(models.Model):
    """One item (entry, intention or session) shared with one care-team member."""

    class Kind(models.TextChoices):
        ENTRY = "entry", _("Journal entry")
        INTENTION = "intention", _("Intention")
        SESSION = "session", _("Session")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares_made"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares_received"
    )
    entry = models.ForeignKey(
        "journal.Entry", on_delete=models.CASCADE, null=True, blank=True, related_name="shares"
    )
    intention = models.ForeignKey(
        "intentions.Intention",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shares",
    )
    session = models.ForeignKey(
        "journal.TreatmentSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shares",
    )
    created = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(
        null=True, blank=True, help_text="When the recipient first opened it (unread marker)."
    )

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(entry__isnull=False, intention__isnull=True, session__isnull=True)
                    | Q(entry__isnull=True, intention__isnull=False, session__isnull=True)
                    | Q(entry__isnull=True, intention__isnull=True, session__isnull=False)
                ),
                name="share_exactly_one_item",
            ),
            models.UniqueConstraint(
                fields=["recipient", "entry"],
                condition=Q(revoked_at__isnull=True, entry__isnull=False),
                name="share_unique_active_entry",
            ),
            models.UniqueConstraint(
                fields=["recipient", "intention"],
                condition=Q(revoked_at__isnull=True, intention__isnull=False),
                name="share_unique_active_intention",
            ),
            models.UniqueConstraint(
                fields=["recipient", "session"],
                condition=Q(revoked_at__isnull=True, session__isnull=False),
                name="share_unique_active_session",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "revoked_at", "-created"]),
            models.Index(fields=["owner", "revoked_at", "-created"]),
            # What a patient shares, newest first, for the keyset pages of their "What I share".
            models.Index(
                fields=["owner", "-created", "-id"],
                condition=Q(revoked_at__isnull=True),
                name="care_share_owner_newest_idx",
            ),
            # What a patient shares with one therapist, newest share first, the id breaking ties:
            # the therapist's patient page walks it by keyset (integration_journal/keyset.py) and
            # the dashboard counts each patient's shares from it, reading only that patient's.
            models.Index(
                fields=["recipient", "owner", "revoked_at", "-created", "-id"],
                name="care_share_to_from_newest_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind} shared with {self.recipient_id}"

    @property
    def kind(self) -> str:
        if self.entry_id:
            return self.Kind.ENTRY
        if self.intention_id:
            return self.Kind.INTENTION
        return self.Kind.SESSION

    @property
    def kind_label(self) -> str:
        return self.Kind(self.kind).label

    @property
    def item(self):
        return self.entry or self.intention or self.session

    @property
    def item_id(self):
        return self.entry_id or self.intention_id or self.session_id


class Reflection(models.Model):
    """A comment on a shared entry. Each therapist has their own thread with the patient:
    `therapist` names the thread; `author` is the therapist or the patient replying.

    Reflections are part of the patient's record: when a therapist erases their account, the
    thread stays and `therapist`/`author` become empty (shown as "a former care-team member")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="reflections")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reflection_threads",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reflections_written",
    )
    body = models.TextField()
    body_html = models.TextField(editable=False)
    created = models.DateTimeField(default=timezone.now)
    # Set when the thread's therapist erases their account: a random id (one per thread) that
    # keeps each former therapist's thread apart from another's on the same entry once
    # `therapist` is empty.
    former_thread = models.UUIDField(null=True, blank=True, editable=False)
    # The entry's owner, whose record this is: the patient's reflections are read by this
    # column's index (the home page's count), not by going through every entry they wrote.
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflections_received",
        editable=False,
    )

    class Meta:
        ordering = ["created"]
        indexes = [
            models.Index(fields=["entry", "therapist", "created"]),
            models.Index(fields=["patient", "created"], name="care_reflection_patient_idx"),
        ]

    def __str__(self):
        return f"Reflection by {self.author_id} on {self.created:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.patient_id is None:
            self.patient_id = self.entry.owner_id
        super().save(*args, **kwargs)

    @classmethod
    def keep_threads_of(cls, therapist) -> int:
        """Before `therapist`'s account is erased: mark their threads so that they stay
        separate threads (of "a former care-team member") after `therapist` is emptied. Each
        thread gets its own random id, so nothing ties one patient's thread to another's."""
        threads = cls.objects.filter(therapist=therapist)
        entries = threads.order_by().values_list("entry_id", flat=True).distinct()
        return sum(
            threads.filter(entry_id=entry_id).update(former_thread=uuid.uuid4())
            for entry_id in list(entries)
        )

    @property
    def thread_key(self):
        """What a thread is: its therapist, or for a former therapist the kept thread id."""
        return self.therapist_id or self.former_thread


class SupportInviteQuerySet(InvitationQuerySet):
    def note_counts(self) -> dict[str, int]:
        """How many notes these invites hold ("count") and how many of them the patient kept
        in their journal ("kept"). The journal's session-delete page asks
        `session.support_invites.note_counts()`, so it needs no import of this app."""
        return self.aggregate(
            count=models.Count("notes"),
            kept=models.Count("notes", filter=models.Q(notes__status=SupportNote.Status.KEPT)),
        )


class SupportInvite(Invitation):
    """The patient invites a trusted person to one session."""

    accepted_at_field = "accepted_at"
    accepted_by_field = "support_person"

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_invites_sent"
    )
    session = models.ForeignKey(
        "journal.TreatmentSession", on_delete=models.CASCADE, related_name="support_invites"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Empty until accepted, and again if the support person erases their account: the invite and
    # its notes belong to the patient's session and stay ("a former support person").
    support_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_invites_accepted",
    )

    objects = SupportInviteQuerySet.as_manager()

    def __str__(self):
        return f"Support invite for {self.email}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None and self.accepted_at is not None


class SupportNote(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        KEPT = "kept", _("Kept in my journal")
        HIDDEN = "hidden", _("Hidden")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    invite = models.ForeignKey(SupportInvite, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="support_notes"
    )
    body = models.TextField()
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]

    def __str__(self):
        return f"Support note of {self.created:%Y-%m-%d}"


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Access events are append-only.")

    def delete(self):
        raise TypeError("Access events are append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise TypeError("Access events are append-only.")

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts"):
            raise TypeError("Access events are append-only.")
        from care import audit

        objs = list(objs)
        with audit.chaining(self.model, objs):
            return super().bulk_create(objs, *args, **kwargs)


class AccessEvent(models.Model):
    """Append-only audit: who read or changed what of a patient's, and when. Never any text.

    Each row is chained to the previous row of the same patient by `prev_hash`/`hash` (see
    care/audit.py); the database refuses edits and deletes (migration 0008)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        VIEW_LIST = "view_list", _("Viewed the list")
        SEARCH = "search", _("Searched your shared entries")
        REFLECT = "reflect", _("Wrote a reflection")
        SHARE = "share", _("Shared")
        REVOKE = "revoke", _("Stopped sharing")
        EXPORT = "export", _("Exported")
        ACKNOWLEDGE = "acknowledge", _("Acknowledged a flag")
        SUPPORT_NOTE = "support_note", _("Wrote a support note")
        TEAM_ADD = "team_add", _("Added to the care team")
        TEAM_REMOVE = "team_remove", _("Removed from the care team")
        CONSENT = "consent", _("Changed consents")
        ERASURE = "erasure", _("Account erased")

    id = models.BigAutoField(primary_key=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_events_made",
    )
    actor_label = models.CharField(max_length=320)
    # When a patient's account is erased, their events are kept (audit records must outlive the
    # data they describe) but unlinked: `patient` becomes empty and `former_patient_id` keeps the
    # erased account's id, which no longer leads to anyone. See docs/my-data.md.
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_events",
    )
    former_patient_id = models.UUIDField(null=True, blank=True, editable=False)
    action = models.CharField(max_length=20, choices=Action.choices)
    item_type = models.CharField(max_length=40, blank=True)
    item_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The patient's access log newest first, the id breaking ties in time: its keyset
            # pages (integration_journal/keyset.py) walk it from a cursor without a sort; the
            # second for the log filtered to one person.
            models.Index(fields=["patient", "-at", "-id"], name="care_access_log_idx"),
            models.Index(
                fields=["patient", "actor", "-at", "-id"], name="care_access_by_actor_idx"
            ),
            # The chain's previous row: the patient's newest by id, before and after erasure.
            models.Index(fields=["patient", "id"], name="care_access_chain_idx"),
            models.Index(fields=["former_patient_id", "id"], name="care_access_former_chain_idx"),
        ]

    def __str__(self):
        return f"{self.actor_label} {self.action} {self.item_type} at {self.at:%Y-%m-%d %H:%M}"

    ITEM_LABELS = {
        "entry": _("Journal entry"),
        "intention": _("Intention"),
        "treatmentsession": _("Session"),
        "response": _("Questionnaire"),
        "checkin": _("Check-in"),
        "reportfile": _("Progress report"),
        "attachment": _("Photo or voice note"),
    }

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Access events are append-only.")
        from care import audit

        with audit.chaining(type(self), [self]):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Access events are append-only.")

    @classmethod
    def pseudonymise_patient(cls, patient) -> int:
        """Unlink an erased patient's events, keeping the record of who accessed what.
        The same as `care.audit.unlink_patient_events`, which is the one to call."""
        from care import audit

        return audit.unlink_patient_events(patient)

    @property
    def item_label(self) -> str:
        return self.ITEM_LABELS.get(self.item_type, self.item_type.replace("_", " ").capitalize())


class Resource(models.Model):
    class Kind(models.TextChoices):
        SUPPORT_GROUP = "support_group", _("Support group")
        CIRCLE = "circle", _("Integration circle")
        THERAPIST = "therapist", _("Therapist")
        MEDITATION = "meditation", _("Meditation")
        READING = "reading", _("Reading")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    schedule = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class Onboarding(models.Model):
    """A new patient's first steps (care/views/onboarding.py). A row exists only for people who
    signed up since onboarding exists, so accounts made before (and the demo's) never see it;
    it ends when finished or dismissed, and "Skip for now" leaves it to resume from home."""

    STEPS = 5

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding"
    )
    created = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    step = models.PositiveSmallIntegerField(default=1)
    finished_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Onboarding of {self.user_id}"

    @property
    def is_open(self) -> bool:
        return self.finished_at is None and self.dismissed_at is None


class FlagFollowUp(models.Model):
    """What a therapist did about a questionnaire flag, recorded when they acknowledge it. Shown
    to the care team; the patient's access log says who reviewed which answer."""

    class Step(models.TextChoices):
        CONTACTED = "contacted", _("Contacted the patient")
        SAFETY_PLAN = "safety_plan", _("Reviewed the safety plan")
        SESSION = "session", _("Seen in session")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        "measures.Response", on_delete=models.CASCADE, related_name="follow_ups"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="flag_follow_ups",
    )
    steps = models.JSONField(default=list)
    note = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]

    def __str__(self):
        return f"Follow-up of {self.response_id} on {self.created:%Y-%m-%d}"

    @property
    def step_labels(self) -> list[str]:
        labels = dict(self.Step.choices)
        return [labels[step] for step in self.steps if step in labels]


class FlagEscalation(models.Model):
    """A flag's escalation to one clinic's safety contacts: written once, never repeated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        "measures.Response", on_delete=models.CASCADE, related_name="escalations"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="escalations")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "clinic"], name="flag_escalated_once")
        ]

    def __str__(self):
        return f"Escalation of {self.response_id} to {self.clinic_id}"
