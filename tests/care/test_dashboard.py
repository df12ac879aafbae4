import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from care.models import CareLink, CareTeamMember, Share
from tests.care.conftest import make_entry, make_intention
from tests.helpers import client_for, make_user

pytestmark = pytest.mark.django_db


def test_it_works(world):
    response = client_for(world.therapist).get(reverse("care:dashboard"))
    assert response.status_code == 200
    assert b"Alice" in response.content
    assert b"Shared entry" in response.content
    assert b"Unread" in response.content
    assert b"Private entry" not in response.content


def test_it_requires_login(client):
    assert client.get(reverse("care:dashboard")).status_code == 302


def test_it_rejects_post(world):
    assert client_for(world.therapist).post(reverse("care:dashboard")).status_code == 405


def test_it_needs_mfa(world):
    response = client_for(world.nomfa).get(reverse("care:dashboard"))
    assert response["Location"] == reverse("care:mfa_required")
    page = client_for(world.nomfa).get(reverse("care:mfa_required"))
    assert reverse("mfa_activate_totp").encode() in page.content


def test_mfa_page_sends_people_with_mfa_on(world):
    assert client_for(world.therapist).get(reverse("care:mfa_required")).status_code == 302


def test_colleague_and_patients_see_no_patients(world):
    for user in (world.colleague, world.bob, world.alice):
        response = client_for(user).get(reverse("care:dashboard"))
        assert response.status_code == 200
        assert b"Shared entry" not in response.content
        assert reverse("care:patient", args=[world.alice.pk]).encode() not in response.content


def test_opening_an_item_clears_its_unread_marker(world):
    client = client_for(world.therapist)
    share = Share.objects.get(recipient=world.therapist, entry=world.entry)
    assert share.read_at is None
    client.get(reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk]))
    share.refresh_from_db()
    assert share.read_at is not None
    # Another therapist's marker is their own.
    assert Share.objects.get(recipient=world.nomfa, entry=world.entry).read_at is None


def test_revoked_items_disappear_from_the_dashboard(world):
    from django.utils import timezone

    Share.objects.filter(entry=world.entry).update(revoked_at=timezone.now())
    response = client_for(world.therapist).get(reverse("care:dashboard"))
    assert b"Shared entry" not in response.content


def add_patients(world, count, start=0):
    for n in range(start, start + count):
        patient = make_user(f"p{n}@example.org", f"Patient {n}")
        link = CareLink.objects.create(patient=patient, clinic=world.clinic)
        CareTeamMember.objects.create(link=link, therapist=world.therapist)
        for m in range(3):
            entry = make_entry(patient, title=f"P{n} entry {m}")
            Share.objects.create(owner=patient, recipient=world.therapist, entry=entry)
        Share.objects.create(
            owner=patient, recipient=world.therapist, intention=make_intention(patient)
        )


def test_dashboard_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = client_for(world.therapist)
    add_patients(world, 3)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("care:dashboard"))
    add_patients(world, 12, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("care:dashboard"))
    assert b"Patient 14" in response.content


def test_patient_page_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = client_for(world.therapist)
    url = reverse("care:patient", args=[world.alice.pk])
    # 35 (34 on SQLite) with the flag cards, the follow-ups and whether answers older than the
    # charts' year exist; the follow-ups read the answers the page has already found visible.
    with django_assert_max_num_queries(35) as small:
        client.get(url)
    for n in range(20):
        entry = make_entry(world.alice, title=f"More {n}")
        Share.objects.create(owner=world.alice, recipient=world.therapist, entry=entry)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert b"More 19" in response.content


def test_patient_page_pages_through_every_shared_entry(world):
    from care.views.therapist import PATIENT_PAGE_ENTRIES

    for n in range(PATIENT_PAGE_ENTRIES + 3):
        entry = make_entry(world.alice, title=f"Paged {n:03}")
        Share.objects.create(owner=world.alice, recipient=world.therapist, entry=entry)
    client = client_for(world.therapist)
    url = reverse("care:patient", args=[world.alice.pk])
    newest = f"Paged {PATIENT_PAGE_ENTRIES + 2:03}"
    first = client.get(url).content.decode()
    assert first.count("Paged ") == PATIENT_PAGE_ENTRIES
    assert newest in first and ">Older</a>" in first and ">Newer</a>" not in first
    older = unescape(re.search(r'<a href="([^"]+)" rel="next">Older</a>', first).group(1))
    second = client.get(url + older).content.decode()
    assert "Paged 000" in second and "Shared entry" in second  # the fixture's own share, oldest
    assert newest not in second and ">Older</a>" not in second and ">Newer</a>" in second
    assert client.get(url + "?before=nonsense").status_code == 200


