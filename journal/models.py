import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integration_journal.markdown import EXCERPT_LENGTH, plain_excerpt
from journal.storage import get_attachment_storage


def mood_constraint(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | (Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 10})),
        name=name,
    )


THEME_SLUG_MAX = 80
ZERO_WIDTH_JOINER = "\u200d"


def _in_emoji(char: str) -> bool:
    """Part of an emoji or other symbol: the symbol itself, a joiner, a keycap or skin tone, or a
    flag's tag letters. Variation selectors are left out, so "❤" and "❤️" are one theme."""
    if "\ufe00" <= char <= "\ufe0f":
        return False
    return (
        unicodedata.category(char)[0] in "SM"
        or char == ZERO_WIDTH_JOINER
        or "\U000e0020" <= char <= "\U000e007f"
    )


def theme_slug(name: str) -> str:
    """The slug a theme name is matched and linked by ("Grief" and "grief" share one).

    A name without letters or numbers, such as "🌊", gets one from its emoji's code points
    ("emoji-1f30a"), so it is a theme of its own rather than nothing. Empty only for a name of
    punctuation alone.
    """
    slug = slugify(name, allow_unicode=True)
    if not slug:
        chars = [c for c in unicodedata.normalize("NFKC", name) if not c.isascii() and _in_emoji(c)]
        if any(unicodedata.category(c)[0] == "S" for c in chars):
            slug = "-".join(["emoji", *(f"{ord(c):x}" for c in chars)])
    return slug[:THEME_SLUG_MAX]


class OwnedQuerySet(models.QuerySet):
    def for_owner(self, user):
        return self.filter(owner=user)


class ThemeQuerySet(OwnedQuerySet):
    def get_or_create_named(self, owner, names) -> list["Theme"]:
        """The owner's themes with these names, creating the missing ones (matched by slug)."""
        wanted: dict[str, str] = {}
        for name in names:
            name = " ".join(name.split())[:60]
            slug = theme_slug(name)
            if name and slug and slug not in wanted:
                wanted[slug] = name
        existing = {t.slug: t for t in self.filter(owner=owner, slug__in=wanted)}
        themes = []
        for slug, name in wanted.items():
            theme = existing.get(slug)
            if theme is None:
                theme, _created = self.get_or_create(
                    owner=owner, slug=slug, defaults={"name": name}
                )
            themes.append(theme)
        return themes


class TreatmentSession(models.Model):
    class Kind(models.TextChoices):
        IV = "iv", _("IV infusion")
        IM = "im", _("Intramuscular (IM)")
        NASAL = "nasal", _("Nasal spray")
        LOZENGE = "lozenge", _("Lozenge or tablet")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="treatment_sessions"
    )
    number = models.PositiveIntegerField()
    date = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.IV)
    setting = models.CharField(max_length=200, blank=True)
    support_person_present = models.BooleanField(default=False)
    intentions = models.ManyToManyField(
        "intentions.Intention", blank=True, related_name="treatment_sessions"
    )
    mood_before = models.PositiveSmallIntegerField(null=True, blank=True)
    mood_after = models.PositiveSmallIntegerField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["date", "number"]
        constraints = [
            mood_constraint("mood_before", "session_mood_before_0_10"),
            mood_constraint("mood_after", "session_mood_after_0_10"),
        ]
        indexes = [models.Index(fields=["owner", "date"])]

    def __str__(self):
        return gettext("Session %(number)s") % {"number": self.number}


class Theme(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=THEME_SLUG_MAX, allow_unicode=True)
    colour = models.CharField(max_length=20, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "slug"], name="theme_unique_slug_per_owner")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("journal:theme_detail", args=[self.slug])


class EntryQuerySet(models.QuerySet):
    def for_owner(self, user):
        """The owner's entries that are not in the trash."""
        return self.filter(owner=user, deleted_at__isnull=True)

    def in_trash(self, user):
        return self.filter(owner=user, deleted_at__isnull=False)

    def for_cards(self):
        """Only what an entry card shows (templates/journal/_entry_card.html): the list pages
        leave every other column, the long texts above all, in the database. Give the
        evaluated entries their themes with `with_theme_tags()`."""
        return self.select_related("session").only(*Entry.CARD_FIELDS)


