"""Every journal-core view: login required, a stranger gets 404, wrong methods get 405."""

import pytest
from django.urls import reverse

from tests.helpers import client_for
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db

PAGES = ["entry_list", "entry_create", "session_list", "session_create", "timeline", "search"]
OWNED_ENTRY = ["entry_detail", "entry_edit", "entry_delete"]
OWNED_SESSION = ["session_detail", "session_edit", "session_delete"]
GET_ONLY = ["entry_list", "session_list", "timeline", "search"]


def urls(item, s):
    return (
        [reverse(f"journal:{name}") for name in PAGES]
        + [reverse(f"journal:{name}", args=[item.pk]) for name in OWNED_ENTRY]
        + [reverse(f"journal:{name}", args=[s.pk]) for name in OWNED_SESSION]
    )


def test_every_view_requires_login(client, people):
    item, s = entry(people.alice), session(people.alice)
    for url in [*urls(item, s), reverse("journal:entry_preview")]:
        for method in (client.get, client.post):
            response = method(url)
            if response.status_code == 405:
                continue
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("account_login")), url


def test_every_view_works_for_the_owner(people):
    item, s = entry(people.alice), session(people.alice)
    client = client_for(people.alice)
    for url in urls(item, s):
        assert client.get(url).status_code == 200, url


def test_a_stranger_gets_404_on_every_owned_view(people):
    item, s = entry(people.alice), session(people.alice)
    bob = client_for(people.bob)
    for name in OWNED_ENTRY:
        assert bob.get(reverse(f"journal:{name}", args=[item.pk])).status_code == 404
    for name in OWNED_SESSION:
        assert bob.get(reverse(f"journal:{name}", args=[s.pk])).status_code == 404
    for name in ("entry_edit", "entry_delete"):
        assert bob.post(reverse(f"journal:{name}", args=[item.pk])).status_code == 404
    for name in ("session_edit", "session_delete"):
        assert bob.post(reverse(f"journal:{name}", args=[s.pk])).status_code == 404
    item.refresh_from_db()
    assert item.deleted_at is None
    assert type(s).objects.filter(pk=s.pk).exists()


def test_wrong_methods_get_405(people):
    item, s = entry(people.alice), session(people.alice)
    client = client_for(people.alice)
    for name in GET_ONLY:
        assert client.post(reverse(f"journal:{name}")).status_code == 405
    for name in ("entry_detail",):
        assert client.post(reverse(f"journal:{name}", args=[item.pk])).status_code == 405
    assert client.post(reverse("journal:session_detail", args=[s.pk])).status_code == 405
    assert client.get(reverse("journal:entry_preview")).status_code == 405
    for url in urls(item, s):
        assert client.put(url).status_code == 405, url
        assert client.delete(url).status_code == 405, url
