"""journal.themes: summary, recurrence grid and co-occurrence, computed by the database."""

import datetime as dt

import pytest
from django.utils import timezone

from integration_journal.markdown import EXCERPT_LENGTH, plain_excerpt
from journal import themes as patterns
from journal.models import Entry, Theme
from tests.journal.factories import entry
from tests.journal.themes_data import make_theme_journal

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(people):
    return make_theme_journal(people)


def alices(people):
    return Entry.objects.for_owner(people.alice)


def test_summary_counts_most_frequent_first(people, journal):
    summary = patterns.theme_summary(alices(people))
    assert [(t.name, t.count) for t in summary] == [("grief", 4), ("body", 2), ("hope", 1)]


def test_summary_first_and_last_seen(people, journal):
    by_name = {t.name: t for t in patterns.theme_summary(alices(people))}
    assert by_name["grief"].first_seen == journal.first.created
    assert by_name["grief"].last_seen == journal.between.created
    assert by_name["hope"].first_seen == by_name["hope"].last_seen


def test_summary_leaves_out_trash_and_other_people(people, journal):
    names = {t.name for t in patterns.theme_summary(alices(people))}
    assert "fear" not in names  # only on a trashed entry
    bobs = patterns.theme_summary(Entry.objects.for_owner(people.bob))
    assert [(t.name, t.count) for t in bobs] == [("body", 1), ("grief", 1)]
    assert {t.id for t in bobs}.isdisjoint({t.id for t in patterns.theme_summary(alices(people))})


def test_summary_follows_the_callers_queryset(people, journal):
    recent = alices(people).filter(created__gte=timezone.now() - dt.timedelta(days=10))
    summary = patterns.theme_summary(recent)
    assert [(t.name, t.count) for t in summary] == [("grief", 2), ("body", 1), ("hope", 1)]
    only_s1 = patterns.theme_summary(alices(people).filter(session=journal.s1))
    assert [(t.name, t.count) for t in only_s1] == [("grief", 2), ("body", 1)]


def test_summary_is_one_query(people, journal, django_assert_num_queries):
    with django_assert_num_queries(1):
        patterns.theme_summary(alices(people))


def test_recurrence_grid_cells(people, journal):
    grid = patterns.recurrence_grid(alices(people))
    assert [s.number for s in grid.sessions] == [1, 2, 3]
    rows = {r.theme.name: ([c.count for c in r.cells], r.between.count) for r in grid.rows}
    assert rows == {
        "grief": ([2, 1, 0], 1),
        "body": ([1, 0, 0], 1),
        "hope": ([0, 1, 0], 0),
    }
    assert [r.theme.name for r in grid.rows] == ["grief", "body", "hope"]
    assert grid.max_count == 2
    assert not grid.is_truncated


def test_recurrence_grid_shading_levels(people, journal):
    grief = patterns.recurrence_grid(alices(people)).rows[0]
    assert [c.level for c in grief.cells] == [4, 2, 0]
    assert grief.between.level == 2


def test_recurrence_grid_limits_themes(people, journal):
    grid = patterns.recurrence_grid(alices(people), max_themes=2)
    assert [r.theme.name for r in grid.rows] == ["grief", "body"]
    assert grid.total_themes == 3
    assert grid.is_truncated


def test_recurrence_grid_cells_are_one_query(people, journal, django_assert_num_queries):
    summary = patterns.theme_summary(alices(people))
    with django_assert_num_queries(2):  # the sessions, then every cell at once
        patterns.recurrence_grid(alices(people), summary=summary)


def test_recurrence_grid_of_nothing(people):
    grid = patterns.recurrence_grid(alices(people))
    assert (grid.rows, grid.sessions, grid.max_count) == ([], [], 0)


def test_co_occurrence_pairs(people, journal):
    pairs = patterns.co_occurrence(alices(people))
    assert [(p.a.name, p.b.name, p.count) for p in pairs] == [
        ("body", "grief", 2),
        ("grief", "hope", 1),
    ]


def test_co_occurrence_for_one_theme(people, journal):
    grief = Theme.objects.get(owner=people.alice, slug="grief")
    together = patterns.co_occurrence(alices(people), theme=grief)
    assert [(p.a.name, p.b.name, p.count) for p in together] == [
        ("grief", "body", 2),
        ("grief", "hope", 1),
    ]


def test_co_occurrence_leaves_out_trash_and_counts_entries_once(people, journal):
    entry(people.alice, themes=["hope", "fear", "grief"])
    pairs = {(p.a.name, p.b.name): p.count for p in patterns.co_occurrence(alices(people))}
    assert pairs == {
        ("body", "grief"): 2,
        ("grief", "hope"): 2,
        ("fear", "grief"): 1,
        ("fear", "hope"): 1,
    }


def test_co_occurrence_limit_and_one_query(people, journal, django_assert_num_queries):
    with django_assert_num_queries(1):
        pairs = patterns.co_occurrence(alices(people), limit=1)
    assert [(p.a.name, p.b.name) for p in pairs] == [("body", "grief")]


def test_theme_entries_in_time_order(people, journal):
    grief = Theme.objects.get(owner=people.alice, slug="grief")
    titles = [e.title for e in patterns.theme_entries(alices(people), grief)]
    assert titles == ["First", "Second", "Third", "Between"]


def test_theme_stat(people, journal):
    body = Theme.objects.get(owner=people.alice, slug="body")
    stat = patterns.theme_stat(alices(people), body)
    assert (stat.count, stat.first_seen, stat.last_seen) == (
        2,
        journal.first.created,
        journal.between.created,
    )


def test_excerpt_strips_tags_and_shortens():
    html = "<p>Hello <strong>there</strong></p>\n<p>" + "word " * 100 + "</p>"
    text = plain_excerpt(html)
    assert text.startswith("Hello there word")
    assert "<" not in text
    assert len(text) <= EXCERPT_LENGTH
    assert plain_excerpt('<p>cut off <a href="https://exa') == "cut off"
    assert plain_excerpt("<p>Tea &amp; toast &lt;3</p>") == "Tea & toast <3"


def test_merge_moves_entries_without_duplicates(people, journal):
    only_body = entry(people.alice, "Only body", themes=["body"])
    grief = Theme.objects.get(owner=people.alice, slug="grief")
    body = Theme.objects.get(owner=people.alice, slug="body")
    moved = patterns.merge_themes(source=body, target=grief)
    assert moved == 1  # the two other entries with "body" already had "grief"
    assert not Theme.objects.filter(pk=body.pk).exists()
    links = Entry.themes.through.objects.filter(theme=grief)
    assert links.count() == 6  # four, the trashed one, and "Only body"; each once
    assert links.filter(entry=only_body).exists()
    summary = patterns.theme_summary(alices(people))
    assert [(t.name, t.count) for t in summary] == [("grief", 5), ("hope", 1)]


def test_merge_refuses_another_persons_theme(people, journal):
    mine = Theme.objects.get(owner=people.alice, slug="body")
    bobs = Theme.objects.get(owner=people.bob, slug="grief")
    with pytest.raises(ValueError):
        patterns.merge_themes(source=mine, target=bobs)
    with pytest.raises(ValueError):
        patterns.merge_themes(source=mine, target=mine)
    assert Theme.objects.filter(pk=mine.pk).exists()


def test_colour_class_only_for_known_colours():
    assert patterns.colour_class("sage") == "theme-colour--sage"
    assert patterns.colour_class("") == ""
    assert patterns.colour_class("red onclick") == ""