class Entry(models.Model):
    class Phase(models.TextChoices):
        PREPARATION = "preparation", _("Preparation")
        DURING = "during", _("During the session")
        AFTER = "after", _("Right after")
        INTEGRATION = "integration", _("Integration")
        FREE = "free", _("Free writing")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    session = models.ForeignKey(
        TreatmentSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
    )
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.FREE)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    # Plain text from the start of body_html, kept with it by save(), for lists and cards.
    excerpt = models.CharField(max_length=EXCERPT_LENGTH, blank=True, editable=False)
    emotions = models.JSONField(default=list, blank=True)
    insight = models.TextField("key insight", blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="entries")
    intentions = models.ManyToManyField("intentions.Intention", blank=True, related_name="entries")
    version = models.PositiveIntegerField(default=1)
    # When what the entry is about happened (the person may date it, e.g. writing the morning
    # after about the evening); `created` and `updated` stay when it was written and changed.
    # Lists, the timeline, themes' first and last seen, search, reports and the calendar go by it.
    happened_at = models.DateTimeField("when it happened", default=timezone.now)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Made by the new-entry form (a hidden field) so sending it twice, by a double click or an
    # entry written offline sent again, saves it once.
    client_key = models.UUIDField(null=True, blank=True, editable=False)
    # PostgreSQL's full-text index of title, insight and body, written by a trigger on every
    # insert and update (migration 0005), never by the app; always empty on SQLite, where the
    # index is an FTS5 table (EntryText). See journal/search.py.
    search_document = SearchVectorField(null=True, editable=False)

    objects = EntryQuerySet.as_manager()

    # What a list of entries never shows: `.defer(*Entry.LONG_TEXTS)` leaves it in the database.
    LONG_TEXTS = ("body", "body_html", "insight", "emotions", "search_document")
    # What an entry card shows: `.for_cards()` loads only these.
    CARD_FIELDS = ("title", "phase", "happened_at", "excerpt", "session__number")

    class Meta:
        ordering = ["-happened_at", "-id"]
        verbose_name_plural = "entries"
        indexes = [
            # The owner's live entries by when they happened, newest first, the id breaking ties
            # in time: the lists walk it from the top or from a keyset cursor
            # (integration_journal/keyset.py) without a sort, and the calendar and "on this day"
            # read a range of it. Partial, because PostgreSQL cannot take `deleted_at IS NULL` as
            # a fixed column of a full index and would sort every entry for each page.
            models.Index(
                fields=["owner", "-happened_at", "-id"],
                condition=models.Q(deleted_at__isnull=True),
                name="journal_entry_live_when_idx",
            ),
            # The trash (and its count on the My data page): only the entries in it.
            models.Index(
                fields=["owner", "-deleted_at"],
                condition=models.Q(deleted_at__isnull=False),
                name="journal_entry_trash_idx",
            ),
            models.Index(fields=["session", "phase"]),
            # The owner's live entries of a session, or of none (session IS NULL), in the order
            # they happened: a session's page and the timeline read one session, or one stretch
            # between sessions, without walking the rest of the journal.
            models.Index(
                fields=["owner", "session", "happened_at", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="journal_entry_live_session_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_key"], name="entry_client_key_once_per_owner"
            )
        ]

    def __str__(self):
        return self.title or gettext("Entry of %(date)s") % {"date": f"{self.happened_at:%Y-%m-%d}"}

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body_html" in update_fields:
            self.excerpt = plain_excerpt(self.body_html)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "excerpt"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("journal:entry_detail", args=[self.pk])

    @property
    def phase_label(self) -> str:
        """What get_phase_display() gives, from a plain dict: a list shows it on every card."""
        return PHASE_LABELS.get(self.phase, self.phase)


PHASE_LABELS = dict(Entry.Phase.choices)


