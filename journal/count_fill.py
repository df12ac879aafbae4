"""The theme counts (ThemeCount, ThemePairCount) refilled from the entries themselves: the first
fill in migration journal 0006, again in 0009 (first and last seen by when entries happened), and
`journal.themes.rebuild_counts()`. Plain SQL that runs on SQLite and PostgreSQL alike; no
imports, so the migrations can use it."""


def fill(time_column: str = "happened_at") -> list[str]:
    """The statements that refill the counts, first and last seen from entries' `time_column`
    (`created` before migration journal 0009 added `happened_at`)."""
    return [
        "DELETE FROM journal_themepaircount",
        "DELETE FROM journal_themecount",
        # The column is one of two names given by this code, never input.
        f"""
        INSERT INTO journal_themecount (theme_id, entries, first_seen, last_seen)
        SELECT t.theme_id, count(*), min(e.{time_column}), max(e.{time_column})
        FROM journal_entry_themes t JOIN journal_entry e ON e.id = t.entry_id
        WHERE e.deleted_at IS NULL GROUP BY t.theme_id
        """,  # noqa: S608
        """
        INSERT INTO journal_themepaircount (theme_id, other_id, entries)
        SELECT a.theme_id, b.theme_id, count(*) FROM journal_entry_themes a
        JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
        JOIN journal_entry e ON e.id = a.entry_id
        WHERE e.deleted_at IS NULL GROUP BY a.theme_id, b.theme_id
        """,
    ]


FILL = fill()
