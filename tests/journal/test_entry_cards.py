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
    item = entry(owner, "Morning by the river", "The **water** was calm.", themes=["calm", "river"],
                 session=number_seven, phase="after")  # fmt: skip
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
    type(item).objects.filter(pk=item.pk).update(created=moment)
    html = client_for(owner).get(reverse("journal:entry_list")).content.decode()
    expected = date_filter(timezone.localtime(moment, zoneinfo.ZoneInfo(zone)), "D, M j, Y")
    assert expected == {"Pacific/Auckland": "Sun, Mar 1, 2026"}.get(zone, "Sat, Feb 28, 2026")
    assert f'<time datetime="{moment.isoformat()}">{expected}</time>' in html
