import pytest
from django.urls import reverse
from django.utils import timezone

from journal import themes as patterns
from journal.models import Entry, Theme
from tests.helpers import client_for, query_count
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(people):
    s1 = session(people.alice, number=1, days_ago=20)
    s2 = session(people.alice, number=2, days_ago=10)
    entry(people.alice, session=s1, themes=["grief", "body"], days_ago=19)
    entry(people.alice, session=s1, themes=["grief"], days_ago=18)
    entry(people.alice, session=s2, themes=["grief", "hope"], days_ago=9)
    entry(people.alice, themes=["body", "grief"], days_ago=5)  # between sessions
    entry(people.alice, themes=["grief"], deleted_at=timezone.now())  # trash: ignored
    entry(people.bob, themes=["grief", "body"])  # someone else: ignored
    return s1, s2


def test_summary_counts_and_dates(people, journal):
    summary = patterns.theme_summary(Entry.objects.for_owner(people.alice))
    assert [(t.name, t.count) for t in summary] == [("grief", 4), ("body", 2), ("hope", 1)]
    grief = summary[0]
    assert grief.first_seen < grief.last_seen


def test_recurrence_grid_cells(people, journal):
    grid = patterns.recurrence_grid(Entry.objects.for_owner(people.alice))
    rows = {theme.name: (cells, between) for theme, cells, between in grid.rows}
    assert [s.number for s in grid.sessions] == [1, 2]
    assert rows["grief"] == ([2, 1], 1)
    assert rows["body"] == ([1, 0], 1)
    assert rows["hope"] == ([0, 1], 0)
    assert grid.max_count == 2


def test_co_occurrence_pairs(people, journal):
    pairs = patterns.co_occurrence(Entry.objects.for_owner(people.alice))
    assert [(p.a, p.b, p.count) for p in pairs] == [("body", "grief", 2), ("grief", "hope", 1)]
    grief = Theme.objects.get(owner=people.alice, slug="grief")
    together = patterns.co_occurrence(Entry.objects.for_owner(people.alice), theme=grief)
    assert {(p.b, p.count) for p in together} == {("body", 2), ("hope", 1)}


def test_theme_view_shows_patterns(people, journal):
    page = client_for(people.alice).get(reverse("journal:theme_list"))
    content = page.content.decode()
    assert "Recurring themes" in content
    assert "Across your sessions" in content
    assert 'class="heat-4">2<' in content
    assert "Often together" in content


def test_first_use_offers_starters_and_adds_chosen_ones(people):
    client = client_for(people.alice)
    page = client.get(reverse("journal:theme_list"))
    assert b"self-compassion" in page.content
    client.post(reverse("journal:theme_starters"), {"starter": ["grief", "hope", "not-a-starter"]})
    assert sorted(Theme.objects.filter(owner=people.alice).values_list("slug", flat=True)) == [
        "grief", "hope",
    ]  # fmt: skip
    assert b"Suggested themes" not in client.get(reverse("journal:theme_list")).content


def test_theme_detail_lists_entries_in_time_order(people, journal):
    page = client_for(people.alice).get(reverse("journal:theme_detail", args=["body"]))
    assert page.status_code == 200
    assert page.content.decode().count('class="card entry-card"') == 2


def test_rename_and_collision(people, journal):
    client = client_for(people.alice)
    response = client.post(reverse("journal:theme_rename", args=["hope"]), {"name": "Body"})
    assert response.status_code == 200
    assert b"already have a theme" in response.content
    response = client.post(reverse("journal:theme_rename", args=["hope"]), {"name": "Hope 🌱"})
    assert response.status_code == 302
    assert Theme.objects.filter(owner=people.alice, name="Hope 🌱").exists()


def test_merge_moves_entries_without_duplicates(people, journal):
    body = Theme.objects.get(owner=people.alice, slug="body")
    client = client_for(people.alice)
    client.post(reverse("journal:theme_merge", args=["body"]),
                {"into": Theme.objects.get(owner=people.alice, slug="grief").pk})  # fmt: skip
    assert not Theme.objects.filter(pk=body.pk).exists()
    summary = patterns.theme_summary(Entry.objects.for_owner(people.alice))
    assert [(t.name, t.count) for t in summary] == [("grief", 4), ("hope", 1)]


def test_cannot_merge_into_a_strangers_theme(people, journal):
    bobs = Theme.objects.get(owner=people.bob, slug="grief")
    client_for(people.alice).post(reverse("journal:theme_merge", args=["body"]), {"into": bobs.pk})
    assert Theme.objects.filter(owner=people.alice, slug="body").exists()
    assert bobs.entries.count() == 1


def test_delete_keeps_entries(people, journal):
    client = client_for(people.alice)
    assert (
        b"2 entries are tagged"
        in client.get(reverse("journal:theme_delete", args=["body"])).content
    )
    client.post(reverse("journal:theme_delete", args=["body"]))
    assert not Theme.objects.filter(owner=people.alice, slug="body").exists()
    assert Entry.objects.filter(owner=people.alice).count() == 5


def test_strangers_get_404(people, journal):
    bob = client_for(people.bob)
    Theme.objects.filter(owner=people.bob, slug="body").delete()
    for name in ("theme_detail", "theme_delete"):
        assert bob.get(reverse(f"journal:{name}", args=["hope"])).status_code == 404
    for name in ("theme_rename", "theme_merge", "theme_delete"):
        assert bob.post(reverse(f"journal:{name}", args=["hope"]), {"name": "x"}).status_code == 404
    assert Theme.objects.filter(owner=people.alice, slug="hope").exists()


def test_login_and_methods(client, people, journal):
    assert client.get(reverse("journal:theme_list")).status_code == 302
    assert client.get(reverse("journal:theme_detail", args=["hope"])).status_code == 302
    alice = client_for(people.alice)
    assert alice.get(reverse("journal:theme_rename", args=["hope"])).status_code == 405
    assert alice.get(reverse("journal:theme_merge", args=["hope"])).status_code == 405
    assert alice.get(reverse("journal:theme_starters")).status_code == 405
    assert alice.post(reverse("journal:theme_list")).status_code == 405


def test_theme_view_query_count_is_constant(people, journal):
    client = client_for(people.alice)
    url = reverse("journal:theme_list")
    few = query_count(client, url)
    for i in range(40):
        entry(people.alice, themes=[f"theme {i % 15}", "grief"], session=journal[i % 2])
    assert query_count(client, url) == few
    detail = reverse("journal:theme_detail", args=["grief"])
    before = query_count(client, detail)
    for _ in range(10):
        entry(people.alice, themes=["grief", "new"])
    assert query_count(client, detail) == before
