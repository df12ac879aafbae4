"""The theme view: every theme, the recurrence grid, pairs, and starters on first use."""

import pytest
from django.urls import reverse

from journal.models import Theme
from tests.helpers import client_for, query_count
from tests.journal.factories import entry, session
from tests.journal.themes_data import make_theme_journal

pytestmark = pytest.mark.django_db
URL = reverse("journal:theme_list")


@pytest.fixture
def journal(people):
    return make_theme_journal(people)


def test_it_works(people, journal):
    response = client_for(people.alice).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your themes" in page
    assert "Across your sessions" in page
    assert "Often together" in page
    assert "Suggested themes" not in page  # she already has themes


def test_it_lists_every_theme_with_counts(people, journal):
    page = client_for(people.alice).get(URL)
    summary = page.context["summary"]
    assert [(t.name, t.count) for t in summary] == [("grief", 4), ("body", 2), ("hope", 1)]
    # "fear" is only on a trashed entry: listed as not used yet, with no count.
    assert [t.name for t in page.context["unused"]] == ["fear"]
    assert "Not on any entry yet" in page.content.decode()


def test_grid_is_an_accessible_shaded_table(people, journal):
    page = client_for(people.alice).get(URL).content.decode()
    assert "<caption" in page
    assert '<th scope="col" class="heat-table__session">Session 3' in page
    assert '<th scope="col" class="heat-table__session">Between sessions</th>' in page
    assert '<td class="heat heat-4">2</td>' in page  # grief × session 1
    assert '<td class="heat heat-0">0</td>' in page


def test_it_shows_pairs(people, journal):
    pairs = client_for(people.alice).get(URL).context["pairs"]
    assert [(p.a.name, p.b.name, p.count) for p in pairs] == [
        ("body", "grief", 2),
        ("grief", "hope", 1),
    ]


def test_it_shows_nothing_of_other_people(people, journal):
    Theme.objects.create(owner=people.bob, name="bobs secret", slug="bobs-secret")
    page = client_for(people.alice).get(URL).content.decode()
    assert "bobs secret" not in page


def test_first_use_offers_starters(people):
    page = client_for(people.alice).get(URL).content.decode()
    assert "Suggested themes" in page
    assert 'value="self-compassion"' in page
    assert "checked" not in page  # offered, never pre-ticked


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_rejects_post(people):
    assert client_for(people.alice).post(URL).status_code == 405


def test_colour_shows_as_a_class(people, journal):
    Theme.objects.filter(owner=people.alice, slug="hope").update(colour="sky")
    page = client_for(people.alice).get(URL).content.decode()
    assert 'class="theme-dot theme-colour--sky"' in page
    assert "style=" not in page


def test_query_count_does_not_grow_with_entries(people):
    client = client_for(people.alice)
    sessions = [session(people.alice, number=n, days_ago=60 - n) for n in range(1, 6)]
    for i in range(5):
        entry(people.alice, session=sessions[i % 5], themes=[f"t{i % 4}", "grief"])
    few = query_count(client, URL)
    for i in range(45):
        entry(people.alice, session=sessions[i % 5], themes=[f"t{i % 9}", "grief", "hope"])
    for i in range(5):
        session(people.alice, number=10 + i, days_ago=20 - i)
        entry(people.alice, themes=[f"t{i}"])
    many = query_count(client, URL)
    assert many == few
    assert many <= 15  # session, user and nav queries, plus five for the page


def test_theme_names_are_escaped_coloured_and_linked_in_every_table(people):
    first = session(people.alice, number=1)
    hostile = '<b>"x"</b> & co'
    for title in ("One", "Two"):
        entry(people.alice, title, themes=[hostile, "calm"], session=first)
    Theme.objects.filter(owner=people.alice, name=hostile).update(colour="rose")
    theme = Theme.objects.get(owner=people.alice, name=hostile)
    page = client_for(people.alice).get(URL).content.decode()
    assert "<b>" not in page
    shown = (
        '<span class="theme-dot theme-colour--rose" aria-hidden="true"></span>'
        f'<a href="{theme.get_absolute_url()}">&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; co</a>'
    )
    assert page.count(shown) == 3  # the table, the grid's row and the pair


def sessions_with_grief(owner, count):
    for number in range(1, count + 1):
        around = session(owner, number=number, days_ago=count + 2 - number)
        entry(owner, title=f"After {number}", session=around, phase="after", themes=["grief"])
    entry(owner, title="A quiet day", themes=["grief"])  # between sessions


def test_the_grid_shows_the_latest_sessions_and_pages_back_to_earlier_ones(people):
    sessions_with_grief(people.alice, 15)
    client = client_for(people.alice)
    latest = client.get(URL)
    grid = latest.context["grid"]
    assert [s.number for s in grid.sessions] == list(range(4, 16))  # oldest first
    assert [c.count for c in grid.rows[0].cells] == [1] * 12 and grid.rows[0].between.count == 1
    page = latest.content.decode()
    assert "by session: sessions 4 to 15" in page
    assert 'href="?sessions=2#grid-heading">Earlier sessions</a>' in page
    assert "Later sessions" not in page
    earlier = client.get(URL, {"sessions": 2})
    assert [s.number for s in earlier.context["grid"].sessions] == [1, 2, 3]
    page = earlier.content.decode()
    assert 'href="?sessions=1#grid-heading">Later sessions</a>' in page
    assert "Earlier sessions" not in page
    for nonsense in ("0", "abc", "999", "-1"):  # a page that is not there shows one that is
        assert client.get(URL, {"sessions": nonsense}).status_code == 200


def test_a_short_treatment_has_one_grid_page_and_no_page_links(people):
    sessions_with_grief(people.alice, 3)
    page = client_for(people.alice).get(URL).content.decode()
    assert "Earlier sessions" not in page and "by session: sessions" not in page


def test_the_grid_costs_the_same_for_15_or_40_sessions(people):
    client = client_for(people.alice)
    sessions_with_grief(people.alice, 15)
    few = query_count(client, URL)
    for number in range(16, 41):
        entry(
            people.alice,
            title=f"After {number}",
            session=session(people.alice, number=number, days_ago=0),
            themes=["grief", "hope"],
        )
    assert query_count(client, URL) == few
    assert len(client.get(URL).context["grid"].sessions) == 12


def test_a_long_list_of_themes_opens_on_the_most_frequent_and_shows_all_on_request(people):
    from journal.themes import LIST_THEMES

    for number in range(LIST_THEMES + 3):
        entry(people.alice, title=f"E{number}", themes=[f"theme {number:02}"])
    entry(people.alice, title="Grief twice", themes=["theme 00"])
    Theme.objects.get_or_create_named(people.alice, ["never used", "also unused"])
    client = client_for(people.alice)
    short = client.get(URL)
    assert len(short.context["summary"]) == LIST_THEMES
    assert short.context["summary"][0].name == "theme 00"  # the most frequent first
    page = short.content.decode()
    total = LIST_THEMES + 5
    assert f"The {LIST_THEMES} you use most, of {total}." in page
    assert f'href="?themes=all#all-heading">Show all {total} themes</a>' in page
    assert "Not on any entry yet" not in page
    # The grid names how many themes are on entries, not only the ones in the short list.
    assert short.context["grid"].total_themes == LIST_THEMES + 3
    assert f"(the 12 most frequent themes of {LIST_THEMES + 3})" in page
    everything = client.get(URL, {"themes": "all"})
    assert len(everything.context["summary"]) == LIST_THEMES + 3
    assert {t.name for t in everything.context["unused"]} == {"never used", "also unused"}
    assert "Show the most frequent only" in everything.content.decode()
