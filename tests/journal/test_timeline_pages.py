import re

import pytest
from django.urls import reverse

from tests.helpers import client_for
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'entry-card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_timeline_pages_by_session_and_every_entry_appears_once(people):
    client = client_for(people.alice)
    for n in range(1, 11):  # sessions 70, 63, ... 7 days ago
        s = session(people.alice, number=n, days_ago=77 - 7 * n)
        entry(people.alice, title=f"s{n}-after", session=s, phase="after", days_ago=76 - 7 * n)
        entry(people.alice, title=f"loose-after-s{n}", days_ago=75 - 7 * n)
    entry(people.alice, title="before-everything", days_ago=200)
    entry(people.bob, title="bob's", days_ago=3)
    url = reverse("journal:timeline")
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    third = client.get(url + "?page=3").content.decode()
    assert "Session 10" in first and "Session 7" in first and "Session 6" not in first
    assert "Session 6" in second and "Session 3" in second and "Session 2" not in second
    assert "Session 2" in third and "Session 1<" in third
    assert titles(first)[:2] == ["loose-after-s10", "s10-after"]  # newest first
    assert titles(first)[-2:] == ["loose-after-s7", "s7-after"]
    assert titles(third)[-1] == "before-everything"
    seen = titles(first) + titles(second) + titles(third)
    assert len(seen) == len(set(seen)) == 21
    assert "bob" not in first + second + third
    assert "Earlier sessions" in first and "Newer sessions" in third


def test_timeline_without_sessions_lists_loose_entries(people):
    entry(people.alice, title="just writing")
    html = client_for(people.alice).get(reverse("journal:timeline")).content.decode()
    assert titles(html) == ["just writing"]
    assert "Between sessions" in html


def test_a_long_stretch_between_sessions_links_to_its_earlier_entries(people):
    session(people.alice, number=1, days_ago=60)
    for n in range(20):
        entry(people.alice, title=f"day {n}", days_ago=50 - n)
    html = client_for(people.alice).get(reverse("journal:timeline")).content.decode()
    assert len(titles(html)) == 15
    assert "day 19" in html and "day 4<" not in html
    assert "5 earlier entries from this stretch" in html
