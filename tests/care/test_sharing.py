import re
from html import unescape

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from care.models import AccessEvent, CareTeamMember, Share
from tests.care.conftest import also_on_team_at_a_second_clinic, make_entry
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def share_url(kind, item):
    return reverse("care:share_item", args=[kind, item.pk])


def render_panel(user, item, tag="share_panel"):
    request = RequestFactory().get("/journal/x/")
    request.user = user
    template = Template("{% load care_tags %}{% " + tag + " item %}")
    return template.render(Context({"request": request, "item": item, "csrf_token": "t"}))


def test_share_an_entry_with_a_team_member(world):
    entry = make_entry(world.alice, title="New one")
    response = client_for(world.alice).post(
        share_url("entry", entry), {"recipient": [world.therapist.pk]}
    )
    assert response.status_code == 302
    share = Share.objects.get(entry=entry)
    assert share.recipient == world.therapist and share.revoked_at is None
    event = AccessEvent.objects.get(action="share", item_id=str(entry.pk))
    assert event.actor == world.alice and event.item_type == "entry"


def test_share_only_with_care_team_members(world):
    entry = make_entry(world.alice, title="New one")
    client_for(world.alice).post(
        share_url("entry", entry),
        {"recipient": [world.colleague.pk, world.bob.pk, world.admin.pk, "junk"]},
    )
    assert not Share.objects.filter(entry=entry).exists()


def test_unticking_revokes(world):
    client_for(world.alice).post(share_url("entry", world.entry), {"recipient": [world.nomfa.pk]})
    share = Share.objects.get(entry=world.entry, recipient=world.therapist)
    assert share.revoked_at is not None
    assert Share.objects.active().filter(entry=world.entry, recipient=world.nomfa).exists()
    assert AccessEvent.objects.filter(action="revoke").count() == 1


@pytest.mark.parametrize("kind", ["intention", "session"])
def test_share_intentions_and_sessions(world, kind):
    item = getattr(world, kind)
    client_for(world.alice).post(share_url(kind, item), {})
    assert not Share.objects.active().filter(**{kind: item}).exists()
    client_for(world.alice).post(share_url(kind, item), {"recipient": [world.therapist.pk]})
    assert Share.objects.active().filter(**{kind: item}).count() == 1


def test_cannot_share_someone_elses_item(world):
    for kind in ("entry", "intention", "session"):
        response = client_for(world.bob).post(
            share_url(kind, getattr(world, kind)), {"recipient": [world.therapist.pk]}
        )
        assert response.status_code == 404
    response = client_for(world.therapist).post(share_url("entry", world.entry), {})
    assert response.status_code == 404


def test_unknown_kind_is_404(world):
    url = reverse("care:share_item", args=["measure", world.entry.pk])
    assert client_for(world.alice).post(url).status_code == 404


def test_share_rejects_get(world):
    assert client_for(world.alice).get(share_url("entry", world.entry)).status_code == 405


def test_share_requires_login(client, world):
    response = client.post(share_url("entry", world.entry))
    assert response.status_code == 302
    assert Share.objects.filter(entry=world.entry).count() == 2


def test_cannot_share_a_trashed_entry(world):
    from django.utils import timezone

    world.private_entry.deleted_at = timezone.now()
    world.private_entry.save()
    response = client_for(world.alice).post(
        share_url("entry", world.private_entry), {"recipient": [world.therapist.pk]}
    )
    assert response.status_code == 404


