"""Themes' first and last seen by when entries happened (`happened_at`), not when they were
written.

The triggers of migration 0006 are dropped and made again from the same statements with
`happened_at` in place of `created` (so a re-dated entry, now something the person can do in the
form, recomputes its themes' first and last seen), and the counts are refilled from the entries.
Going back restores 0006's triggers and refills by `created`."""

import importlib

from django.db import migrations

from journal.count_fill import fill

counts = importlib.import_module("journal.migrations.0006_theme_counts")


def _by(statements: list[str], column: str) -> list[str]:
    # Every "created" in 0006's statements is the entry's time column (CREATE is upper case).
    return [statement.replace("created", column) for statement in statements]


def _drop(schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for name in counts.SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif schema_editor.connection.vendor == "postgresql":
        for statement in counts.POSTGRES_BACKWARD:
            schema_editor.execute(statement)


def _create(schema_editor, column: str) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": counts.SQLITE_FORWARD, "postgresql": counts.POSTGRES_FORWARD}
    for statement in _by(statements.get(vendor, []), column):
        schema_editor.execute(statement)
    for statement in fill(column):
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _drop(schema_editor)
    _create(schema_editor, "happened_at")


def backward(apps, schema_editor):
    _drop(schema_editor)
    _create(schema_editor, "created")


class Migration(migrations.Migration):
    dependencies = [("journal", "0009_entry_happened_at")]

    operations = [migrations.RunPython(forward, backward)]
