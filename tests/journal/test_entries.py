import pytest
from django.urls import reverse

from intentions.models import Intention
from journal.models import Entry, Theme
from tests.helpers import client_for, query_count
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def post_entry(client, **data):
    payload = {"phase": "free", "title": "", "body": "", "version": ""}
    payload.update(data)
    return client.post(reverse("journal:entry_create"), payload)


def test_it_creates_an_entry_with_markdown_themes_emotions_and_intentions(people):
    intention = Intention.objects.create(owner=people.alice, title="Rest")
    s = session(people.alice)
    client = client_for(people.alice)
    assert client.get(reverse("journal:entry_create")).status_code == 200
    response = post_entry(
        client,
        phase="after",
        session=s.pk,
        title="After 🌊",
        body="It was **bright**.",
        emotions=["calm", "tender"],
        other_emotions="awe, Calm",
        theme_names="Grief, body ,grief",
        intentions=[intention.pk],
        insight="Rest is allowed.",
    )
    assert response.status_code == 302
    item = Entry.objects.get(owner=people.alice)
    assert response.url == reverse("journal:entry_detail", args=[item.pk]) + "?saved=new"
    assert item.body_html == "<p>It was <strong>bright</strong>.</p>"
    assert item.emotions == ["calm", "tender", "awe"]
    assert sorted(t.name for t in item.themes.all()) == ["Grief", "body"]
    assert list(item.intentions.all()) == [intention]
    assert item.session == s
    page = client.get(response.url)
    assert b"<strong>bright</strong>" in page.content
    assert b'data-saved-draft-key="entry:new"' in page.content


