"""Theme numbers kept by the database: ThemeCount (entries, first and last seen per theme) and
ThemePairCount (entries carrying both of two themes), counting entries outside the trash.

Triggers on the entry–theme table (a link added or removed) and on entries (trashed, restored,
deleted, re-dated) keep them in the same transaction as the change, whoever makes it: a form,
a merge, an import, an erasure, a bulk insert. Links are added and removed, never changed in
place (a trigger refuses an UPDATE), so there are two cases per table. SQLite runs a trigger
per row as it changes; PostgreSQL runs the link triggers once per statement over its transition
table, since its row triggers all see the whole statement's rows. First and last seen are
recomputed for a theme only when the entry that leaves was its first or its last. The rows are
filled from the entries here, by the same statements `journal.themes.rebuild_counts()` runs.
"""

import django.db.models.deletion
from django.db import migrations, models

from journal.count_fill import fill


# --- SQLite ---------------------------------------------------------------------------------------

_SQLITE_OUT = """
    UPDATE journal_themecount SET
        entries = entries - 1,
        first_seen = CASE WHEN first_seen = {created} THEN (
            SELECT min(e.created) FROM journal_entry_themes t
            JOIN journal_entry e ON e.id = t.entry_id
            WHERE t.theme_id = journal_themecount.theme_id AND e.deleted_at IS NULL
        ) ELSE first_seen END,
        last_seen = CASE WHEN last_seen = {created} THEN (
            SELECT max(e.created) FROM journal_entry_themes t
            JOIN journal_entry e ON e.id = t.entry_id
            WHERE t.theme_id = journal_themecount.theme_id AND e.deleted_at IS NULL
        ) ELSE last_seen END
    WHERE theme_id IN (SELECT theme_id FROM journal_entry_themes WHERE entry_id = {entry});
    UPDATE journal_themepaircount SET entries = entries - 1
    WHERE (theme_id, other_id) IN (
        SELECT a.theme_id, b.theme_id FROM journal_entry_themes a
        JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
        WHERE a.entry_id = {entry}
    );
"""