def test_patient_page_keyset_pages_are_the_shares_in_order_each_once(world):
    """Most recently shared first, however long ago the entry was written; a share revoked or an
    entry in the trash leaves the list; the oldest page costs what the newest does."""
    from django.utils import timezone

    from care.views.therapist import PATIENT_PAGE_ENTRIES

    Share.objects.filter(recipient=world.therapist).delete()
    now = timezone.now()
    for n in range(2 * PATIENT_PAGE_ENTRIES + 5):
        entry = make_entry(world.alice, title=f"Written {n:03}")
        # Written in one order, shared in the reverse: the list follows the sharing.
        Share.objects.create(
            owner=world.alice,
            recipient=world.therapist,
            entry=entry,
            created=now - dt.timedelta(minutes=2 * PATIENT_PAGE_ENTRIES + 5 - n)
            if n % 7
            else now - dt.timedelta(days=1),  # several shared at the same moment
        )
    trashed = Share.objects.get(entry__title="Written 003").entry
    trashed.deleted_at = now
    trashed.save()
    Share.objects.filter(entry__title="Written 004").update(revoked_at=now)
    expected = list(
        Share.objects.filter(recipient=world.therapist, revoked_at=None, entry__deleted_at=None)
        .order_by("-created", "-pk")
        .values_list("entry__title", flat=True)
    )
    client = client_for(world.therapist)
    url = reverse("care:patient", args=[world.alice.pk])
    seen, target = [], url
    while target:
        html = client.get(target).content.decode()
        seen += re.findall(r'entry-card__title"><a href="[^"]+">([^<]+)</a>', html)
        older = re.search(r'<a href="([^"]+)" rel="next">Older</a>', html)
        target = url + unescape(older.group(1)) if older else ""
    assert seen == expected
    assert "Written 003" not in seen and "Written 004" not in seen
    assert len(seen) == 2 * PATIENT_PAGE_ENTRIES + 3


def test_the_dashboard_is_in_the_access_log_of_patients_whose_items_it_shows(world):
    from care.models import AccessEvent

    quiet = make_user("quiet@example.org", "Quiet")  # on the team, shares nothing
    link = CareLink.objects.create(patient=quiet, clinic=world.clinic)
    CareTeamMember.objects.create(link=link, therapist=world.therapist)
    client = client_for(world.therapist)
    page = client.get(reverse("care:dashboard")).content.decode()
    assert "Shared entry" in page and "Quiet" in page
    event = AccessEvent.objects.get(actor=world.therapist, patient=world.alice)
    assert event.action == AccessEvent.Action.VIEW_LIST
    assert not AccessEvent.objects.filter(patient=quiet).exists()
    client.get(reverse("care:dashboard"))
    assert AccessEvent.objects.filter(actor=world.therapist, patient=world.alice).count() == 2
    log = client_for(world.alice).get(reverse("care:access_log")).content.decode()
    assert "Dr. T" in log and "Viewed the list" in log


def test_a_questionnaire_flag_on_the_dashboard_is_logged(world):
    from care.models import AccessEvent
    from measures.models import Response

    Share.objects.filter(owner=world.alice).delete()  # nothing shared but measures
    Response.objects.create(
        owner=world.alice,
        instrument="phq9",
        answers=[0] * 8 + [1],
        total=1,
        band="Minimal",
        item9_positive=True,
    )
    page = client_for(world.therapist).get(reverse("care:dashboard")).content.decode()
    assert "Needs your attention" in page
    assert AccessEvent.objects.filter(
        actor=world.therapist, patient=world.alice, action=AccessEvent.Action.VIEW_LIST
    ).exists()


def test_patient_page_lists_shared_entries_with_the_journals_card(world):
    from journal.models import Theme

    entry = make_entry(world.alice, title="Card for the team")
    entry.themes.add(Theme.objects.create(owner=world.alice, name="river", slug="river"))
    Share.objects.create(owner=world.alice, recipient=world.therapist, entry=entry)
    page = client_for(world.therapist).get(reverse("care:patient", args=[world.alice.pk]))
    html = page.content.decode()
    link = reverse("care:patient_entry", args=[world.alice.pk, entry.pk])
    assert '<li class="card entry-card">' in html
    assert '<li><span class="tag">river</span></li>' in html
    assert f'<a href="{link}">Card for the team</a>' in html
    assert "· <time" in html and "shared <time" in html
    assert '<span class="badge badge--warning">Unread</span>' in html
    # The team sees the entry, never a link into the patient's own journal pages.
    assert reverse("journal:entry_detail", args=[entry.pk]) not in html
    assert "/journal/themes/" not in html.split('id="entries-title"')[1]


