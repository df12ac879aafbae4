"""Full-text search index for PostgreSQL (the SQLite fallback needs none).

The expression matches journal.search.search_vector() exactly, so the planner can use it.
"""

from django.db import migrations

INDEX = "journal_entry_search_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON journal_entry USING GIN ("
        "to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(body, '') "
        "|| ' ' || COALESCE(insight, '')))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