SQLITE_FORWARD = [
    """
    CREATE TRIGGER journal_theme_link_added AFTER INSERT ON journal_entry_themes
    WHEN (SELECT deleted_at IS NULL FROM journal_entry WHERE id = new.entry_id)
    BEGIN
        INSERT INTO journal_themecount (theme_id, entries, first_seen, last_seen)
        SELECT new.theme_id, 1, created, created FROM journal_entry WHERE id = new.entry_id
        ON CONFLICT (theme_id) DO UPDATE SET
            entries = entries + 1,
            first_seen = min(coalesce(first_seen, excluded.first_seen), excluded.first_seen),
            last_seen = max(coalesce(last_seen, excluded.last_seen), excluded.last_seen);
        INSERT INTO journal_themepaircount (theme_id, other_id, entries)
        SELECT min(new.theme_id, theme_id), max(new.theme_id, theme_id), 1
        FROM journal_entry_themes WHERE entry_id = new.entry_id AND theme_id != new.theme_id
        ON CONFLICT (theme_id, other_id) DO UPDATE SET entries = entries + 1;
    END
    """,
    """
    CREATE TRIGGER journal_theme_link_removed AFTER DELETE ON journal_entry_themes
    WHEN (SELECT deleted_at IS NULL FROM journal_entry WHERE id = old.entry_id)
    BEGIN
        UPDATE journal_themecount SET
            entries = entries - 1,
            first_seen = CASE
                WHEN first_seen = (SELECT created FROM journal_entry WHERE id = old.entry_id)
                THEN (
                    SELECT min(e.created) FROM journal_entry_themes t
                    JOIN journal_entry e ON e.id = t.entry_id
                    WHERE t.theme_id = old.theme_id AND e.deleted_at IS NULL
                ) ELSE first_seen END,
            last_seen = CASE
                WHEN last_seen = (SELECT created FROM journal_entry WHERE id = old.entry_id)
                THEN (
                    SELECT max(e.created) FROM journal_entry_themes t
                    JOIN journal_entry e ON e.id = t.entry_id
                    WHERE t.theme_id = old.theme_id AND e.deleted_at IS NULL
                ) ELSE last_seen END
        WHERE theme_id = old.theme_id;
        UPDATE journal_themepaircount SET entries = entries - 1
        WHERE (theme_id, other_id) IN (
            SELECT min(old.theme_id, theme_id), max(old.theme_id, theme_id)
            FROM journal_entry_themes WHERE entry_id = old.entry_id AND theme_id != old.theme_id
        );
    END
    """,
    """
    CREATE TRIGGER journal_theme_link_unchanged BEFORE UPDATE ON journal_entry_themes
    BEGIN
        SELECT RAISE(ABORT, 'entry-theme links are added and removed, never changed');
    END
    """,
    f"""
    CREATE TRIGGER journal_theme_entry_trashed AFTER UPDATE OF deleted_at ON journal_entry
    WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL
    BEGIN {_SQLITE_OUT.format(entry="new.id", created="old.created")} END
    """,
    f"""
    CREATE TRIGGER journal_theme_entry_deleted AFTER DELETE ON journal_entry
    WHEN old.deleted_at IS NULL
    BEGIN {_SQLITE_OUT.format(entry="old.id", created="old.created")} END
    """,
    """
    CREATE TRIGGER journal_theme_entry_restored AFTER UPDATE OF deleted_at ON journal_entry
    WHEN old.deleted_at IS NOT NULL AND new.deleted_at IS NULL
    BEGIN
        INSERT INTO journal_themecount (theme_id, entries, first_seen, last_seen)
        SELECT theme_id, 1, new.created, new.created
        FROM journal_entry_themes WHERE entry_id = new.id
        ON CONFLICT (theme_id) DO UPDATE SET
            entries = entries + 1,
            first_seen = min(coalesce(first_seen, excluded.first_seen), excluded.first_seen),
            last_seen = max(coalesce(last_seen, excluded.last_seen), excluded.last_seen);
        INSERT INTO journal_themepaircount (theme_id, other_id, entries)
        SELECT a.theme_id, b.theme_id, 1 FROM journal_entry_themes a
        JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
        WHERE a.entry_id = new.id
        ON CONFLICT (theme_id, other_id) DO UPDATE SET entries = entries + 1;
    END
    """,
    """
    CREATE TRIGGER journal_theme_entry_redated AFTER UPDATE OF created ON journal_entry
    WHEN old.created IS NOT new.created AND old.deleted_at IS NULL AND new.deleted_at IS NULL
    BEGIN
        UPDATE journal_themecount SET
            first_seen = (
                SELECT min(e.created) FROM journal_entry_themes t
                JOIN journal_entry e ON e.id = t.entry_id
                WHERE t.theme_id = journal_themecount.theme_id AND e.deleted_at IS NULL
            ),
            last_seen = (
                SELECT max(e.created) FROM journal_entry_themes t
                JOIN journal_entry e ON e.id = t.entry_id
                WHERE t.theme_id = journal_themecount.theme_id AND e.deleted_at IS NULL
            )
        WHERE theme_id IN (SELECT theme_id FROM journal_entry_themes WHERE entry_id = new.id);
    END
    """,
]
SQLITE_TRIGGERS = [
    "journal_theme_link_added",
    "journal_theme_link_removed",
    "journal_theme_link_unchanged",
    "journal_theme_entry_trashed",
    "journal_theme_entry_deleted",
    "journal_theme_entry_restored",
    "journal_theme_entry_redated",
]

# --- PostgreSQL -----------------------------------------------------------------------------------

_PG_RECOMPUTE = """
    UPDATE journal_themecount c SET
        first_seen = CASE WHEN {only_if_first} THEN (
            SELECT min(e.created) FROM journal_entry_themes t
            JOIN journal_entry e ON e.id = t.entry_id
            WHERE t.theme_id = c.theme_id AND e.deleted_at IS NULL
        ) ELSE c.first_seen END,
        last_seen = CASE WHEN {only_if_last} THEN (
            SELECT max(e.created) FROM journal_entry_themes t
            JOIN journal_entry e ON e.id = t.entry_id
            WHERE t.theme_id = c.theme_id AND e.deleted_at IS NULL
        ) ELSE c.last_seen END,
        entries = c.entries - {minus}
    WHERE c.theme_id IN ({themes});
"""