def _patient_row(page: str, name: str) -> str:
    rows = re.findall(r'<li class="care-patient-row">(.*?)</li>', page, flags=re.S)
    (row,) = [row for row in rows if f">{name}</a>" in row]
    return " ".join(row.split())


def test_each_patient_row_counts_only_what_they_share_with_this_therapist(world):
    from django.utils import timezone

    trashed = make_entry(world.alice, title="In the trash")
    Share.objects.create(owner=world.alice, recipient=world.therapist, entry=trashed)
    trashed.deleted_at = timezone.now()
    trashed.save()
    revoked = make_entry(world.alice, title="Taken back")
    Share.objects.create(
        owner=world.alice, recipient=world.therapist, entry=revoked, revoked_at=timezone.now()
    )
    Share.objects.filter(recipient=world.therapist, session=world.session).update(
        read_at=timezone.now()
    )
    newest = Share.objects.filter(recipient=world.therapist).order_by("-created").first()
    client = client_for(world.therapist)
    row = _patient_row(client.get(reverse("care:dashboard")).content.decode(), "Alice")
    # The entry, intention and session shared with Dr. T (Dr. N's own shares are theirs).
    assert "3 shared" in row and "2 unread" in row
    from integration_journal.templatetags.dates import day

    assert f"latest {day(newest.created)}" in " ".join(unescape(row).split())

    # Off the team, Alice is no longer on Dr. T's dashboard at all.
    CareTeamMember.objects.filter(therapist=world.therapist).delete()
    page = client.get(reverse("care:dashboard")).content.decode()
    assert "care-patient-row" not in page


def test_a_patient_who_shares_nothing_is_listed_last_with_none(world):
    quiet = make_user("quiet@example.org", "Aaron Quiet")  # first by name, shares nothing
    link = CareLink.objects.create(patient=quiet, clinic=world.clinic)
    CareTeamMember.objects.create(link=link, therapist=world.therapist)
    page = client_for(world.therapist).get(reverse("care:dashboard")).content.decode()
    assert page.index(">Alice</a>") < page.index(">Aaron Quiet</a>")
    row = _patient_row(page, "Aaron Quiet")
    assert "0 shared" in row and "latest" not in row and "unread" not in row


def _flag(patient, days_ago, total):
    from django.utils import timezone

    from measures.models import Response

    return Response.objects.create(
        owner=patient,
        instrument="phq9",
        answers=[0] * 8 + [1],
        total=total,
        band="Minimal",
        item9_positive=True,
        created=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_flag_cards_and_escalations_take_the_same_queries_however_many(
    world, django_assert_max_num_queries
):
    from care.models import FlagEscalation

    world.clinic.safety_contacts.add(world.therapist)
    _flag(world.alice, days_ago=9, total=3)
    FlagEscalation.objects.create(
        response=_flag(world.alice, days_ago=8, total=5), clinic=world.clinic
    )
    client = client_for(world.therapist)
    with django_assert_max_num_queries(40) as few:
        page = client.get(reverse("care:dashboard")).content.decode()
    assert "2 points higher (was 3 on" in page  # the second flag's change since the first
    for n in range(4):
        patient = make_user(f"flagged{n}@example.org", f"Flagged {n}")
        link = CareLink.objects.create(patient=patient, clinic=world.clinic, share_measures=True)
        CareTeamMember.objects.create(link=link, therapist=world.therapist)
        _flag(patient, days_ago=7, total=4)
        later = _flag(patient, days_ago=6, total=1 + n)
        FlagEscalation.objects.create(response=later, clinic=world.clinic)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("care:dashboard")).content.decode()
    assert page.count('class="card stack flag-card"') == 10
    assert "3 points lower (was 4 on" in page  # Flagged 0: 1 after 4
    assert "Flagged 3</strong> at Riverside" in page
    assert page.count("care team: Dr. T") == 5


def test_the_previous_answer_on_a_flag_card_is_one_the_therapist_sees(world):
    from django.utils import timezone

    _flag(world.alice, days_ago=30, total=20)  # before sharing began: not seen
    world.link.measures_shared_since = timezone.now() - dt.timedelta(days=10)
    world.link.save()
    _flag(world.alice, days_ago=5, total=6)
    page = client_for(world.therapist).get(reverse("care:dashboard")).content.decode()
    assert "First answer shared with you" in page
    assert "was 20" not in page
