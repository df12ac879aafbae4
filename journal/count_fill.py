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

# Who sees an entry through a share: an active share of it, made by its owner (the shares
# `care.access.visible_entry_shares` walks), to an entry outside the trash.
_SHARED = """
    FROM care_share s JOIN journal_entry e
        ON e.id = s.entry_id AND e.owner_id = s.owner_id AND e.deleted_at IS NULL
"""

# The Shared* counts (migration journal 0011) refilled from the shares and entries.
SHARED_FILL = [
    "DELETE FROM journal_sharedthemepaircount",
    "DELETE FROM journal_sharedthemecount",
    "DELETE FROM journal_sharedsessioncount",
    "DELETE FROM journal_sharedentrycount",
    f"""
    INSERT INTO journal_sharedentrycount (recipient_id, owner_id, entries)
    SELECT s.recipient_id, e.owner_id, count(*) {_SHARED}
    WHERE s.revoked_at IS NULL GROUP BY s.recipient_id, e.owner_id
    """,  # noqa: S608
    f"""
    INSERT INTO journal_sharedsessioncount (recipient_id, owner_id, session_id, entries)
    SELECT s.recipient_id, e.owner_id, e.session_id, count(*) {_SHARED}
    WHERE s.revoked_at IS NULL AND e.session_id IS NOT NULL
    GROUP BY s.recipient_id, e.owner_id, e.session_id
    """,  # noqa: S608
    f"""
    INSERT INTO journal_sharedthemecount
        (recipient_id, owner_id, theme_id, entries, between_sessions, first_seen, last_seen)
    SELECT s.recipient_id, e.owner_id, t.theme_id, count(*),
        sum(CASE WHEN e.session_id IS NULL THEN 1 ELSE 0 END), min(e.happened_at),
        max(e.happened_at)
    {_SHARED} JOIN journal_entry_themes t ON t.entry_id = e.id
    WHERE s.revoked_at IS NULL GROUP BY s.recipient_id, e.owner_id, t.theme_id
    """,  # noqa: S608
    f"""
    INSERT INTO journal_sharedthemepaircount (recipient_id, owner_id, theme_id, other_id, entries)
    SELECT s.recipient_id, e.owner_id, a.theme_id, b.theme_id, count(*)
    {_SHARED} JOIN journal_entry_themes a ON a.entry_id = e.id
    JOIN journal_entry_themes b ON b.entry_id = a.entry_id AND a.theme_id < b.theme_id
    WHERE s.revoked_at IS NULL GROUP BY s.recipient_id, e.owner_id, a.theme_id, b.theme_id
    """,  # noqa: S608
]

# ThemeCount's "between sessions" (migration journal 0012), after FILL.
BETWEEN_FILL = [
    """
    UPDATE journal_themecount SET between_sessions = (
        SELECT count(*) FROM journal_entry_themes t JOIN journal_entry e ON e.id = t.entry_id
        WHERE t.theme_id = journal_themecount.theme_id
            AND e.deleted_at IS NULL AND e.session_id IS NULL
    )
    """,
]