def test_next_must_be_on_this_site(world):
    response = client_for(world.alice).post(
        share_url("entry", world.entry),
        {"recipient": [world.therapist.pk], "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("care:shared")
    response = client_for(world.alice).post(
        share_url("entry", world.entry), {"recipient": [world.therapist.pk], "next": "/journal/"}
    )
    assert response["Location"] == "/journal/"


def test_revoke_a_share(world):
    share = Share.objects.get(entry=world.entry, recipient=world.therapist)
    response = client_for(world.alice).post(reverse("care:share_revoke", args=[share.pk]))
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None


def test_revoke_checks_owner(world):
    share = Share.objects.get(entry=world.entry, recipient=world.therapist)
    assert (
        client_for(world.bob).post(reverse("care:share_revoke", args=[share.pk])).status_code == 404
    )
    assert (
        client_for(world.therapist).post(reverse("care:share_revoke", args=[share.pk])).status_code
        == 404
    )
    assert (
        client_for(world.alice).get(reverse("care:share_revoke", args=[share.pk])).status_code
        == 405
    )
    share.refresh_from_db()
    assert share.revoked_at is None


def test_shared_page_lists_with_whom_and_since_when(world):
    response = client_for(world.alice).get(reverse("care:shared"))
    assert response.status_code == 200
    assert b"Shared entry" in response.content
    assert b"Be gentle with myself" in response.content
    assert b"Session 1" in response.content
    assert b"Dr. T" in response.content
    assert b"Private entry" not in response.content


def test_shared_page_links_each_item_to_its_own_page(world):
    page = client_for(world.alice).get(reverse("care:shared")).content.decode()
    for url in (
        reverse("journal:entry_detail", args=[world.entry.pk]),
        reverse("intentions:detail", args=[world.intention.pk]),
        reverse("journal:session_detail", args=[world.session.pk]),
    ):
        assert f'<a href="{url}">' in page


def test_shared_page_is_only_mine(world):
    response = client_for(world.bob).get(reverse("care:shared"))
    assert b"Shared entry" not in response.content
    assert client_for(world.alice).post(reverse("care:shared")).status_code == 405


def test_shared_page_query_count_is_constant(world, django_assert_max_num_queries):
    client = client_for(world.alice)
    client.get(reverse("care:shared"))
    for n in range(15):
        entry = make_entry(world.alice, title=f"more {n}")
        Share.objects.create(owner=world.alice, recipient=world.therapist, entry=entry)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("care:shared"))
    for n in range(30):
        entry = make_entry(world.alice, title=f"even more {n}")
        Share.objects.create(owner=world.alice, recipient=world.therapist, entry=entry)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("care:shared"))
    assert b"even more 29" in response.content


def test_shared_page_is_paged_and_stopping_returns_to_the_same_page(world):
    from care.views.shares import SHARED_PAGE_SIZE

    for n in range(SHARED_PAGE_SIZE + 5):
        entry = make_entry(world.alice, title=f"paged {n:03}")
        Share.objects.create(owner=world.alice, recipient=world.therapist, entry=entry)
    client = client_for(world.alice)
    first = client.get(reverse("care:shared")).content.decode()
    assert first.count(">Stop sharing</button>") == SHARED_PAGE_SIZE
    assert "paged 054" in first and "paged 000" not in first
    older = unescape(re.search(r'<a href="([^"]+)" rel="next">Older</a>', first).group(1))
    second_url = reverse("care:shared") + older
    second = client.get(second_url).content.decode()
    assert "paged 000" in second and "paged 054" not in second
    assert ">Older</a>" not in second and ">Newer</a>" in second
    share = Share.objects.get(entry__title="paged 000")
    response = client.post(reverse("care:share_revoke", args=[share.pk]), {"next": second_url})
    assert response["Location"] == second_url
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("care:shared") + "?before=x").status_code == 200


def test_shared_page_leaves_out_items_in_the_trash(world):
    from django.utils import timezone

    trashed = make_entry(world.alice, title="gone to the trash")
    Share.objects.create(owner=world.alice, recipient=world.therapist, entry=trashed)
    kept = make_entry(world.alice, title="still here")
    Share.objects.create(owner=world.alice, recipient=world.therapist, entry=kept)
    trashed.deleted_at = timezone.now()
    trashed.save()
    page = client_for(world.alice).get(reverse("care:shared")).content.decode()
    assert "still here" in page and "gone to the trash" not in page


def test_share_panel_shows_whom_and_since_when(world):
    html = render_panel(world.alice, world.entry)
    assert "Shared with <strong>Dr. T</strong>" in html
    assert 'name="recipient"' in html


def test_share_panel_is_empty_for_others(world):
    assert render_panel(world.bob, world.entry).strip() == ""
    assert render_panel(world.therapist, world.entry).strip() == ""


def test_usually_share_only_pre_ticks_new_items(world):
    CareTeamMember.objects.filter(therapist=world.therapist).update(usually_share=True)
    entry = make_entry(world.alice, title="Fresh")
    html = render_panel(world.alice, entry)
    assert f'value="{world.therapist.pk}" id="share-{entry.pk}-' in html
    assert "checked" in html
    assert "Private. Only you can see this." in html
    # It never shares by itself.
    assert not Share.objects.filter(entry=entry).exists()


def test_a_therapist_on_the_team_through_two_clinics_is_one_choice(world):
    lakeside = also_on_team_at_a_second_clinic(world)
    lakeside.usually_share = True  # pre-ticked through one clinic is pre-ticked
    lakeside.save()
    entry = make_entry(world.alice, title="Fresh")
    html = render_panel(world.alice, entry)
    assert html.count(f'value="{world.therapist.pk}"') == 1
    assert f'id="share-{entry.pk}-{world.therapist.pk}" checked>' in html
    assert f'for="share-{entry.pk}-{world.therapist.pk}">Dr. T' in html
    assert '<span class="muted">(Riverside, Lakeside)</span>' in html
    assert html.count(f'value="{world.nomfa.pk}"') == 1  # the rest of the team is still there