POSTGRES_FORWARD = [
    # The numbers when an entry stops counting (trashed or deleted) or starts (restored).
    """
    CREATE FUNCTION journal_theme_entry_out(entry uuid, written timestamptz) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
    """
    + _PG_RECOMPUTE.format(
        only_if_first="c.first_seen = written",
        only_if_last="c.last_seen = written",
        minus="1",
        themes="SELECT theme_id FROM journal_entry_themes WHERE entry_id = entry",
    )
    + """
        UPDATE journal_themepaircount SET entries = entries - 1
        WHERE (theme_id, other_id) IN (
            SELECT a.theme_id, b.theme_id FROM journal_entry_themes a
            JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
            WHERE a.entry_id = entry
        );
    END
    $$
    """,
    """
    CREATE FUNCTION journal_theme_entry_in(entry uuid, written timestamptz) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO journal_themecount AS c (theme_id, entries, first_seen, last_seen)
        SELECT theme_id, 1, written, written FROM journal_entry_themes WHERE entry_id = entry
        ON CONFLICT (theme_id) DO UPDATE SET
            entries = c.entries + 1,
            first_seen = LEAST(c.first_seen, EXCLUDED.first_seen),
            last_seen = GREATEST(c.last_seen, EXCLUDED.last_seen);
        INSERT INTO journal_themepaircount AS p (theme_id, other_id, entries)
        SELECT a.theme_id, b.theme_id, 1 FROM journal_entry_themes a
        JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
        WHERE a.entry_id = entry
        ON CONFLICT (theme_id, other_id) DO UPDATE SET entries = p.entries + 1;
    END
    $$
    """,
    # Links, a statement at a time (a statement's row triggers would each see all its rows, so
    # a pair added or removed together would count twice or not at all): `added` and `removed`
    # are the statement's rows; a pair counts when one of its two links is among them.
    """
    CREATE FUNCTION journal_theme_links_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO journal_themecount AS c (theme_id, entries, first_seen, last_seen)
        SELECT n.theme_id, count(*), min(e.created), max(e.created)
        FROM added n JOIN journal_entry e ON e.id = n.entry_id AND e.deleted_at IS NULL
        GROUP BY n.theme_id
        ON CONFLICT (theme_id) DO UPDATE SET
            entries = c.entries + EXCLUDED.entries,
            first_seen = LEAST(c.first_seen, EXCLUDED.first_seen),
            last_seen = GREATEST(c.last_seen, EXCLUDED.last_seen);
        INSERT INTO journal_themepaircount AS p (theme_id, other_id, entries)
        SELECT a.theme_id, b.theme_id, count(*)
        FROM (SELECT DISTINCT entry_id FROM added) touched
        JOIN journal_entry e ON e.id = touched.entry_id AND e.deleted_at IS NULL
        JOIN journal_entry_themes a ON a.entry_id = touched.entry_id
        JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
        WHERE EXISTS (
            SELECT 1 FROM added n
            WHERE n.entry_id = a.entry_id AND n.theme_id IN (a.theme_id, b.theme_id)
        )
        GROUP BY a.theme_id, b.theme_id
        ON CONFLICT (theme_id, other_id) DO UPDATE SET entries = p.entries + EXCLUDED.entries;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION journal_theme_links_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE journal_themecount c SET
            entries = c.entries - r.n,
            first_seen = CASE WHEN c.first_seen >= r.first THEN (
                SELECT min(e.created) FROM journal_entry_themes t
                JOIN journal_entry e ON e.id = t.entry_id
                WHERE t.theme_id = c.theme_id AND e.deleted_at IS NULL
            ) ELSE c.first_seen END,
            last_seen = CASE WHEN c.last_seen <= r.last THEN (
                SELECT max(e.created) FROM journal_entry_themes t
                JOIN journal_entry e ON e.id = t.entry_id
                WHERE t.theme_id = c.theme_id AND e.deleted_at IS NULL
            ) ELSE c.last_seen END
        FROM (
            SELECT o.theme_id, count(*) AS n, min(e.created) AS first, max(e.created) AS last
            FROM removed o JOIN journal_entry e ON e.id = o.entry_id AND e.deleted_at IS NULL
            GROUP BY o.theme_id
        ) r
        WHERE c.theme_id = r.theme_id;
        WITH before AS (
            SELECT entry_id, theme_id FROM journal_entry_themes
            WHERE entry_id IN (SELECT entry_id FROM removed)
            UNION ALL
            SELECT entry_id, theme_id FROM removed
        )
        UPDATE journal_themepaircount p SET entries = p.entries - x.n
        FROM (
            SELECT a.theme_id AS one, b.theme_id AS two, count(*) AS n
            FROM before a
            JOIN before b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
            JOIN journal_entry e ON e.id = a.entry_id AND e.deleted_at IS NULL
            WHERE EXISTS (
                SELECT 1 FROM removed o
                WHERE o.entry_id = a.entry_id AND o.theme_id IN (a.theme_id, b.theme_id)
            )
            GROUP BY a.theme_id, b.theme_id
        ) x
        WHERE p.theme_id = x.one AND p.other_id = x.two;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION journal_theme_link_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'entry-theme links are added and removed, never changed';
    END
    $$
    """,
    """
    CREATE TRIGGER journal_theme_links_added AFTER INSERT ON journal_entry_themes
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION journal_theme_links_added()
    """,
    """
    CREATE TRIGGER journal_theme_links_removed AFTER DELETE ON journal_entry_themes
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION journal_theme_links_removed()
    """,
    """
    CREATE TRIGGER journal_theme_link_unchanged BEFORE UPDATE ON journal_entry_themes
    FOR EACH ROW EXECUTE FUNCTION journal_theme_link_unchanged()
    """,
    """
    CREATE FUNCTION journal_theme_entry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.deleted_at IS NULL THEN
                PERFORM journal_theme_entry_out(OLD.id, OLD.created);
            END IF;
        ELSIF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
            PERFORM journal_theme_entry_out(NEW.id, OLD.created);
        ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
            PERFORM journal_theme_entry_in(NEW.id, NEW.created);
        ELSIF NEW.deleted_at IS NULL AND OLD.created IS DISTINCT FROM NEW.created THEN
    """
    + _PG_RECOMPUTE.format(
        only_if_first="true",
        only_if_last="true",
        minus="0",
        themes="SELECT theme_id FROM journal_entry_themes WHERE entry_id = NEW.id",
    )
    + """
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER journal_theme_entry_changed AFTER UPDATE OF deleted_at, created OR DELETE
    ON journal_entry FOR EACH ROW EXECUTE FUNCTION journal_theme_entry_changed()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS journal_theme_entry_changed ON journal_entry",
    "DROP TRIGGER IF EXISTS journal_theme_links_added ON journal_entry_themes",
    "DROP TRIGGER IF EXISTS journal_theme_links_removed ON journal_entry_themes",
    "DROP TRIGGER IF EXISTS journal_theme_link_unchanged ON journal_entry_themes",
    "DROP FUNCTION IF EXISTS journal_theme_entry_changed()",
    "DROP FUNCTION IF EXISTS journal_theme_links_added()",
    "DROP FUNCTION IF EXISTS journal_theme_links_removed()",
    "DROP FUNCTION IF EXISTS journal_theme_link_unchanged()",
    "DROP FUNCTION IF EXISTS journal_theme_entry_in(uuid, timestamptz)",
    "DROP FUNCTION IF EXISTS journal_theme_entry_out(uuid, timestamptz)",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, []):
        schema_editor.execute(statement)
    for statement in fill("created"):
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
        ("journal", "0005_full_text_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="ThemeCount",
            fields=[
                (
                    "theme",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="count_row",
                        serialize=False,
                        to="journal.theme",
                    ),
                ),
                ("entries", models.PositiveIntegerField(default=0)),
                ("first_seen", models.DateTimeField(null=True)),
                ("last_seen", models.DateTimeField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="ThemePairCount",
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
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="journal.theme",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("theme", "other"), name="theme_pair_once")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
