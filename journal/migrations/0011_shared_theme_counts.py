"""What a recipient sees of a person's themes through their shares, kept by the database:
SharedEntryCount, SharedSessionCount, SharedThemeCount and SharedThemePairCount count, per
recipient, the owner's entries outside the trash shared with them by an active share (those
`care.access.visible_entry_shares` walks), as ThemeCount and ThemePairCount (migration 0006) count
all of the owner's.

An entry comes into a recipient's view, or leaves it, when a share is made, revoked (or
un-revoked) or deleted, and when a shared entry is trashed, restored or deleted; an entry that is
re-dated or moved to another session leaves with its old values and comes back with its new ones.
Links added to or removed from a shared entry change its themes and pairs. Each of these is a
trigger, in the same transaction as the change, whoever makes it: a form, a merge, an import, an
erasure. As in 0006, SQLite runs every trigger per row; PostgreSQL runs the link triggers once per
statement over its transition table (its row triggers all see the whole statement's rows, which
would count a pair added together twice) and the others per row (each touches its own entry's
rows). The rows are filled from the shares here, by `journal.count_fill.SHARED_FILL`.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from journal.count_fill import SHARED_FILL


# --- Both databases: an entry comes into some recipients' view, or leaves it -------------------
# `recipients` is a SELECT of recipient_id; the other names are SQL expressions for the entry's
# id, owner, when it happened and its session (the trigger's row on SQLite, the function's
# arguments on PostgreSQL); `least`/`greatest` are the two databases' names for them.


def _seen(fn: str) -> str:
    """The first or last time among the theme's entries the row's recipient sees, now."""
    return f"""(
        SELECT {fn}(e.happened_at) FROM journal_entry_themes t
        JOIN journal_entry e ON e.id = t.entry_id AND e.deleted_at IS NULL
        JOIN care_share s ON s.entry_id = e.id AND s.owner_id = e.owner_id
            AND s.revoked_at IS NULL AND s.recipient_id = journal_sharedthemecount.recipient_id
        WHERE t.theme_id = journal_sharedthemecount.theme_id
    )"""  # noqa: S608


def entry_in(recipients, entry, owner, happened, session, *, postgres: bool = False) -> str:
    # SQLite takes no alias for the table of an upsert in a trigger; PostgreSQL needs one.
    alias, c = (" AS c", "c.") if postgres else ("", "")
    least, greatest = ("LEAST", "GREATEST") if postgres else ("min", "max")
    return f"""
    INSERT INTO journal_sharedentrycount {alias} (recipient_id, owner_id, entries)
    SELECT r.recipient_id, {owner}, 1 FROM ({recipients}) r WHERE true
    ON CONFLICT (recipient_id, owner_id) DO UPDATE SET entries = {c}entries + 1;
    INSERT INTO journal_sharedsessioncount {alias} (recipient_id, owner_id, session_id, entries)
    SELECT r.recipient_id, {owner}, {session}, 1 FROM ({recipients}) r
    WHERE {session} IS NOT NULL
    ON CONFLICT (recipient_id, session_id) DO UPDATE SET entries = {c}entries + 1;
    INSERT INTO journal_sharedthemecount{alias}
        (recipient_id, owner_id, theme_id, entries, between_sessions, first_seen, last_seen)
    SELECT r.recipient_id, {owner}, t.theme_id, 1,
        CASE WHEN {session} IS NULL THEN 1 ELSE 0 END, {happened}, {happened}
    FROM ({recipients}) r JOIN journal_entry_themes t ON t.entry_id = {entry} WHERE true
    ON CONFLICT (recipient_id, theme_id) DO UPDATE SET
        entries = {c}entries + 1,
        between_sessions = {c}between_sessions + excluded.between_sessions,
        first_seen = {least}(coalesce({c}first_seen, excluded.first_seen), excluded.first_seen),
        last_seen = {greatest}(coalesce({c}last_seen, excluded.last_seen), excluded.last_seen);
    INSERT INTO journal_sharedthemepaircount{alias}
        (recipient_id, owner_id, theme_id, other_id, entries)
    SELECT r.recipient_id, {owner}, a.theme_id, b.theme_id, 1
    FROM ({recipients}) r JOIN journal_entry_themes a ON a.entry_id = {entry}
    JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
    WHERE true
    ON CONFLICT (recipient_id, theme_id, other_id) DO UPDATE SET entries = {c}entries + 1;
    """  # noqa: S608


def entry_out(recipients, entry, owner, happened, session) -> str:
    return f"""
    UPDATE journal_sharedentrycount SET entries = entries - 1
    WHERE owner_id = {owner} AND recipient_id IN ({recipients});
    UPDATE journal_sharedsessioncount SET entries = entries - 1
    WHERE session_id = {session} AND recipient_id IN ({recipients});
    UPDATE journal_sharedthemecount SET
        entries = entries - 1,
        between_sessions = between_sessions - CASE WHEN {session} IS NULL THEN 1 ELSE 0 END,
        first_seen = CASE WHEN first_seen = {happened} THEN {_seen("min")} ELSE first_seen END,
        last_seen = CASE WHEN last_seen = {happened} THEN {_seen("max")} ELSE last_seen END
    WHERE recipient_id IN ({recipients})
        AND theme_id IN (SELECT theme_id FROM journal_entry_themes WHERE entry_id = {entry});
    UPDATE journal_sharedthemepaircount SET entries = entries - 1
    WHERE recipient_id IN ({recipients}) AND (theme_id, other_id) IN (
        SELECT a.theme_id, b.theme_id FROM journal_entry_themes a
        JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
        WHERE a.entry_id = {entry}
    );
    """  # noqa: S608


# --- SQLite ---------------------------------------------------------------------------------------


def _share_counts(row: str) -> str:
    """A share row counts: an active share of an entry outside the trash, made by its owner."""
    return f"""{row}.entry_id IS NOT NULL AND {row}.revoked_at IS NULL AND EXISTS (
        SELECT 1 FROM journal_entry e
        WHERE e.id = {row}.entry_id AND e.owner_id = {row}.owner_id AND e.deleted_at IS NULL
    )"""  # noqa: S608


def _by_share(make, row: str) -> str:
    return make(
        f"SELECT {row}.recipient_id AS recipient_id",
        f"{row}.entry_id",
        f"{row}.owner_id",
        f"(SELECT happened_at FROM journal_entry WHERE id = {row}.entry_id)",
        f"(SELECT session_id FROM journal_entry WHERE id = {row}.entry_id)",
    )


def _by_entry(make, row: str) -> str:
    recipients = f"""SELECT recipient_id FROM care_share
        WHERE entry_id = {row}.id AND owner_id = {row}.owner_id AND revoked_at IS NULL"""  # noqa: S608
    return make(
        recipients, f"{row}.id", f"{row}.owner_id", f"{row}.happened_at", f"{row}.session_id"
    )


_SHARE_CHANGED = """(old.revoked_at IS NOT new.revoked_at OR old.entry_id IS NOT new.entry_id
    OR old.recipient_id IS NOT new.recipient_id OR old.owner_id IS NOT new.owner_id)"""
_ENTRY_MOVED = """(old.deleted_at IS NOT new.deleted_at OR old.happened_at IS NOT new.happened_at
    OR old.session_id IS NOT new.session_id)"""
# The shares through which an entry of the trigger's link is seen (none when it is in the trash).
_LINK_RECIPIENTS = """
    SELECT s.recipient_id FROM care_share s JOIN journal_entry e
        ON e.id = s.entry_id AND e.owner_id = s.owner_id AND e.deleted_at IS NULL
    WHERE s.entry_id = {row}.entry_id AND s.revoked_at IS NULL
