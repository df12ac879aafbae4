"""SQLite's full-text index (`journal_entry_fts`, migration 0005) in the order entries happened.

Each row's rowid is now its entry's `happened_at` in microseconds, times 1000, plus a slot for
entries that happened in the same microsecond (the first free one; filled by key when the index
is refilled). FTS5 walks its matches in rowid order, so "the newest matches" are the first rows
it finds backwards (ORDER BY rowid DESC LIMIT n), without reading an entry. Search ranks the
newest RANKED_MATCHES matches, as on PostgreSQL, and a common word in a journal of years costs
no more than a rare one.

The triggers are those of 0005, with the rowid, and a re-dated entry is indexed again at its new
place. PostgreSQL is unchanged. Going back restores 0005's triggers and refills the index.
"""

import importlib

from django.db import migrations

first = importlib.import_module("journal.migrations.0005_full_text_index")

TRIGGERS = ["journal_entry_fts_insert", "journal_entry_fts_update", "journal_entry_fts_delete"]


def _microsecond(column: str) -> str:
    """`column` (a datetime as SQLite keeps it: 'YYYY-MM-DD HH:MM:SS[.ffffff]', UTC) as the
    microseconds since 1970, times 1000 (the slots of one microsecond). Years before 1685 or
    after 2255 are taken as those: the rowid is a 64-bit integer."""
    seconds = f"max(-9000000000, min(9000000000, CAST(strftime('%s', {column}) AS INTEGER)))"
    return f"({seconds} * 1000000 + CAST(substr({column}, 21, 6) AS INTEGER)) * 1000"


# An entry's row: at its microsecond, in the first slot after those taken; past a thousand
# entries in one microsecond, wherever FTS5 puts a row without a rowid (after the newest).
INSERT_NEW = f"""
    INSERT INTO journal_entry_fts(rowid, entry, owner, title, body, insight)
    SELECT CASE WHEN taken IS NULL THEN at WHEN taken < at + 999 THEN taken + 1 END,
        new.id, new.owner_id, new.title, new.body, new.insight
    FROM (
        SELECT at,
            (SELECT max(rowid) FROM journal_entry_fts WHERE rowid BETWEEN at AND at + 999) AS taken
        FROM (SELECT {_microsecond("new.happened_at")} AS at)
    )
    WHERE new.deleted_at IS NULL;
"""
DELETE_OLD = """
    DELETE FROM journal_entry_fts WHERE rowid IN (
        SELECT rowid FROM journal_entry_fts WHERE journal_entry_fts MATCH 'entry:"' || old.id || '"'
    );
"""
# The index in one segment: refilled out of rowid order it is in many that overlap, and every
# search would read them all.
OPTIMIZE = "INSERT INTO journal_entry_fts(journal_entry_fts) VALUES('optimize')"
# The entries outside the trash with their microsecond and their slot in it (by key).
SLOTTED = f"""(
    SELECT *, row_number() OVER (PARTITION BY at ORDER BY id) - 1 AS slot FROM (
        SELECT {_microsecond("happened_at")} AS at, id, owner_id, title, body, insight
        FROM journal_entry WHERE deleted_at IS NULL
    )
)"""
SQLITE_FORWARD = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    "DELETE FROM journal_entry_fts",
    f"CREATE TRIGGER journal_entry_fts_insert AFTER INSERT ON journal_entry BEGIN {INSERT_NEW} END",
    f"""
    CREATE TRIGGER journal_entry_fts_update
    AFTER UPDATE OF title, body, insight, deleted_at, happened_at ON journal_entry
    WHEN old.title IS NOT new.title OR old.body IS NOT new.body OR old.insight IS NOT new.insight
        OR (old.deleted_at IS NULL) IS NOT (new.deleted_at IS NULL)
        OR old.happened_at IS NOT new.happened_at
    BEGIN {DELETE_OLD} {INSERT_NEW} END
    """,
    f"CREATE TRIGGER journal_entry_fts_delete AFTER DELETE ON journal_entry BEGIN {DELETE_OLD} END",
    # Every entry outside the trash, those of one microsecond in slots by key; then those past
    # a thousand in one microsecond, after all the others.
    f"INSERT INTO journal_entry_fts(rowid, entry, owner, title, body, insight) SELECT at + slot,"
    f" id, owner_id, title, body, insight FROM {SLOTTED} WHERE at IS NOT NULL AND slot < 1000",
    f"INSERT INTO journal_entry_fts(entry, owner, title, body, insight) SELECT"
    f" id, owner_id, title, body, insight FROM {SLOTTED} WHERE at IS NULL OR slot >= 1000",
    OPTIMIZE,
]
SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    "DELETE FROM journal_entry_fts",
    # 0005's triggers and its filling of the index (its first two statements make the table).
    *first.SQLITE_FORWARD[2:],
    OPTIMIZE,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                # No parameters: the statements' own "%s" (strftime's) is not a placeholder.
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("journal", "0014_entry_live_session_index")]

    operations = [migrations.RunPython(_run(SQLITE_FORWARD), _run(SQLITE_BACKWARD))]
