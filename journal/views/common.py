"""What the journal's views share: how many cards a page holds and the owner's entries
loaded for a page."""

from __future__ import annotations

from journal.models import Entry

PAGE_SIZE = 20
SEARCH_LIMIT = 50


def owner_entries(user):
    """The owner's entries with their session joined."""
    return Entry.objects.for_owner(user).select_related("session")


def owner_cards(user):
    """The owner's entries, loaded for entry cards only."""
    return Entry.objects.for_owner(user).for_cards()


def draft_key(entry: Entry | None) -> str:
    return f"entry:{entry.pk}" if entry else "entry:new"