def test_it_never_links_another_persons_session_or_intention(people):
    bobs_session = session(people.bob)
    bobs_intention = Intention.objects.create(owner=people.bob, title="Bob's")
    response = post_entry(
        client_for(people.alice), body="x", session=bobs_session.pk, intentions=[bobs_intention.pk]
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not Entry.objects.filter(owner=people.alice).exists()


def test_stored_html_is_safe(people):
    post_entry(client_for(people.alice), body="<script>alert(1)</script> [x](javascript:alert(1))")
    html = Entry.objects.get(owner=people.alice).body_html
    assert "<script" not in html
    assert "javascript:" not in html


@pytest.mark.parametrize(
    ("body", "message"),
    [("a\x00b", b"Null characters are not allowed"), ("x" * 100_001, b"at most 100000 characters")],
)
def test_bad_input_is_refused_and_kept(people, body, message):
    response = post_entry(client_for(people.alice), title="Keep me ✨", body=body)
    assert response.status_code == 200
    assert message in response.content
    assert "Keep me ✨".encode() in response.content
    assert not Entry.objects.exists()


def test_empty_entry_is_refused_gently(people):
    response = post_entry(client_for(people.alice))
    assert b"Write a few words" in response.content


def test_unicode_round_trips_exactly(people):
    text = "Ünïcödé 😀 مرحبا שלום e\u0301 \u200b\ttab"
    post_entry(client_for(people.alice), title=text[:50], body=text)
    item = Entry.objects.get(owner=people.alice)
    assert item.body == text
    assert item.title == text[:50]


def test_detail_edit_delete_are_owner_only(people):
    item = entry(people.alice)
    bob = client_for(people.bob)
    for name in ("entry_detail", "entry_edit", "entry_delete"):
        assert bob.get(reverse(f"journal:{name}", args=[item.pk])).status_code == 404
    for name in ("entry_edit", "entry_delete"):
        url = reverse(f"journal:{name}", args=[item.pk])
        assert bob.post(url, {"body": "hacked", "phase": "free", "version": 1}).status_code == 404
    item.refresh_from_db()
    assert item.body == "Some words."
    assert item.deleted_at is None


def test_views_require_login(client, people):
    item = entry(people.alice)
    for url in (
        reverse("journal:entry_list"),
        reverse("journal:entry_create"),
        reverse("journal:entry_detail", args=[item.pk]),
        reverse("journal:entry_edit", args=[item.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert client.post(reverse("journal:entry_preview"), {"body": "x"}).status_code == 302


def test_wrong_methods_are_rejected(people):
    item = entry(people.alice)
    client = client_for(people.alice)
    assert client.post(reverse("journal:entry_list")).status_code == 405
    assert client.post(reverse("journal:entry_detail", args=[item.pk])).status_code == 405
    assert client.get(reverse("journal:entry_preview")).status_code == 405
    assert client.put(reverse("journal:entry_edit", args=[item.pk])).status_code == 405


def test_edit_saves_and_bumps_the_version(people):
    item = entry(people.alice, body="old")
    client = client_for(people.alice)
    page = client.get(reverse("journal:entry_edit", args=[item.pk]))
    assert b'name="version" value="1"' in page.content
    response = client.post(
        reverse("journal:entry_edit", args=[item.pk]),
        {"phase": "free", "title": "t", "body": "new *words*", "version": 1},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.version, item.body, item.body_html) == (
        2,
        "new *words*",
        "<p>new <em>words</em></p>",
    )


def test_two_tab_conflict_keeps_both_texts(people):
    item = entry(people.alice, body="original")
    client = client_for(people.alice)
    url = reverse("journal:entry_edit", args=[item.pk])
    client.post(url, {"phase": "free", "title": "t", "body": "from tab one", "version": 1})
    response = client.post(
        url, {"phase": "free", "title": "t", "body": "from tab two", "version": 1}
    )
    assert response.status_code == 200
    assert b"changed in another window" in response.content
    assert b"from tab one" in response.content  # the saved version, shown
    assert b"from tab two" in response.content  # ours, still in the form
    item.refresh_from_db()
    assert item.body == "from tab one"
    assert b'name="version" value="2"' in response.content
    client.post(url, {"phase": "free", "title": "t", "body": "from tab two", "version": 2})
    item.refresh_from_db()
    assert item.body == "from tab two"


def test_preview_renders_markdown_safely(people):
    response = client_for(people.alice).post(
        reverse("journal:entry_preview"), {"body": "**hi** <script>x</script>"}
    )
    assert response.status_code == 200
    assert b"<strong>hi</strong>" in response.content
    assert b"<script>" not in response.content


def test_no_js_preview_keeps_the_form(people):
    response = post_entry(client_for(people.alice), title="T", body="*soft*", preview="1")
    assert response.status_code == 200
    assert b"<em>soft</em>" in response.content
    assert not Entry.objects.exists()


def test_delete_moves_to_trash(people):
    item = entry(people.alice, title="Going")
    client = client_for(people.alice)
    assert client.get(reverse("journal:entry_delete", args=[item.pk])).status_code == 200
    client.post(reverse("journal:entry_delete", args=[item.pk]))
    item.refresh_from_db()
    assert item.deleted_at is not None
    assert b"Going" not in client.get(reverse("journal:entry_list")).content
    assert client.get(reverse("journal:entry_detail", args=[item.pk])).status_code == 404


def test_list_shows_only_own_entries(people):
    entry(people.alice, title="Alice writes")
    entry(people.bob, title="Bob writes")
    content = client_for(people.alice).get(reverse("journal:entry_list")).content
    assert b"Alice writes" in content
    assert b"Bob writes" not in content


def test_prompts_are_offered_and_shuffle_without_js(people):
    client = client_for(people.alice)
    first = client.get(reverse("journal:entry_create") + "?phase=after")
    second = client.get(reverse("journal:entry_create") + "?phase=after&prompt=1")
    assert b"What stands out most" in first.content
    assert b"Were there images" in second.content


@pytest.mark.parametrize("url_name", ["journal:entry_list", "journal:timeline", "home"])
def test_query_count_does_not_grow_with_entries(people, url_name):
    client = client_for(people.alice)
    s = session(people.alice)
    for i in range(3):
        entry(people.alice, title=f"e{i}", themes=["a", "b"], session=s)
    url = reverse(url_name)
    few = query_count(client, url)
    for i in range(25):
        entry(
            people.alice,
            title=f"more{i}",
            themes=["a", f"t{i}"],
            session=session(people.alice, number=10 + i),
        )
    assert query_count(client, url) == few
    assert Theme.objects.count() > 20
