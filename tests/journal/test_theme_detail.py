"""One theme's page: its entries in time order with excerpts, and the themes it meets."""

import datetime as dt

import pytest
from django.urls import reverse

from journal.models import Theme
from tests.helpers import client_for, query_count
from tests.journal.factories import entry
from tests.journal.themes_data import make_theme_journal

pytestmark = pytest.mark.django_db


def url(slug):
    return reverse("journal:theme_detail", args=[slug])


@pytest.fixture
def journal(people):
    return make_theme_journal(people)


def test_it_works(people, journal):
    response = client_for(people.alice).get(url("grief"))
    assert response.status_code == 200
    page = response.content.decode()
    titles = [e.title for e in response.context["page"]]
    assert titles == ["First", "Second", "Third", "Between"]  # oldest first, no trash
    assert "On 4 entries" in page
    assert "Session 1" in page and "Between sessions" in page
    assert "Right after" in page or "Free writing" in page
    assert reverse("journal:entry_detail", args=[journal.first.pk]) in page


def test_it_shows_plain_excerpts(people, journal):
    entry(
        people.alice,
        "Marked up",
        body="**Bold** words and a [link](https://example.org) " + "long " * 80,
        themes=["hope"],
    )
    page = client_for(people.alice).get(url("hope")).content.decode()
    assert "Bold words and a link long" in page
    assert "<strong>Bold" not in page
    assert "long long…" in page


def test_it_lists_themes_that_occur_with_it(people, journal):
    together = client_for(people.alice).get(url("grief")).context["together"]
    assert [(p.b.name, p.count) for p in together] == [("body", 2), ("hope", 1)]


def test_unicode_slug(people):
    entry(people.alice, themes=["Trauer ü 🌊"])
    theme = Theme.objects.get(owner=people.alice)
    assert theme.slug == "trauer-ü"
    assert client_for(people.alice).get(url(theme.slug)).status_code == 200


def test_a_theme_called_new_or_starters_keeps_its_page(people):
    entry(people.alice, themes=["new", "starters"])
    client = client_for(people.alice)
    assert client.get(url("new")).context["theme"].name == "new"
    assert client.get(url("starters")).context["theme"].name == "starters"


def test_it_checks_owner(people, journal):
    bob = client_for(people.bob)
    assert bob.get(url("hope")).status_code == 404  # alice's only
    # Bob has his own "grief": he sees his own, never alice's entries.
    response = bob.get(url("grief"))
    assert [e.title for e in response.context["page"]] == ["Bob's"]


def test_it_requires_login(client, people, journal):
    response = client.get(url("grief"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_rejects_post(people, journal):
    assert client_for(people.alice).post(url("grief")).status_code == 405


def test_unknown_theme_is_404(people):
    assert client_for(people.alice).get(url("nothing-here")).status_code == 404


def test_query_count_does_not_grow_with_entries(people, journal):
    client = client_for(people.alice)
    few = query_count(client, url("grief"))
    for i in range(45):
        entry(people.alice, session=journal.s2, themes=["grief", f"other {i % 7}"])
    assert query_count(client, url("grief")) == few


def test_dates_read_like_the_rest_of_the_journal(people):
    item = entry(people.alice, "Dated", themes=["tide", "moon"])
    type(item).objects.filter(pk=item.pk).update(
        happened_at=dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)
    )
    page = client_for(people.alice).get(url("tide")).content.decode()
    # The lead and the entry card, in the one day style (integration_journal/templatetags/dates.py).
    assert "first on <time" in page and page.count(">Wed, Mar 4, 2026</time>") == 2
    assert "4 Mar" not in page
    themes = client_for(people.alice).get(reverse("journal:theme_list")).content.decode()
    themes = themes.replace("\u00a0", " ")  # the table keeps a date on one line (breaks_at_commas)
    assert ">Wed, Mar 4, 2026</time>" in themes and "4 Mar 2026" not in themes


def test_each_card_links_the_entrys_other_themes_not_this_one(people):
    entry(people.alice, "Both", themes=["grief", "père & fils"])
    page = client_for(people.alice).get(url("grief")).content.decode()
    other = Theme.objects.get(owner=people.alice, name="père & fils")
    assert f'<a class="tag" href="{url(other.slug)}">père &amp; fils</a>' in page
    assert f'<a class="tag" href="{url("grief")}">' not in page
