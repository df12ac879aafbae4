import pytest
from django.urls import reverse

from care import access
from care.models import AccessEvent, CareLink, CareTeamMember, Clinic, Membership, Share
from tests.care.conftest import also_on_team_at_a_second_clinic, make_entry
from tests.helpers import client_for, make_user

pytestmark = pytest.mark.django_db


def test_it_works(world):
    response = client_for(world.alice).get(reverse("care:index"))
    assert response.status_code == 200
    assert b"Riverside" in response.content
    assert b"Dr. T" in response.content
    assert b"Dr. C" in response.content  # a candidate to add


def test_it_requires_login(client):
    response = client.get(reverse("care:index"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_rejects_post(world):
    assert client_for(world.alice).post(reverse("care:index")).status_code == 405


def test_stranger_sees_no_clinic_of_alices(world):
    response = client_for(world.bob).get(reverse("care:index"))
    assert b"Riverside" not in response.content
    assert b"Dr. T" not in response.content


def test_join_by_code(world):
    response = client_for(world.bob).post(reverse("care:join"), {"code": " river234 "})
    assert response.status_code == 302
    assert CareLink.objects.filter(patient=world.bob, clinic=world.clinic).exists()
    # Joining shares nothing and puts nobody on the team.
    assert not CareTeamMember.objects.filter(link__patient=world.bob).exists()


def test_join_with_unknown_code_shows_an_error(world):
    response = client_for(world.bob).post(reverse("care:join"), {"code": "NOPE"})
    assert response.status_code == 200
    assert b"could not find a clinic" in response.content
    assert b'value="NOPE"' in response.content
    assert not CareLink.objects.filter(patient=world.bob).exists()


def test_join_rejects_nul(world):
    response = client_for(world.bob).post(reverse("care:join"), {"code": "RIVER\x00234"})
    assert b"Null characters are not allowed" in response.content
    assert not CareLink.objects.filter(patient=world.bob).exists()


def test_add_a_therapist_of_the_clinic(world):
    url = reverse("care:team_add", args=[world.link.pk])
    response = client_for(world.alice).post(url, {"therapist": world.colleague.pk})
    assert response.status_code == 302
    assert access.is_care_team_member(world.colleague, world.alice)
    assert AccessEvent.objects.filter(patient=world.alice, action="team_add").exists()


def test_cannot_add_someone_outside_the_clinic(world):
    other = Clinic.objects.create(name="Elsewhere")
    outsider = make_user("out@example.org")
    Membership.objects.create(clinic=other, user=outsider, role="therapist")
    url = reverse("care:team_add", args=[world.link.pk])
    client_for(world.alice).post(url, {"therapist": outsider.pk})
    client_for(world.alice).post(url, {"therapist": world.admin.pk})  # an admin, not a therapist
    client_for(world.alice).post(url, {"therapist": "not-a-uuid"})
    assert set(CareTeamMember.objects.values_list("therapist__email", flat=True)) == {
        "therapist@example.org",
        "nomfa@example.org",
    }


def test_stranger_cannot_change_alices_team(world):
    url = reverse("care:team_add", args=[world.link.pk])
    assert client_for(world.bob).post(url, {"therapist": world.colleague.pk}).status_code == 404
    member = CareTeamMember.objects.get(therapist=world.therapist)
    assert (
        client_for(world.bob).post(reverse("care:team_remove", args=[member.pk])).status_code == 404
    )
    assert (
        client_for(world.bob).post(reverse("care:consents", args=[world.link.pk])).status_code
        == 404
    )
    assert (
        client_for(world.bob).post(reverse("care:leave", args=[world.link.pk])).status_code == 404
    )
    assert access.is_care_team_member(world.therapist, world.alice)


@pytest.mark.parametrize("name", ["team_add", "consents", "leave"])
def test_link_actions_reject_get(world, name):
    assert (
        client_for(world.alice).get(reverse(f"care:{name}", args=[world.link.pk])).status_code
        == 405
    )


def test_removing_a_therapist_ends_access_at_once(world):
    member = CareTeamMember.objects.get(therapist=world.therapist)
    entry_url = reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    assert client_for(world.therapist).get(entry_url).status_code == 200
    response = client_for(world.alice).post(reverse("care:team_remove", args=[member.pk]))
    assert response.status_code == 302
    assert client_for(world.therapist).get(entry_url).status_code == 404
    # Their shares ended too: adding them back later does not silently re-open old items.
    assert not Share.objects.active().filter(recipient=world.therapist).exists()
    CareTeamMember.objects.create(link=world.link, therapist=world.therapist)
    assert client_for(world.therapist).get(entry_url).status_code == 404


def test_usually_share_default(world):
    member = CareTeamMember.objects.get(therapist=world.therapist)
    client_for(world.alice).post(
        reverse("care:team_usually", args=[member.pk]), {"usually_share": "on"}
    )
    member.refresh_from_db()
    assert member.usually_share
    client_for(world.alice).post(reverse("care:team_usually", args=[member.pk]), {})
    member.refresh_from_db()
    assert not member.usually_share


def test_consents_are_revocable(world):
    url = reverse("care:consents", args=[world.link.pk])
    prefix = str(world.link.pk)
    client_for(world.alice).post(
        url, {f"{prefix}-consents_to_clinic_reports": "on", f"{prefix}-share_checkins": "on"}
    )
    world.link.refresh_from_db()
    assert world.link.consents_to_clinic_reports and world.link.share_checkins
    assert not world.link.share_measures
    assert not access.can_see_measures(world.therapist, world.alice)
    client_for(world.alice).post(url, {})
    world.link.refresh_from_db()
    assert not world.link.consents_to_clinic_reports
    assert AccessEvent.objects.filter(patient=world.alice, action="consent").count() == 2


def test_leaving_the_clinic_ends_everyones_access(world):
    client_for(world.alice).post(reverse("care:leave", args=[world.link.pk]))
    assert not CareLink.objects.filter(patient=world.alice).exists()
    assert not access.patients_for(world.therapist).exists()
    assert not Share.objects.active().filter(owner=world.alice).exists()


def test_resources_page_shows_only_my_clinics(world):
    from care.models import Resource

    Resource.objects.create(clinic=world.clinic, kind="circle", title="Tuesday circle")
    other = Clinic.objects.create(name="Elsewhere")
    Resource.objects.create(clinic=other, kind="reading", title="Other clinic's book")
    response = client_for(world.alice).get(reverse("care:resources"))
    assert b"Tuesday circle" in response.content
    assert b"Other clinic" not in response.content
    assert b"Tuesday circle" not in client_for(world.bob).get(reverse("care:resources")).content
    assert client_for(world.alice).post(reverse("care:resources")).status_code == 405


def test_clinic_crisis_resources_replace_the_defaults(world):
    world.clinic.crisis_resources = "Riverside crisis line | Call us any time | tel:+15550100"
    world.clinic.save()
    response = client_for(world.alice).get(reverse("crisis"))
    assert b"Riverside crisis line" in response.content
    assert b"tel:+15550100" in response.content
    assert b"Riverside crisis line" not in client_for(world.bob).get(reverse("crisis")).content
    assert b"tel:988" in client_for(world.bob).get(reverse("crisis")).content


def test_home_panel_for_patient_and_therapist(world):
    response = client_for(world.alice).get(reverse("home"))
    assert reverse("care:access_log").encode() in response.content
    # Clinic staff have their own home: the dashboard, which first asks for MFA.
    response = client_for(world.therapist).get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("care:dashboard")
    response = client_for(world.nomfa).get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("care:mfa_required")


def test_join_by_code_is_rate_limited(world):
    from django.core.cache import cache

    cache.clear()
    client = client_for(world.bob)
    for n in range(10):
        assert client.post(reverse("care:join"), {"code": f"WRONG{n}"}).status_code == 200
    response = client.post(reverse("care:join"), {"code": "RIVER234"})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert not CareLink.objects.filter(patient=world.bob).exists()
    cache.clear()


def test_removing_a_therapist_at_one_clinic_keeps_what_another_clinic_allows(world):
    lakeside_member = also_on_team_at_a_second_clinic(world)
    entry_url = reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    riverside_member = CareTeamMember.objects.get(link=world.link, therapist=world.therapist)
    client = client_for(world.alice)
    response = client.post(reverse("care:team_remove", args=[riverside_member.pk]), follow=True)
    assert "still on it through Lakeside" in response.content.decode()
    # Still on alice's team through Lakeside, so what she shares with them stays shared.
    assert client_for(world.therapist).get(entry_url).status_code == 200
    assert Share.objects.active().filter(recipient=world.therapist).count() == 3
    # Ending the last team row ends the shares too.
    response = client.post(reverse("care:team_remove", args=[lakeside_member.pk]), follow=True)
    assert "Their access has ended" in response.content.decode()
    assert not Share.objects.active().filter(recipient=world.therapist).exists()
    assert client_for(world.therapist).get(entry_url).status_code == 404


def test_leaving_one_clinic_keeps_what_another_clinic_allows(world):
    also_on_team_at_a_second_clinic(world)
    response = client_for(world.alice).post(
        reverse("care:leave", args=[world.link.pk]), follow=True
    )
    assert "Dr. T is still on your care team at another clinic" in response.content.decode()
    entry_url = reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    assert client_for(world.therapist).get(entry_url).status_code == 200
    assert Share.objects.active().filter(recipient=world.therapist).count() == 3
    # Dr. N was on the team at Riverside only: their shares ended.
    assert not Share.objects.active().filter(recipient=world.nomfa).exists()


def test_the_clinic_report_consent_says_what_the_report_holds(world):
    page = client_for(world.alice).get(reverse("care:index")).content.decode()
    field = f"id_{world.link.pk}-consents_to_clinic_reports"
    assert f'aria-describedby="{field}_helptext"' in page
    assert "intentions and sessions you share with this clinic" in page
    assert "Never your journal entries or their themes." in page


def test_home_panel_counts_views_up_to_99_then_says_more(world):
    from care import access
    from care.models import AccessEvent

    def panel():
        page = client_for(world.alice).get(reverse("home")).content.decode()
        return page.split("Who has seen my journal")[1].split("</li>")[0]

    assert "(0 events)" in panel()
    view = AccessEvent.Action.VIEW_LIST
    access.record_accesses(actor=world.therapist, action=view, events=[(world.alice, None)] * 99)
    assert "(99 events)" in panel()
    access.record_access(actor=world.therapist, patient=world.alice, action=view)
    assert "(more than 99 events)" in panel()
    activate_spanish = {"HTTP_ACCEPT_LANGUAGE": "es"}
    world.alice.language = "es"
    world.alice.save()
    page = client_for(world.alice).get(reverse("home"), **activate_spanish).content.decode()
    assert "(más de 99 eventos)" in page


def test_home_panel_counts_the_care_teams_reflections_up_to_99_then_says_more(world):
    from django.utils import timezone

    from care.models import Reflection

    def panel():
        page = client_for(world.alice).get(reverse("home")).content.decode()
        return page.split('<section class="card stack care-home">')[1].split("</p>")[0]

    def reflect(entry, author, count=1):
        Reflection.objects.bulk_create(
            Reflection(entry=entry, patient=entry.owner, therapist=world.therapist, author=author)
            for _ in range(count)
        )

    reflect(world.entry, world.therapist, 98)
    reflect(world.entry, world.alice, 3)  # her own replies are not from her care team
    trashed = make_entry(world.alice, title="In the trash", deleted_at=timezone.now())
    reflect(trashed, world.therapist, 5)
    reflect(make_entry(world.bob), world.therapist, 5)  # another patient's
    assert "98 reflections from your care team" in panel()
    reflect(world.private_entry, None)  # a former care-team member's
    assert "99 reflections from your care team" in panel()
    reflect(world.entry, world.therapist)
    assert "More than 99 reflections from your care team" in panel()
    world.alice.language = "es"
    world.alice.save()
    page = client_for(world.alice).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")
    assert "Más de 99 reflexiones de tu equipo de atención" in page.content.decode()


def test_a_reflection_is_filed_under_the_patient_whose_entry_it_is_on(world):
    from care.models import Reflection

    reflection = Reflection.objects.create(
        entry=world.entry, therapist=world.therapist, author=world.therapist, body="Noticed"
    )
    assert reflection.patient == world.alice