class ThemeCount(models.Model):
    """One theme in numbers: how many of its owner's entries outside the trash carry it, and
    when the first and the last of them were written. Written only by database triggers on the
    entry–theme table and on entries (migration 0006), in the same transaction as the change;
    the theme view reads it instead of counting the journal. `journal.themes` recomputes the
    same numbers from entries for any other set (what is shared, a report's range)."""

    theme = models.OneToOneField(
        Theme, primary_key=True, on_delete=models.CASCADE, related_name="count_row"
    )
    entries = models.PositiveIntegerField(default=0)
    # Of those, the entries tied to no session (the grid's "between sessions"; migration 0012).
    # A database default too: 0006's triggers and fill write rows without it.
    between_sessions = models.PositiveIntegerField(db_default=0, default=0)
    first_seen = models.DateTimeField(null=True)
    last_seen = models.DateTimeField(null=True)

    def __str__(self):
        return f"{self.theme_id}: {self.entries}"


class ThemePairCount(models.Model):
    """Two themes of one owner and how many entries outside the trash carry both; `theme` is
    the one with the smaller id. Written only by the same triggers as ThemeCount."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    entries = models.PositiveIntegerField(default=0)
    # The themes' owner, set by a trigger on every new row (migration 0013), so that a person's
    # most frequent pairs are read from an index instead of sorting all of their pairs.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["theme", "other"], name="theme_pair_once"),
        ]
        indexes = [models.Index(fields=["owner", "-entries"], name="theme_pair_owner_idx")]

    def __str__(self):
        return f"{self.theme_id} + {self.other_id}: {self.entries}"


class SharedEntryCount(models.Model):
    """How many of `owner`'s entries outside the trash `recipient` has through active shares
    (the shares `care.access.visible_entry_shares` walks). This and the three Shared* tables
    below are written only by database triggers on shares, entries and the entry–theme table
    (migration journal 0011), in the same transaction as the change; a therapist's view of a
    patient's themes reads them once `care.access` has said the therapist may see the shares."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "owner"], name="shared_entry_count_once")
        ]

    def __str__(self):
        return f"{self.recipient_id} ← {self.owner_id}: {self.entries}"


class SharedSessionCount(models.Model):
    """How many of those shared entries belong to `session` (the sessions of the grid)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(TreatmentSession, on_delete=models.CASCADE, related_name="+")
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "session"], name="shared_session_count_once"
            )
        ]
        indexes = [models.Index(fields=["recipient", "owner"], name="shared_session_count_idx")]

    def __str__(self):
        return f"{self.recipient_id} ← {self.session_id}: {self.entries}"


class SharedThemeCount(models.Model):
    """ThemeCount over the entries shared with one recipient: how many carry the theme, how
    many of those belong to no session (the grid's "between sessions"), first and last seen."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    entries = models.PositiveIntegerField(default=0)
    between_sessions = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(null=True)
    last_seen = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "theme"], name="shared_theme_count_once")
        ]
        indexes = [
            models.Index(fields=["recipient", "owner", "-entries"], name="shared_theme_count_idx")
        ]

    def __str__(self):
        return f"{self.recipient_id} ← {self.theme_id}: {self.entries}"


class SharedThemePairCount(models.Model):
    """ThemePairCount over the entries shared with one recipient; `theme` has the smaller id."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "theme", "other"], name="shared_theme_pair_once"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "owner", "-entries"], name="shared_theme_pair_idx")
        ]

    def __str__(self):
        return f"{self.recipient_id} ← {self.theme_id} + {self.other_id}: {self.entries}"


class FullTextColumn(models.TextField):
    """FTS5's hidden column named after its table: the left side of MATCH."""


@FullTextColumn.register_lookup
class FullTextMatch(models.Lookup):
    """`text_index__document__match=expression`: FTS5's MATCH (SQLite only)."""

    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", (*lhs_params, *rhs_params)


