"""The models' links: what reverse() gives, under the script prefix, and the stored excerpt."""

import uuid

import pytest
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from journal.models import Entry, Theme


@pytest.mark.parametrize(
    "slug",
    ["grief", "theme-2", "père-et-fils", "日本語", "a b", "100%", "x?y#z", "emoji-🌱"]
    + ["~:@!$&'()*+,;="],
)
def test_theme_links_equal_reverse(slug):
    assert Theme(slug=slug).get_absolute_url() == reverse("journal:theme_detail", args=[slug])


def test_entry_links_equal_reverse():
    pk = uuid.uuid4()
    assert Entry(pk=pk).get_absolute_url() == reverse("journal:entry_detail", args=[pk])


def test_links_follow_the_script_prefix():
    pk = uuid.uuid4()
    set_script_prefix("/clinic/")
    try:
        assert Entry(pk=pk).get_absolute_url() == f"/clinic/journal/entries/{pk}/"
        assert Theme(slug="calm").get_absolute_url() == "/clinic/journal/themes/calm/"
    finally:
        clear_script_prefix()
    assert Entry(pk=pk).get_absolute_url() == f"/journal/entries/{pk}/"
    assert Theme(slug="calm").get_absolute_url() == "/journal/themes/calm/"


@override_settings(ROOT_URLCONF="integration_journal.urls")
def test_models_link_to_their_pages(db):
    entry, theme = Entry(), Theme(slug="quiet-mornings")
    assert entry.get_absolute_url() == reverse("journal:entry_detail", args=[entry.pk])
    assert theme.get_absolute_url() == "/journal/themes/quiet-mornings/"


def test_entries_keep_a_plain_excerpt_and_old_entries_get_one(db):
    import importlib

    from django.apps import apps

    from tests.helpers import make_user

    owner = make_user("excerpt@example.com")
    entry = Entry(owner=owner, body="Tea & **toast**")
    entry.body_html = "<p>Tea &amp; <strong>toast</strong></p>"
    entry.save()
    assert Entry.objects.get(pk=entry.pk).excerpt == "Tea & toast"
    entry.body_html = "<p>Rain</p>"
    entry.save(update_fields=["body_html"])
    assert Entry.objects.get(pk=entry.pk).excerpt == "Rain"

    Entry.objects.filter(pk=entry.pk).update(excerpt="")  # as before the field existed
    migration = importlib.import_module("journal.migrations.0003_entry_excerpt")
    migration.fill_excerpts(apps, None)
    assert Entry.objects.get(pk=entry.pk).excerpt == "Rain"
