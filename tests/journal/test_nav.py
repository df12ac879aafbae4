import pytest
from django.urls import reverse

from tests.helpers import client_for
from tests.journal.factories import entry

pytestmark = pytest.mark.django_db


def current_items(html: str) -> list[str]:
    nav = html[html.index("<nav") : html.index("</nav>")]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in nav.split('aria-current="page"')[1:]]


def test_journal_pages_mark_journal_as_current_once(people):
    client = client_for(people.alice)
    item = entry(people.alice, themes=["sleep"])
    for url in (reverse("journal:entry_list"), reverse("journal:entry_detail", args=[item.pk])):
        assert current_items(client.get(url).content.decode()) == ["Journal"]
    themes = client.get(reverse("journal:theme_list")).content.decode()
    assert current_items(themes) == ["Themes"]
