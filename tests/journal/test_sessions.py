import pytest
from django.urls import reverse

from intentions.models import Intention
from journal.models import Entry, TreatmentSession
from tests.helpers import client_for, query_count
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def form_data(**extra):
    data = {
        "number": 1,
        "date": "2026-11-01T10:00",
        "kind": "iv",
        "setting": "Clinic",
        "mood_before": 3,
        "mood_after": 7,
    }
    data.update(extra)
    return data


def test_it_creates_a_session_with_the_next_number(people):
    session(people.alice, number=4)
    client = client_for(people.alice)
    page = client.get(reverse("journal:session_create"))
    assert b'value="5"' in page.content
    intention = Intention.objects.create(owner=people.alice, title="Rest")
    response = client.post(
        reverse("journal:session_create"), form_data(number=5, intentions=[intention.pk])
    )
    assert response.status_code == 302
    created = TreatmentSession.objects.get(owner=people.alice, number=5)
    assert (created.mood_before, created.mood_after) == (3, 7)
    assert list(created.intentions.all()) == [intention]


@pytest.mark.parametrize("mood", [-1, 11, "lots"])
def test_mood_outside_0_to_10_is_refused(people, mood):
    response = client_for(people.alice).post(
        reverse("journal:session_create"), form_data(mood_after=mood)
    )
    assert response.status_code == 200
    assert b"errors" in response.content
    assert not TreatmentSession.objects.exists()


def test_the_database_also_guards_the_mood_range(people):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        session(people.alice, mood_before=12)


def test_a_strangers_intention_cannot_be_linked(people):
    bobs = Intention.objects.create(owner=people.bob, title="Bob")
    response = client_for(people.alice).post(
        reverse("journal:session_create"), form_data(intentions=[bobs.pk])
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not TreatmentSession.objects.exists()


def test_session_page_gathers_entries_by_phase(people):
    s = session(people.alice)
    entry(people.alice, title="Before it", phase="preparation", session=s)
    entry(people.alice, title="After it", phase="after", session=s)
    entry(people.alice, title="Unrelated")
    page = client_for(people.alice).get(reverse("journal:session_detail", args=[s.pk]))
    content = page.content.decode()
    assert content.index("Preparation") < content.index("Before it") < content.index("After it")
    assert "Unrelated" not in content


def test_edit_and_delete_keep_entries(people):
    s = session(people.alice)
    item = entry(people.alice, session=s)
    client = client_for(people.alice)
    client.post(reverse("journal:session_edit", args=[s.pk]), form_data(number=9))
    s.refresh_from_db()
    assert s.number == 9
    assert client.get(reverse("journal:session_delete", args=[s.pk])).status_code == 200
    client.post(reverse("journal:session_delete", args=[s.pk]))
    assert not TreatmentSession.objects.filter(pk=s.pk).exists()
    item.refresh_from_db()
    assert item.session is None
    assert Entry.objects.filter(pk=item.pk).exists()


def test_strangers_get_404(people):
    s = session(people.alice)
    bob = client_for(people.bob)
    for name in ("session_detail", "session_edit", "session_delete"):
        assert bob.get(reverse(f"journal:{name}", args=[s.pk])).status_code == 404
    assert bob.post(reverse("journal:session_delete", args=[s.pk])).status_code == 404
    assert bob.post(reverse("journal:session_edit", args=[s.pk]), form_data()).status_code == 404
    assert TreatmentSession.objects.filter(pk=s.pk, number=1).exists()
    assert b"Session 1" not in bob.get(reverse("journal:session_list")).content


def test_login_and_methods(client, people):
    s = session(people.alice)
    assert client.get(reverse("journal:session_list")).status_code == 302
    assert client.get(reverse("journal:session_detail", args=[s.pk])).status_code == 302
    alice = client_for(people.alice)
    assert alice.post(reverse("journal:session_list")).status_code == 405
    assert alice.post(reverse("journal:session_detail", args=[s.pk])).status_code == 405
    assert alice.put(reverse("journal:session_create")).status_code == 405


def test_session_page_query_count_is_constant(people):
    s = session(people.alice)
    client = client_for(people.alice)
    url = reverse("journal:session_detail", args=[s.pk])
    entry(people.alice, session=s, themes=["x"])
    few = query_count(client, url)
    for i in range(20):
        entry(people.alice, session=s, phase="after", themes=[f"t{i}", "x"])
    assert query_count(client, url) == few
    list_url = reverse("journal:session_list")
    few = query_count(client, list_url)
    for i in range(10):
        session(people.alice, number=i + 2)
    assert query_count(client, list_url) == few


def test_the_session_list_pages_newest_first_and_counts_only_live_entries(people):
    from django.utils import timezone

    client = client_for(people.alice)
    url = reverse("journal:session_list")
    for number in range(1, 6):
        first = session(people.alice, number=number, days_ago=100 - number)
    entry(people.alice, session=first, phase="after")
    few = query_count(client, url)
    for number in range(6, 26):
        latest = session(people.alice, number=number, days_ago=100 - number)
        entry(people.alice, session=latest, phase="after")
    entry(people.alice, session=latest, phase="integration", deleted_at=timezone.now())
    assert query_count(client, url) == few
    page = client.get(url)
    shown = list(page.context["sessions"])
    assert [s.number for s in shown] == list(range(25, 5, -1))
    assert [s.entry_count for s in shown[:2]] == [1, 1]  # the trashed entry is not counted
    assert "Page 1 of 2" in page.content.decode()
    second = client.get(url, {"page": 2})
    assert [s.number for s in second.context["sessions"]] == [5, 4, 3, 2, 1]
    assert client.get(url, {"page": "nonsense"}).status_code == 200