"""

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER journal_shared_share_added AFTER INSERT ON care_share
    WHEN {_share_counts("new")}
    BEGIN {_by_share(entry_in, "new")} END
    """,
    f"""
    CREATE TRIGGER journal_shared_share_left AFTER UPDATE ON care_share
    WHEN {_SHARE_CHANGED} AND {_share_counts("old")}
    BEGIN {_by_share(entry_out, "old")} END
    """,
    f"""
    CREATE TRIGGER journal_shared_share_joined AFTER UPDATE ON care_share
    WHEN {_SHARE_CHANGED} AND {_share_counts("new")}
    BEGIN {_by_share(entry_in, "new")} END
    """,
    f"""
    CREATE TRIGGER journal_shared_share_deleted AFTER DELETE ON care_share
    WHEN {_share_counts("old")}
    BEGIN {_by_share(entry_out, "old")} END
    """,
    f"""
    CREATE TRIGGER journal_shared_entry_left
    AFTER UPDATE OF deleted_at, happened_at, session_id ON journal_entry
    WHEN old.deleted_at IS NULL AND {_ENTRY_MOVED}
    BEGIN {_by_entry(entry_out, "old")} END
    """,
    f"""
    CREATE TRIGGER journal_shared_entry_joined
    AFTER UPDATE OF deleted_at, happened_at, session_id ON journal_entry
    WHEN new.deleted_at IS NULL AND {_ENTRY_MOVED}
    BEGIN {_by_entry(entry_in, "new")} END
    """,
    f"""
    CREATE TRIGGER journal_shared_entry_deleted AFTER DELETE ON journal_entry
    WHEN old.deleted_at IS NULL
    BEGIN {_by_entry(entry_out, "old")} END
    """,
    """
    CREATE TRIGGER journal_shared_link_added AFTER INSERT ON journal_entry_themes
    BEGIN
        INSERT INTO journal_sharedthemecount
            (recipient_id, owner_id, theme_id, entries, between_sessions, first_seen, last_seen)
        SELECT s.recipient_id, e.owner_id, new.theme_id, 1,
            CASE WHEN e.session_id IS NULL THEN 1 ELSE 0 END, e.happened_at, e.happened_at
        FROM care_share s JOIN journal_entry e
            ON e.id = s.entry_id AND e.owner_id = s.owner_id AND e.deleted_at IS NULL
        WHERE s.entry_id = new.entry_id AND s.revoked_at IS NULL
        ON CONFLICT (recipient_id, theme_id) DO UPDATE SET
            entries = entries + 1,
            between_sessions = between_sessions + excluded.between_sessions,
            first_seen = min(coalesce(first_seen, excluded.first_seen), excluded.first_seen),
            last_seen = max(coalesce(last_seen, excluded.last_seen), excluded.last_seen);
        INSERT INTO journal_sharedthemepaircount
            (recipient_id, owner_id, theme_id, other_id, entries)
        SELECT s.recipient_id, e.owner_id, min(new.theme_id, t.theme_id),
            max(new.theme_id, t.theme_id), 1
        FROM care_share s JOIN journal_entry e
            ON e.id = s.entry_id AND e.owner_id = s.owner_id AND e.deleted_at IS NULL
        JOIN journal_entry_themes t ON t.entry_id = e.id AND t.theme_id != new.theme_id
        WHERE s.entry_id = new.entry_id AND s.revoked_at IS NULL
        ON CONFLICT (recipient_id, theme_id, other_id) DO UPDATE SET entries = entries + 1;
    END
    """,  # noqa: S608
    f"""
    CREATE TRIGGER journal_shared_link_removed AFTER DELETE ON journal_entry_themes
    BEGIN
        UPDATE journal_sharedthemecount SET
            entries = entries - 1,
            between_sessions = between_sessions - (
                SELECT CASE WHEN session_id IS NULL THEN 1 ELSE 0 END
                FROM journal_entry WHERE id = old.entry_id
            ),
            first_seen = CASE
                WHEN first_seen = (SELECT happened_at FROM journal_entry WHERE id = old.entry_id)
                THEN {_seen("min")} ELSE first_seen END,
            last_seen = CASE
                WHEN last_seen = (SELECT happened_at FROM journal_entry WHERE id = old.entry_id)
                THEN {_seen("max")} ELSE last_seen END
        WHERE theme_id = old.theme_id
            AND recipient_id IN ({_LINK_RECIPIENTS.format(row="old")});
        UPDATE journal_sharedthemepaircount SET entries = entries - 1
        WHERE recipient_id IN ({_LINK_RECIPIENTS.format(row="old")}) AND (theme_id, other_id) IN (
            SELECT min(old.theme_id, theme_id), max(old.theme_id, theme_id)
            FROM journal_entry_themes WHERE entry_id = old.entry_id AND theme_id != old.theme_id
        );
    END
    """,  # noqa: S608
]
SQLITE_TRIGGERS = [
    "journal_shared_share_added",
    "journal_shared_share_left",
    "journal_shared_share_joined",
    "journal_shared_share_deleted",
    "journal_shared_entry_left",
    "journal_shared_entry_joined",
    "journal_shared_entry_deleted",
    "journal_shared_link_added",
    "journal_shared_link_removed",
]

