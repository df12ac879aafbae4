"""Entries get `happened_at`: when what they are about happened, which the person may set.

Existing entries happened when they were written (`happened_at = created`). The lists' keyset
index moves from (owner, -created, -id) to (owner, -happened_at, -id), still partial over the
entries outside the trash; the new one is built before the old one is dropped, so the lists are
never without one."""

import django.utils.timezone
from django.db import migrations, models

FIELD = models.DateTimeField(default=django.utils.timezone.now, verbose_name="when it happened")


def add_column(apps, schema_editor):
    """The column, filled with each entry's `created`. On SQLite without rebuilding the table: a
    rebuild would stumble over the theme counts' triggers that name journal_entry and silently
    drop the search index's triggers on it (migrations 0005, 0006)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            'ALTER TABLE "journal_entry" ADD COLUMN "happened_at" datetime NOT NULL '
            "DEFAULT '1900-01-01 00:00:00'"
        )
    else:
        Entry = apps.get_model("journal", "Entry")
        field = models.DateTimeField(null=True, verbose_name="when it happened")
        field.set_attributes_from_name("happened_at")
        schema_editor.add_field(Entry, field)
    schema_editor.execute("UPDATE journal_entry SET happened_at = created")
    if schema_editor.connection.vendor != "sqlite":
        schema_editor.execute("ALTER TABLE journal_entry ALTER COLUMN happened_at SET NOT NULL")


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE journal_entry DROP COLUMN happened_at")


class Migration(migrations.Migration):
    dependencies = [("journal", "0008_attachments")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="entry", name="happened_at", field=FIELD)
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
        migrations.AlterModelOptions(
            name="entry",
            options={"ordering": ["-happened_at", "-id"], "verbose_name_plural": "entries"},
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=True),
                fields=["owner", "-happened_at", "-id"],
                name="journal_entry_live_when_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="entry", name="journal_entry_live_newest_idx"),
    ]
