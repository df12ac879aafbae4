"""Who may open which patient-data page. Not visible is always a 404; staff without MFA are sent
to set it up; anonymous people to sign in."""

import pytest
from django.urls import reverse
from django.utils import timezone

from care import access
from care.models import AccessEvent, CareTeamMember, Membership, Share
from tests.care.conftest import make_entry
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def therapist_urls(world):
    alice = world.alice.pk
    return {
        "patient": reverse("care:patient", args=[alice]),
        "entry": reverse("care:patient_entry", args=[alice, world.entry.pk]),
        "intention": reverse("care:patient_intention", args=[alice, world.intention.pk]),
        "session": reverse("care:patient_session", args=[alice, world.session.pk]),
    }


@pytest.mark.parametrize("page", ["patient", "entry", "intention", "session"])
def test_care_team_therapist_with_share_sees_the_page(world, page):
    response = client_for(world.therapist).get(therapist_urls(world)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["patient", "entry", "intention", "session"])
@pytest.mark.parametrize("who", ["alice", "colleague", "admin", "friend", "bob"])
def test_everyone_else_gets_404(world, page, who):
    response = client_for(getattr(world, who)).get(therapist_urls(world)[page])
    assert response.status_code == 404


@pytest.mark.parametrize("page", ["patient", "entry", "intention", "session"])
def test_therapist_without_mfa_is_sent_to_set_it_up(world, page):
    response = client_for(world.nomfa).get(therapist_urls(world)[page])
    assert response.status_code == 302
    assert response["Location"] == reverse("care:mfa_required")


@pytest.mark.parametrize("page", ["patient", "entry", "intention", "session"])
def test_anonymous_is_sent_to_sign_in(client, world, page):
    response = client.get(therapist_urls(world)[page])
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_private_entry_is_404_for_the_team_therapist(world):
    url = reverse("care:patient_entry", args=[world.alice.pk, world.private_entry.pk])
    assert client_for(world.therapist).get(url).status_code == 404


def test_private_entry_is_not_listed_on_the_patient_page(world):
    response = client_for(world.therapist).get(therapist_urls(world)["patient"])
    assert b"Shared entry" in response.content
    assert b"Private entry" not in response.content


def test_revoking_ends_access_on_the_next_request(world):
    client = client_for(world.therapist)
    url = therapist_urls(world)["entry"]
    assert client.get(url).status_code == 200
    Share.objects.filter(recipient=world.therapist, entry=world.entry).update(
        revoked_at=timezone.now()
    )
    assert client.get(url).status_code == 404


def test_removing_from_the_team_ends_access_on_the_next_request(world):
    client = client_for(world.therapist)
    urls = therapist_urls(world)
    assert client.get(urls["entry"]).status_code == 200
    CareTeamMember.objects.filter(therapist=world.therapist).delete()
    for url in urls.values():
        assert client.get(url).status_code == 404


def test_leaving_the_clinic_ends_access(world):
    client = client_for(world.therapist)
    Membership.objects.filter(user=world.therapist).delete()
    assert client.get(therapist_urls(world)["entry"]).status_code == 404


def test_trashed_entry_is_404_even_if_shared(world):
    world.entry.deleted_at = timezone.now()
    world.entry.save()
    assert client_for(world.therapist).get(therapist_urls(world)["entry"]).status_code == 404


def test_other_patients_item_under_alices_id_is_404(world):
    from tests.care.conftest import make_entry

    bobs = make_entry(world.bob, title="Bob's")
    Share.objects.create(owner=world.bob, recipient=world.therapist, entry=bobs)
    url = reverse("care:patient_entry", args=[world.alice.pk, bobs.pk])
    assert client_for(world.therapist).get(url).status_code == 404


# The access API itself


def test_owner_sees_everything_not_trashed(world):
    assert set(access.visible_entries(world.alice, world.alice)) == {
        world.entry,
        world.private_entry,
    }
    world.private_entry.deleted_at = timezone.now()
    world.private_entry.save()
    assert list(access.visible_entries(world.alice, world.alice)) == [world.entry]


def test_therapist_sees_only_shared(world):
    assert list(access.visible_entries(world.therapist, world.alice)) == [world.entry]
    assert list(access.visible_intentions(world.therapist, world.alice)) == [world.intention]
    assert list(access.visible_sessions(world.therapist, world.alice)) == [world.session]


@pytest.mark.parametrize("who", ["colleague", "admin", "friend", "bob", "nomfa"])
def test_others_see_nothing_through_the_api(world, who):
    viewer = getattr(world, who)
    assert not access.visible_entries(viewer, world.alice).exists()
    assert not access.visible_intentions(viewer, world.alice).exists()
    assert not access.visible_sessions(viewer, world.alice).exists()
    assert not access.can_see_measures(viewer, world.alice)


def test_anonymous_sees_nothing_through_the_api(world):
    from django.contrib.auth.models import AnonymousUser

    assert not access.visible_entries(AnonymousUser(), world.alice).exists()
    assert not access.patients_for(AnonymousUser()).exists()


