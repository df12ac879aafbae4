"""ThemeCount's `between_sessions`: how many of a theme's entries outside the trash are tied to no
session (the theme grid's "between sessions" column, which would otherwise count the journal).

Triggers beside those of migration 0006 (which they leave as they are) keep it: a link added to or
removed from such an entry, and an entry that becomes one (restored, or taken out of its session)
or stops being one (trashed, deleted, or put in a session). A theme's row may be made here before
0006's triggers count the entry; their upserts take a row with no entries yet as it is. SQLite
runs the triggers per row; PostgreSQL runs the link ones per statement, as 0006's do.
"""

from django.db import migrations, models

from journal.count_fill import BETWEEN_FILL

# The entry of the trigger's row is outside the trash and tied to no session.
_BETWEEN = "{row}.deleted_at IS NULL AND {row}.session_id IS NULL"

SQLITE_FORWARD = [
    """
    CREATE TRIGGER journal_theme_between_link_added AFTER INSERT ON journal_entry_themes
    WHEN (SELECT deleted_at IS NULL AND session_id IS NULL FROM journal_entry
          WHERE id = new.entry_id)
    BEGIN
        INSERT INTO journal_themecount (theme_id, entries, between_sessions)
        VALUES (new.theme_id, 0, 1)
        ON CONFLICT (theme_id) DO UPDATE SET between_sessions = between_sessions + 1;
    END
    """,
    """
    CREATE TRIGGER journal_theme_between_link_removed AFTER DELETE ON journal_entry_themes
    WHEN (SELECT deleted_at IS NULL AND session_id IS NULL FROM journal_entry
          WHERE id = old.entry_id)
    BEGIN
        UPDATE journal_themecount SET between_sessions = between_sessions - 1
        WHERE theme_id = old.theme_id;
    END
    """,
    f"""
    CREATE TRIGGER journal_theme_between_entry_in
    AFTER UPDATE OF deleted_at, session_id ON journal_entry
    WHEN {_BETWEEN.format(row="new")} AND NOT ({_BETWEEN.format(row="old")})
    BEGIN
        INSERT INTO journal_themecount (theme_id, entries, between_sessions)
        SELECT theme_id, 0, 1 FROM journal_entry_themes WHERE entry_id = new.id
        ON CONFLICT (theme_id) DO UPDATE SET between_sessions = between_sessions + 1;
    END
    """,
    f"""
    CREATE TRIGGER journal_theme_between_entry_out
    AFTER UPDATE OF deleted_at, session_id ON journal_entry
    WHEN {_BETWEEN.format(row="old")} AND NOT ({_BETWEEN.format(row="new")})
    BEGIN
        UPDATE journal_themecount SET between_sessions = between_sessions - 1
        WHERE theme_id IN (SELECT theme_id FROM journal_entry_themes WHERE entry_id = new.id);
    END
    """,
    f"""
    CREATE TRIGGER journal_theme_between_entry_deleted AFTER DELETE ON journal_entry
    WHEN {_BETWEEN.format(row="old")}
    BEGIN
        UPDATE journal_themecount SET between_sessions = between_sessions - 1
        WHERE theme_id IN (SELECT theme_id FROM journal_entry_themes WHERE entry_id = old.id);
    END
    """,
]
SQLITE_TRIGGERS = [
    "journal_theme_between_link_added",
    "journal_theme_between_link_removed",
    "journal_theme_between_entry_in",
    "journal_theme_between_entry_out",
    "journal_theme_between_entry_deleted",
]

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION journal_theme_between_links_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO journal_themecount AS c (theme_id, entries, between_sessions)
        SELECT n.theme_id, 0, count(*) FROM added n JOIN journal_entry e
            ON e.id = n.entry_id AND e.deleted_at IS NULL AND e.session_id IS NULL
        GROUP BY n.theme_id
        ON CONFLICT (theme_id) DO UPDATE
        SET between_sessions = c.between_sessions + EXCLUDED.between_sessions;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION journal_theme_between_links_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE journal_themecount c SET between_sessions = c.between_sessions - r.n
        FROM (
            SELECT o.theme_id, count(*) AS n FROM removed o JOIN journal_entry e
                ON e.id = o.entry_id AND e.deleted_at IS NULL AND e.session_id IS NULL
            GROUP BY o.theme_id
        ) r
        WHERE c.theme_id = r.theme_id;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE FUNCTION journal_theme_between_entry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        was boolean := TG_OP IN ('UPDATE', 'DELETE') AND {_BETWEEN.format(row="OLD")};
        now_is boolean := TG_OP = 'UPDATE' AND {_BETWEEN.format(row="NEW")};
    BEGIN
        IF now_is AND NOT was THEN
            INSERT INTO journal_themecount AS c (theme_id, entries, between_sessions)
            SELECT theme_id, 0, 1 FROM journal_entry_themes WHERE entry_id = NEW.id
            ON CONFLICT (theme_id) DO UPDATE SET between_sessions = c.between_sessions + 1;
        ELSIF was AND NOT now_is THEN
            UPDATE journal_themecount SET between_sessions = between_sessions - 1
            WHERE theme_id IN (SELECT theme_id FROM journal_entry_themes WHERE entry_id = OLD.id);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER journal_theme_between_links_added AFTER INSERT ON journal_entry_themes
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION journal_theme_between_links_added()
    """,
    """
    CREATE TRIGGER journal_theme_between_links_removed AFTER DELETE ON journal_entry_themes
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION journal_theme_between_links_removed()
    """,
    """
    CREATE TRIGGER journal_theme_between_entry_changed
    AFTER UPDATE OF deleted_at, session_id OR DELETE ON journal_entry
    FOR EACH ROW EXECUTE FUNCTION journal_theme_between_entry_changed()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS journal_theme_between_entry_changed ON journal_entry",
    "DROP TRIGGER IF EXISTS journal_theme_between_links_added ON journal_entry_themes",
    "DROP TRIGGER IF EXISTS journal_theme_between_links_removed ON journal_entry_themes",
    "DROP FUNCTION IF EXISTS journal_theme_between_entry_changed()",
    "DROP FUNCTION IF EXISTS journal_theme_between_links_added()",
    "DROP FUNCTION IF EXISTS journal_theme_between_links_removed()",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, []):
        schema_editor.execute(statement)
    for statement in BETWEEN_FILL:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)


# Added in place: Django would remake the table on SQLite, which 0006's triggers name.
ADD_COLUMN = (
    "ALTER TABLE journal_themecount ADD COLUMN between_sessions integer NOT NULL DEFAULT 0"
    " CHECK (between_sessions >= 0)"
)
DROP_COLUMN = "ALTER TABLE journal_themecount DROP COLUMN between_sessions"


class Migration(migrations.Migration):
    dependencies = [("journal", "0011_shared_theme_counts")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="themecount",
                    name="between_sessions",
                    field=models.PositiveIntegerField(db_default=0, default=0),
                ),
            ],
            database_operations=[migrations.RunSQL(ADD_COLUMN, DROP_COLUMN)],
        ),
        migrations.RunPython(forward, backward),
    ]
