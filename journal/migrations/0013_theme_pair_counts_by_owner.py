"""ThemePairCount's `owner`: the themes' owner, set on every new row by a trigger (migration 0006's
triggers and fill write rows without it), with an index by owner and count, so that a person's
most frequent pairs are read from the index instead of sorting all of their pairs by name.

The column is added in place: Django would remake the table on SQLite, which 0006's triggers name.
"""

from django.conf import settings
from django.db import migrations, models

SQLITE_FORWARD = [
    "ALTER TABLE journal_themepaircount ADD COLUMN owner_id char(32) NULL"
    ' REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED',
    """
    CREATE TRIGGER journal_theme_pair_owner AFTER INSERT ON journal_themepaircount
    WHEN new.owner_id IS NULL
    BEGIN
        UPDATE journal_themepaircount
        SET owner_id = (SELECT owner_id FROM journal_theme WHERE id = new.theme_id)
        WHERE id = new.id;
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS journal_theme_pair_owner",
    "DROP INDEX IF EXISTS theme_pair_owner_idx",
    "ALTER TABLE journal_themepaircount DROP COLUMN owner_id",
]
POSTGRES_FORWARD = [
    "ALTER TABLE journal_themepaircount ADD COLUMN owner_id uuid NULL"
    ' REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED',
    """
    CREATE FUNCTION journal_theme_pair_owner() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.owner_id := (SELECT owner_id FROM journal_theme WHERE id = NEW.theme_id);
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER journal_theme_pair_owner BEFORE INSERT ON journal_themepaircount
    FOR EACH ROW EXECUTE FUNCTION journal_theme_pair_owner()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS journal_theme_pair_owner ON journal_themepaircount",
    "DROP FUNCTION IF EXISTS journal_theme_pair_owner()",
    "DROP INDEX IF EXISTS theme_pair_owner_idx",
    "ALTER TABLE journal_themepaircount DROP COLUMN owner_id",
]
FILL = [
    # The index first: PostgreSQL makes none on a table with the update's foreign key checks due.
    "CREATE INDEX theme_pair_owner_idx ON journal_themepaircount (owner_id, entries DESC)",
    "UPDATE journal_themepaircount"
    " SET owner_id = (SELECT owner_id FROM journal_theme WHERE id = theme_id)",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, []):
        schema_editor.execute(statement)
    for statement in FILL:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0012_theme_counts_between_sessions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="themepaircount",
                    name="owner",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AddIndex(
                    model_name="themepaircount",
                    index=models.Index(fields=["owner", "-entries"], name="theme_pair_owner_idx"),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
