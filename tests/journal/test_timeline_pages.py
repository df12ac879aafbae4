import pytest
from django.urls import reverse

from tests.helpers import client_for, query_count
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def test_timeline_pages_through_sessions_with_their_entries(people):
    sessions = [session(people.alice, number=n, days_ago=100 - n * 5) for n in range(1, 13)]
    for s in sessions:
        entry(people.alice, title=f"about {s.number}", session=s, phase="after")
    entry(people.alice, title="long ago", days_ago=200)
    client = client_for(people.alice)
    first = client.get(reverse("journal:timeline")).content.decode()
    assert "Session 12" in first and "about 12" in first and "Session 5" in first
    assert "Session 4<" not in first and "about 4<" not in first and "long ago" not in first
    second = client.get(reverse("journal:timeline") + "?page=2").content.decode()
    assert "Session 4" in second and "about 1<" in second and "long ago" in second
    assert "about 12" not in second


def test_timeline_query_count_does_not_grow(people):
    client = client_for(people.alice)
    s = session(people.alice)
    entry(people.alice, session=s)
    url = reverse("journal:timeline")
    few = query_count(client, url)
    for n in range(30):
        entry(people.alice, session=session(people.alice, number=n + 2, days_ago=n), themes=["x"])
    assert query_count(client, url) == few
