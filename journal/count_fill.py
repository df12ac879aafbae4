"""The theme counts (ThemeCount, ThemePairCount) refilled from the entries themselves: the first
fill in migration journal 0006, and `journal.themes.rebuild_counts()`. Plain SQL that runs on
SQLite and PostgreSQL alike; no imports, so the migration can use it."""

FILL = [
    "DELETE FROM journal_themepaircount",
    "DELETE FROM journal_themecount",
    """
    INSERT INTO journal_themecount (theme_id, entries, first_seen, last_seen)
    SELECT t.theme_id, count(*), min(e.created), max(e.created)
    FROM journal_entry_themes t JOIN journal_entry e ON e.id = t.entry_id
    WHERE e.deleted_at IS NULL GROUP BY t.theme_id
    """,
    """
    INSERT INTO journal_themepaircount (theme_id, other_id, entries)
    SELECT a.theme_id, b.theme_id, count(*) FROM journal_entry_themes a
    JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
    JOIN journal_entry e ON e.id = a.entry_id
    WHERE e.deleted_at IS NULL GROUP BY a.theme_id, b.theme_id
    """,
]