class EntryText(models.Model):
    """SQLite's full-text index of the entries outside the trash: an FTS5 table (`porter unicode61
    remove_diacritics 2`) that triggers on journal_entry keep in step (migration 0005). Not
    managed by Django and absent on PostgreSQL, where Entry.search_document is the index. Only
    journal/search.py reads it."""

    entry = models.OneToOneField(
        Entry,
        primary_key=True,
        db_column="entry",
        on_delete=models.DO_NOTHING,
        related_name="text_index",
    )
    owner = models.TextField()  # the owner's key, one token
    title = models.TextField()
    body = models.TextField()
    insight = models.TextField()
    # FTS5's hidden columns: the one named after the table takes MATCH, `rank` is bm25 with the
    # column weights configured in the migration.
    document = FullTextColumn(db_column="journal_entry_fts")
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = "journal_entry_fts"

    def __str__(self):
        return f"Index of entry {self.entry_id}"


@dataclass(frozen=True, slots=True)
class ThemeTag:
    """A theme as a list of entries shows it: its name, and the slug its page is linked by."""

    name: str
    slug: str


def with_theme_tags(entries: Iterable[Entry]) -> list[Entry]:
    """The entries as a list, each with `theme_list`: its themes as `ThemeTag`s, by name.

    One query for the lot, on the entry–theme table joined to the themes' names and slugs:
    a list page shows twenty to a hundred entries, and names and slugs are all a card needs.
    """
    entries = list(entries)
    tags: dict[uuid.UUID, list[ThemeTag]] = defaultdict(list)
    if entries:
        rows = (
            Entry.themes.through.objects.filter(entry_id__in=[entry.pk for entry in entries])
            .order_by("theme__name", "theme__slug")
            .values_list("entry_id", "theme__name", "theme__slug")
        )
        for pk, name, slug in rows:
            tags[pk].append(ThemeTag(name, slug))
    for entry in entries:
        entry.theme_list = tags.get(entry.pk, [])
    return entries


def attachment_path(instance, filename: str) -> str:
    """A name that says nothing: the owner's id and a random one (never the uploaded name)."""
    return f"{instance.owner_id}/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class AttachmentQuerySet(OwnedQuerySet):
    def stored_bytes(self, user) -> int:
        return self.filter(owner=user).aggregate(total=models.Sum("size"))["total"] or 0


class Attachment(models.Model):
    """A photo (or drawing) or a voice note on an entry. Its files are in the private
    attachments storage (journal/storage.py), served only by care's file view."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        AUDIO = "audio", _("Voice note")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(max_length=5, choices=Kind.choices)
    file = models.FileField(
        storage=get_attachment_storage, upload_to=attachment_path, max_length=200
    )
    thumbnail = models.FileField(
        storage=get_attachment_storage, upload_to=attachment_path, max_length=200, blank=True
    )
    content_type = models.CharField(max_length=40)
    # Bytes stored: the file and its thumbnail (what the account's limit counts).
    size = models.PositiveBigIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True, help_text="seconds, for voice notes")
    alt_text = models.CharField("description", max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created"]
        indexes = [models.Index(fields=["entry", "created"], name="attachment_entry_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["photo", "audio"]), name="attachment_kind_known"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.created:%Y-%m-%d}"

    @property
    def is_photo(self) -> bool:
        return self.kind == self.Kind.PHOTO

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.content_type, "bin")

    @property
    def download_name(self) -> str:
        """A safe file name for Content-Disposition: the kind, the date and the type, no more."""
        label = "photo" if self.is_photo else "voice-note"
        return f"{label}-{self.created:%Y-%m-%d}.{self.extension}"

    @property
    def duration_label(self) -> str:
        """ "voice note, 2 min", "voice note, 40 s", or just "voice note"."""
        if not self.duration:
            return gettext("voice note")
        seconds = round(self.duration)
        if seconds < 60:
            return gettext("voice note, %(seconds)s s") % {"seconds": seconds}
        return gettext("voice note, %(minutes)s min") % {"minutes": round(seconds / 60)}


EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "audio/webm": "webm",
    "audio/ogg": "ogg",
    "audio/mp4": "m4a",
    "audio/mpeg": "mp3",
}