# --- PostgreSQL -----------------------------------------------------------------------------------

_PG_ARGS = "p_recipient uuid, p_entry uuid, p_owner uuid, p_happened timestamptz, p_session uuid"
_PG_CALL = ("SELECT p_recipient AS recipient_id", "p_entry", "p_owner", "p_happened", "p_session")
# The shares through which the entries of a statement's links are seen.
_PG_LINK_SHARES = """
    JOIN journal_entry e ON e.id = {links}.entry_id AND e.deleted_at IS NULL
    JOIN care_share s ON s.entry_id = e.id AND s.owner_id = e.owner_id AND s.revoked_at IS NULL
"""

POSTGRES_FORWARD = [
    f"""
    CREATE FUNCTION journal_shared_entry_in({_PG_ARGS}) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN {entry_in(*_PG_CALL, postgres=True)} END
    $$
    """,
    f"""
    CREATE FUNCTION journal_shared_entry_out({_PG_ARGS}) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN {entry_out(*_PG_CALL)} END
    $$
    """,
    """
    CREATE FUNCTION journal_shared_share_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE e record;
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.entry_id IS NOT NULL
            AND OLD.revoked_at IS NULL THEN
            SELECT * INTO e FROM journal_entry WHERE id = OLD.entry_id;
            IF FOUND AND e.owner_id = OLD.owner_id AND e.deleted_at IS NULL THEN
                PERFORM journal_shared_entry_out(
                    OLD.recipient_id, e.id, e.owner_id, e.happened_at, e.session_id);
            END IF;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.entry_id IS NOT NULL
            AND NEW.revoked_at IS NULL THEN
            SELECT * INTO e FROM journal_entry WHERE id = NEW.entry_id;
            IF FOUND AND e.owner_id = NEW.owner_id AND e.deleted_at IS NULL THEN
                PERFORM journal_shared_entry_in(
                    NEW.recipient_id, e.id, e.owner_id, e.happened_at, e.session_id);
            END IF;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER journal_shared_share_changed
    AFTER INSERT OR UPDATE OF revoked_at, entry_id, recipient_id, owner_id OR DELETE
    ON care_share FOR EACH ROW EXECUTE FUNCTION journal_shared_share_changed()
    """,
    """
    CREATE FUNCTION journal_shared_entry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at
            AND OLD.happened_at IS NOT DISTINCT FROM NEW.happened_at
            AND OLD.session_id IS NOT DISTINCT FROM NEW.session_id THEN
            RETURN NULL;
        END IF;
        FOR r IN SELECT recipient_id FROM care_share
            WHERE entry_id = OLD.id AND owner_id = OLD.owner_id AND revoked_at IS NULL
        LOOP
            IF OLD.deleted_at IS NULL THEN
                PERFORM journal_shared_entry_out(
                    r.recipient_id, OLD.id, OLD.owner_id, OLD.happened_at, OLD.session_id);
            END IF;
            IF TG_OP = 'UPDATE' AND NEW.deleted_at IS NULL THEN
                PERFORM journal_shared_entry_in(
                    r.recipient_id, NEW.id, NEW.owner_id, NEW.happened_at, NEW.session_id);
            END IF;
        END LOOP;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER journal_shared_entry_changed
    AFTER UPDATE OF deleted_at, happened_at, session_id OR DELETE
    ON journal_entry FOR EACH ROW EXECUTE FUNCTION journal_shared_entry_changed()
    """,
    f"""
    CREATE FUNCTION journal_shared_links_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO journal_sharedthemecount AS c
            (recipient_id, owner_id, theme_id, entries, between_sessions, first_seen, last_seen)
        SELECT s.recipient_id, e.owner_id, n.theme_id, count(*),
            count(*) FILTER (WHERE e.session_id IS NULL), min(e.happened_at), max(e.happened_at)
        FROM added n {_PG_LINK_SHARES.format(links="n")}
        GROUP BY s.recipient_id, e.owner_id, n.theme_id
        ON CONFLICT (recipient_id, theme_id) DO UPDATE SET
            entries = c.entries + EXCLUDED.entries,
            between_sessions = c.between_sessions + EXCLUDED.between_sessions,
            first_seen = LEAST(c.first_seen, EXCLUDED.first_seen),
            last_seen = GREATEST(c.last_seen, EXCLUDED.last_seen);
        INSERT INTO journal_sharedthemepaircount AS p
            (recipient_id, owner_id, theme_id, other_id, entries)
        SELECT s.recipient_id, e.owner_id, a.theme_id, b.theme_id, count(*)
        FROM (SELECT DISTINCT entry_id FROM added) touched
        {_PG_LINK_SHARES.format(links="touched")}
        JOIN journal_entry_themes a ON a.entry_id = touched.entry_id
        JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
        WHERE EXISTS (
            SELECT 1 FROM added n
            WHERE n.entry_id = a.entry_id AND n.theme_id IN (a.theme_id, b.theme_id)
        )
        GROUP BY s.recipient_id, e.owner_id, a.theme_id, b.theme_id
        ON CONFLICT (recipient_id, theme_id, other_id) DO UPDATE
        SET entries = p.entries + EXCLUDED.entries;
        RETURN NULL;
    END
    $$
    """,  # noqa: S608
    f"""
    CREATE FUNCTION journal_shared_links_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE journal_sharedthemecount SET
            entries = entries - r.n,
            between_sessions = between_sessions - r.unsessioned,
            first_seen = CASE WHEN first_seen >= r.first THEN {_seen("min")}
                ELSE first_seen END,
            last_seen = CASE WHEN last_seen <= r.last THEN {_seen("max")} ELSE last_seen END
        FROM (
            SELECT s.recipient_id, o.theme_id, count(*) AS n,
                count(*) FILTER (WHERE e.session_id IS NULL) AS unsessioned,
                min(e.happened_at) AS first, max(e.happened_at) AS last
            FROM removed o {_PG_LINK_SHARES.format(links="o")}
            GROUP BY s.recipient_id, o.theme_id
        ) r
        WHERE journal_sharedthemecount.recipient_id = r.recipient_id
            AND journal_sharedthemecount.theme_id = r.theme_id;
        WITH before AS (
            SELECT entry_id, theme_id FROM journal_entry_themes
            WHERE entry_id IN (SELECT entry_id FROM removed)
            UNION ALL
            SELECT entry_id, theme_id FROM removed
        )
        UPDATE journal_sharedthemepaircount p SET entries = p.entries - x.n
        FROM (
            SELECT s.recipient_id, a.theme_id AS one, b.theme_id AS two, count(*) AS n
            FROM before a
            JOIN before b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
            {_PG_LINK_SHARES.format(links="a")}
            WHERE EXISTS (
                SELECT 1 FROM removed o
                WHERE o.entry_id = a.entry_id AND o.theme_id IN (a.theme_id, b.theme_id)
            )
            GROUP BY s.recipient_id, a.theme_id, b.theme_id
        ) x
        WHERE p.recipient_id = x.recipient_id AND p.theme_id = x.one AND p.other_id = x.two;
        RETURN NULL;
    END
    $$
    """,  # noqa: S608
    """
    CREATE TRIGGER journal_shared_links_added AFTER INSERT ON journal_entry_themes
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION journal_shared_links_added()
    """,
    """
    CREATE TRIGGER journal_shared_links_removed AFTER DELETE ON journal_entry_themes
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION journal_shared_links_removed()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS journal_shared_share_changed ON care_share",
    "DROP TRIGGER IF EXISTS journal_shared_entry_changed ON journal_entry",
    "DROP TRIGGER IF EXISTS journal_shared_links_added ON journal_entry_themes",
    "DROP TRIGGER IF EXISTS journal_shared_links_removed ON journal_entry_themes",
    "DROP FUNCTION IF EXISTS journal_shared_share_changed()",
    "DROP FUNCTION IF EXISTS journal_shared_entry_changed()",
    "DROP FUNCTION IF EXISTS journal_shared_links_added()",
    "DROP FUNCTION IF EXISTS journal_shared_links_removed()",
    f"DROP FUNCTION IF EXISTS journal_shared_entry_in({_PG_ARGS})",
    f"DROP FUNCTION IF EXISTS journal_shared_entry_out({_PG_ARGS})",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, []):
        schema_editor.execute(statement)
    for statement in SHARED_FILL:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0010_theme_counts_by_happened_at"),
        ("care", "0014_share_indexes_for_keyset_pages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SharedEntryCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("entries", models.PositiveIntegerField(default=0)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("recipient", "owner"), name="shared_entry_count_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SharedSessionCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("entries", models.PositiveIntegerField(default=0)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="journal.treatmentsession",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["recipient", "owner"], name="shared_session_count_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("recipient", "session"), name="shared_session_count_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SharedThemeCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("entries", models.PositiveIntegerField(default=0)),
                ("between_sessions", models.PositiveIntegerField(default=0)),
                ("first_seen", models.DateTimeField(null=True)),
                ("last_seen", models.DateTimeField(null=True)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="journal.theme",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["recipient", "owner", "-entries"], name="shared_theme_count_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("recipient", "theme"), name="shared_theme_count_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SharedThemePairCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("entries", models.PositiveIntegerField(default=0)),
                (
                    "other",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="journal.theme",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="journal.theme",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["recipient", "owner", "-entries"], name="shared_theme_pair_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("recipient", "theme", "other"), name="shared_theme_pair_once"
                    )
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
