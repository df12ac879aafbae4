"""Known journal data for the theme tests: alice's entries, one in the trash, and bob's."""

from dataclasses import dataclass

from django.utils import timezone

from journal.models import Entry, TreatmentSession
from tests.journal.factories import entry, session


@dataclass
class ThemeJournal:
    s1: TreatmentSession
    s2: TreatmentSession
    s3: TreatmentSession
    first: Entry  # the oldest entry with "grief" and "body"
    between: Entry  # the newest, tied to no session


def make_theme_journal(people) -> ThemeJournal:
    alice, bob = people.alice, people.bob
    s1 = session(alice, number=1, days_ago=20)
    s2 = session(alice, number=2, days_ago=10)
    s3 = session(alice, number=3, days_ago=2)
    first = entry(alice, "First", session=s1, themes=["grief", "body"], days_ago=19)
    entry(alice, "Second", session=s1, themes=["grief"], days_ago=18)
    entry(alice, "Third", session=s2, themes=["grief", "hope"], days_ago=9)
    between = entry(alice, "Between", themes=["body", "grief"], days_ago=5)
    entry(alice, "Untagged", session=s3, days_ago=1)
    # In the trash: counts nowhere, but keeps its themes ("fear" is on nothing else).
    entry(alice, "Trashed", session=s2, themes=["grief", "hope", "fear"], deleted_at=timezone.now())
    # Someone else's, with the same theme names.
    entry(bob, "Bob's", session=session(bob, number=1), themes=["grief", "body"], days_ago=3)
    return ThemeJournal(s1, s2, s3, first, between)
