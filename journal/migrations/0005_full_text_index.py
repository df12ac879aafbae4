"""A full-text index of entries that search reads instead of the entries' text.

PostgreSQL: `journal_entry.search_document`, a tsvector that a trigger writes on every insert
and update (title weighted A, insight B, body C; `unaccent` first so "Café" and "cafe" are the
same word), with a GIN index. It replaces 0002's index on an expression, which search had to
compute again for every entry it ranked.

SQLite: `journal_entry_fts`, an FTS5 table with its own copy of title, body and insight of every
entry outside the trash (the entries' keys are UUIDs, not the integer rowids an external-content
table needs), tokenised by `porter unicode61 remove_diacritics 2` and ranked by bm25 with the same
weights, kept in step by triggers on insert, update (texts, trash, restore) and delete. Its
`entry` and `owner` columns hold the entry's and its owner's keys as one token each: a trigger
finds an entry's row through the index itself, and a person's search asks the index alone for
their closest matches (FTS5 ranks inside the index) before it reads any entry.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

import journal.models

POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS journal_entry_search_idx",
    # SET search_path FROM CURRENT: unaccent is found where this migration found it, also while
    # pg_restore loads rows with an empty search_path.
    """
    CREATE FUNCTION journal_entry_search_document() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
        NEW.search_document :=
            setweight(to_tsvector('english', unaccent(coalesce(NEW.title, ''))), 'A')
            || setweight(to_tsvector('english', unaccent(coalesce(NEW.insight, ''))), 'B')
            || setweight(to_tsvector('english', unaccent(coalesce(NEW.body, ''))), 'C');
        RETURN NEW;
    END
    $$
    """,
    # On every write, not only when the texts change: the app's own UPDATEs send the column's
    # in-memory value (empty) back, and the trigger puts the index in its place.
    """
    CREATE TRIGGER journal_entry_search_document BEFORE INSERT OR UPDATE ON journal_entry
    FOR EACH ROW EXECUTE FUNCTION journal_entry_search_document()
    """,
    "UPDATE journal_entry SET title = title",
    "CREATE INDEX journal_entry_search_document_idx ON journal_entry USING GIN (search_document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS journal_entry_search_document_idx",
    "DROP TRIGGER IF EXISTS journal_entry_search_document ON journal_entry",
    "DROP FUNCTION IF EXISTS journal_entry_search_document()",
    "CREATE INDEX IF NOT EXISTS journal_entry_search_idx ON journal_entry USING GIN ("
    "to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(body, '') "
    "|| ' ' || COALESCE(insight, '')))",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE journal_entry_fts USING fts5(
        entry, owner, title, body, insight, tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    # bm25 per column: the keys count for nothing, the title most, then the insight.
    "INSERT INTO journal_entry_fts(journal_entry_fts, rank) VALUES('rank', 'bm25(0, 0, 10, 1, 5)')",
    # Only entries outside the trash are in the index.
    """
    CREATE TRIGGER journal_entry_fts_insert AFTER INSERT ON journal_entry
    WHEN new.deleted_at IS NULL
    BEGIN
        INSERT INTO journal_entry_fts(entry, owner, title, body, insight)
        VALUES (new.id, new.owner_id, new.title, new.body, new.insight);
    END
    """,
    # The old row is found through the index, by the entry's key (a token of the `entry` column).
    """
    CREATE TRIGGER journal_entry_fts_update
    AFTER UPDATE OF title, body, insight, deleted_at ON journal_entry
    WHEN old.title IS NOT new.title OR old.body IS NOT new.body OR old.insight IS NOT new.insight
        OR (old.deleted_at IS NULL) IS NOT (new.deleted_at IS NULL)
    BEGIN
        DELETE FROM journal_entry_fts WHERE rowid IN (
            SELECT rowid FROM journal_entry_fts
            WHERE journal_entry_fts MATCH 'entry:"' || old.id || '"'
        );
        INSERT INTO journal_entry_fts(entry, owner, title, body, insight)
        SELECT new.id, new.owner_id, new.title, new.body, new.insight
        WHERE new.deleted_at IS NULL;
    END
    """,
    """
    CREATE TRIGGER journal_entry_fts_delete AFTER DELETE ON journal_entry BEGIN
        DELETE FROM journal_entry_fts WHERE rowid IN (
            SELECT rowid FROM journal_entry_fts
            WHERE journal_entry_fts MATCH 'entry:"' || old.id || '"'
        );
    END
    """,
    "INSERT INTO journal_entry_fts(entry, owner, title, body, insight) "
    "SELECT id, owner_id, title, body, insight FROM journal_entry WHERE deleted_at IS NULL",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS journal_entry_fts_insert",
    "DROP TRIGGER IF EXISTS journal_entry_fts_update",
    "DROP TRIGGER IF EXISTS journal_entry_fts_delete",
    "DROP TABLE IF EXISTS journal_entry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("journal", "0004_entry_client_key")]

    operations = [
        # PostgreSQL only (SQLite skips it); trusted since PostgreSQL 13: the database owner can.
        UnaccentExtension(),
        migrations.AddField(
            model_name="entry",
            name="search_document",
            field=SearchVectorField(editable=False, null=True),
        ),
        # The FTS5 table as Django sees it (unmanaged: the statements below make it on SQLite).
        migrations.CreateModel(
            name="EntryText",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        db_column="entry",
                        on_delete=models.DO_NOTHING,
                        primary_key=True,
                        related_name="text_index",
                        serialize=False,
                        to="journal.entry",
                    ),
                ),
                ("owner", models.TextField()),
                ("title", models.TextField()),
                ("body", models.TextField()),
                ("insight", models.TextField()),
                ("document", journal.models.FullTextColumn(db_column="journal_entry_fts")),
                ("rank", models.FloatField()),
            ],
            options={"db_table": "journal_entry_fts", "managed": False},
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
