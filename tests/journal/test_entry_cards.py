"""Entry cards on the journal list: what each card shows, in the reader's time zone, escaped."""

import datetime as dt
import zoneinfo

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from tests.helpers import client_for, make_user
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def test_a_card_shows_title_date_phase_session_excerpt_and_theme_links():
    owner = make_user("cards@example.org")
    number_seven = session(owner, number=7)
    item = entry(
        owner,
        "Morning by the river",
        "The **water** was calm.",
        themes=["calm", "river"],
        session=number_seven,
        phase="after",
    )
    html = client_for(owner).get(reverse("journal:entry_list")).content.decode()
    assert f'<a href="{item.get_absolute_url()}">Morning by the river</a>' in html
    assert "Right after · Session 7" in html
    assert '<p class="entry-card__excerpt">The water was calm.</p>' in html
    assert (
        '<ul class="tag-list" aria-label="Themes"><li><a class="tag" href="/journal/themes/calm/">'
        'calm</a></li><li><a class="tag" href="/journal/themes/river/">river</a></li></ul>'
    ) in html


def test_a_card_without_themes_has_no_empty_tag_list():
    owner = make_user("bare-card@example.org")
    entry(owner, "Plain")
    html = client_for(owner).get(reverse("journal:entry_list")).content.decode()
    assert "Plain" in html
    assert 'class="tag-list"' not in html


def test_theme_names_and_titles_are_escaped_on_cards():
    owner = make_user("escape-card@example.org")
    entry(owner, "<i>title</i>", themes=["<b>bold</b> & co"])
    html = client_for(owner).get(reverse("journal:entry_list")).content.decode()
    assert "<b>bold</b>" not in html and "<i>title</i>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co</a>" in html
    assert "&lt;i&gt;title&lt;/i&gt;" in html


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles", "UTC"])
def test_card_dates_are_the_readers_local_date_as_the_date_filter_writes_it(zone):
    owner = make_user(f"zone-{zone.replace('/', '-').lower()}@example.org", time_zone=zone)
    # 23:30 UTC on a Saturday: already Sunday in Auckland, still Saturday afternoon in LA.
    moment = dt.datetime(2026, 2, 28, 23, 30, tzinfo=dt.UTC)
    item = entry(owner, "Late")
    type(item).objects.filter(pk=item.pk).update(happened_at=moment)
    html = client_for(owner).get(reverse("journal:entry_list")).content.decode()
    expected = date_filter(timezone.localtime(moment, zoneinfo.ZoneInfo(zone)), "D, M j, Y")
    assert expected == {"Pacific/Auckland": "Sun, Mar 1, 2026"}.get(zone, "Sat, Feb 28, 2026")
    assert f'<time datetime="{moment.isoformat()}">{expected}</time>' in html


def _card_pages(owner, with_session, loose):
    """Every page that lists entries as cards, with the entry each should show."""
    between = f"{reverse('journal:timeline_between')}?before=2999-01-01T00:00:00%2B00:00"
    return [
        (reverse("journal:entry_list"), with_session),
        (reverse("journal:timeline"), with_session),
        (reverse("journal:session_detail", args=[with_session.session_id]), with_session),
        (f"{reverse('journal:search')}?q=harbour", with_session),
        (between, loose),
        (reverse("journal:timeline"), loose),
    ]


def test_every_list_of_entries_shows_the_same_card_with_its_themes():
    owner = make_user("every-list@example.org")
    number_three = session(owner, number=3)
    with_session = entry(
        owner,
        "At the harbour",
        "Boats & <gulls>.",
        themes=["sea", "calm"],
        session=number_three,
        phase="integration",
    )
    loose = entry(owner, "A quiet Tuesday", "Nothing much.", themes=["rest"], days_ago=2)
    client = client_for(owner)
    for url, shown in _card_pages(owner, with_session, loose):
        html = client.get(url).content.decode()
        assert f'<a href="{shown.get_absolute_url()}">{shown.title}</a>' in html, url
        tags = [t.name for t in shown.themes.order_by("name")]
        links = "".join(
            f'<li><a class="tag" href="/journal/themes/{name}/">{name}</a></li>' for name in tags
        )
        assert f'<ul class="tag-list" aria-label="Themes">{links}</ul>' in html, url
    session_page = client.get(reverse("journal:session_detail", args=[number_three.pk]))
    assert "Integration · Session 3" in session_page.content.decode()


def test_search_cards_show_the_escaped_snippet_instead_of_the_excerpt():
    owner = make_user("snippet-card@example.org")
    entry(owner, "Tide", "Before the words. The <b>harbour</b> & the boats. After them.")
    html = client_for(owner).get(reverse("journal:search"), {"q": "harbour"}).content.decode()
    card = html[html.index('<li class="card entry-card">') :]
    card = card[: card.index("</li>")]
    assert "<b>" not in card  # escaped (SQLite) or left out as markup (PostgreSQL's headline)
    assert "<mark>harbour</mark>" in card and "&amp; the boats" in card
    assert card.count('class="entry-card__excerpt"') == 1


def test_an_entry_without_a_title_or_excerpt_still_has_a_named_card():
    owner = make_user("untitled-card@example.org")
    item = entry(owner, "", "")
    html = client_for(owner).get(reverse("journal:entry_list")).content.decode()
    assert f'<a href="{item.get_absolute_url()}">Untitled entry</a>' in html
    assert 'class="entry-card__excerpt"' not in html


def test_card_heading_levels_follow_the_page_outline():
    owner = make_user("levels-card@example.org")
    number_one = session(owner)
    entry(owner, "Heading check", session=number_one)
    client = client_for(owner)
    listed = client.get(reverse("journal:entry_list")).content.decode()
    on_session = client.get(reverse("journal:session_detail", args=[number_one.pk])).content
    assert '<h2 class="entry-card__title">' in listed
    assert '<h4 class="entry-card__title">' in on_session.decode()


def test_theme_tags_are_each_entrys_own_themes_by_name_as_the_orm_gives_them():
    """with_theme_tags() reads every entry's tags in one query; each must be its own, by name."""
    from journal.models import Entry, with_theme_tags

    owner = make_user("tags-sql@example.org")
    other = make_user("tags-sql-other@example.org")
    entry(owner, "one", themes=["Zebra", "apple", "Ärger", "日本", "grief"])
    entry(owner, "two")
    entry(owner, "three", themes=["grief", "hope", "apple"])
    entry(other, "not hers", themes=["apple", "secret"])
    tagged = with_theme_tags(Entry.objects.filter(owner=owner).order_by("title"))
    assert [e.title for e in tagged] == ["one", "three", "two"]
    for item in tagged:
        expected = list(item.themes.order_by("name", "slug").values_list("name", "slug"))
        assert [(t.name, t.slug) for t in item.theme_list] == expected
    assert len(tagged[0].theme_list) == 5
    assert tagged[2].theme_list == []
    assert with_theme_tags([]) == []