def test_patients_for_needs_mfa(world):
    assert list(access.patients_for(world.therapist)) == [world.alice]
    assert not access.patients_for(world.nomfa).exists()
    assert not access.patients_for(world.colleague).exists()


def test_is_care_team_member(world):
    assert access.is_care_team_member(world.therapist, world.alice)
    assert not access.is_care_team_member(world.colleague, world.alice)
    assert not access.is_care_team_member(world.alice, world.alice)


def test_measures_and_checkins_follow_consent(world):
    assert access.can_see_measures(world.therapist, world.alice)
    assert not access.can_see_checkins(world.therapist, world.alice)
    world.link.share_measures = False
    world.link.share_checkins = True
    world.link.save()
    assert not access.can_see_measures(world.therapist, world.alice)
    assert access.can_see_checkins(world.therapist, world.alice)
    assert access.can_see_measures(world.alice, world.alice)


def test_clinic_reports_need_admin_and_consent(world):
    assert not access.can_export_clinic_reports(world.admin, world.alice)
    world.link.consents_to_clinic_reports = True
    world.link.save()
    assert access.can_export_clinic_reports(world.admin, world.alice)
    assert not access.can_export_clinic_reports(world.therapist, world.alice)
    assert not access.can_export_clinic_reports(world.bob, world.alice)
    assert list(access.report_patients_for(world.admin)) == [world.alice]


# Access events


def test_every_therapist_read_is_logged_without_text(world):
    client = client_for(world.therapist)
    for url in therapist_urls(world).values():
        client.get(url)
    events = AccessEvent.objects.filter(patient=world.alice, actor=world.therapist)
    assert events.count() == 4
    assert set(events.values_list("action", flat=True)) == {"view", "view_list"}
    assert {e.item_type for e in events} == {"", "entry", "intention", "treatmentsession"}
    for event in events:
        for value in vars(event).values():
            assert "Secret words" not in str(value)
            assert "Private why" not in str(value)


def test_owner_reads_are_not_logged(world):
    assert (
        access.record_access(
            actor=world.alice, patient=world.alice, action=AccessEvent.Action.VIEW, item=world.entry
        )
        is None
    )
    assert not AccessEvent.objects.exists()


def test_refused_reads_are_not_logged_as_views(world):
    client_for(world.colleague).get(therapist_urls(world)["entry"])
    assert not AccessEvent.objects.filter(actor=world.colleague).exists()


def test_access_events_are_append_only(world):
    event = access.record_access(
        actor=world.therapist, patient=world.alice, action=AccessEvent.Action.VIEW
    )
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AccessEvent.objects.all().update(action="export")
    with pytest.raises(TypeError):
        AccessEvent.objects.all().delete()
    assert AccessEvent.objects.count() == 1


def test_therapist_theme_view_counts_only_shared_entries(world):
    from journal.models import Theme

    grief = Theme.objects.create(owner=world.alice, name="grief", slug="grief")
    secret = Theme.objects.create(owner=world.alice, name="secret-theme", slug="secret-theme")
    world.entry.themes.add(grief)
    world.private_entry.themes.add(grief, secret)
    url = reverse("care:patient_themes", args=[world.alice.pk])
    response = client_for(world.therapist).get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "grief" in content
    assert "secret-theme" not in content
    assert f'href="{grief.get_absolute_url()}"' not in content  # names only: the patient's pages
    assert client_for(world.bob).get(url).status_code == 404


def test_therapist_theme_view_opens_on_the_most_frequent_of_many_themes(world):
    from journal.models import Theme
    from journal.themes import LIST_THEMES

    for number in range(LIST_THEMES + 2):
        shared = make_entry(world.alice, title=f"Shared {number}")
        shared.themes.add(
            Theme.objects.create(owner=world.alice, name=f"t{number:02}", slug=f"t{number:02}")
        )
        Share.objects.create(owner=world.alice, recipient=world.therapist, entry=shared)
    url = reverse("care:patient_themes", args=[world.alice.pk])
    client = client_for(world.therapist)
    short = client.get(url)
    assert len(short.context["summary"]) == LIST_THEMES
    assert f"Show all {LIST_THEMES + 2} themes" in short.content.decode()
    assert short.context["grid"].total_themes == LIST_THEMES + 2
    assert f"(the 12 most frequent themes of {LIST_THEMES + 2})" in short.content.decode()
    assert len(client.get(url, {"themes": "all"}).context["summary"]) == LIST_THEMES + 2


def test_check_in_summary_shows_only_with_the_patients_opt_in(world):
    from practices.models import CheckIn

    CheckIn.objects.create(owner=world.alice, date=timezone.localdate(), mood=7, sleep_hours=8)
    url = reverse("care:patient", args=[world.alice.pk])
    assert b"Check-ins (shared by" not in client_for(world.therapist).get(url).content
    world.link.share_checkins = True
    world.link.save()
    content = client_for(world.therapist).get(url).content
    assert b"Check-ins (shared by" in content
    assert b"Mood over the last 90 days" in content
