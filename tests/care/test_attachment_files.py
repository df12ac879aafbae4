"""The attachment file view: the owner, a therapist the entry is shared with (logged), no one
else."""

import pytest
from django.urls import reverse

from care.models import AccessEvent, Share
from journal.attachments import prepare, store
from tests.helpers import client_for
from tests.journal import media

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    photo = store(world.entry, prepare(media.photo()), alt_text="A heron")
    voice = store(world.entry, prepare(media.mp3(3)))
    private = store(world.private_entry, prepare(media.photo()))
    return photo, voice, private


def file_url(attachment, thumbnail=False):
    name = "care:attachment_thumbnail" if thumbnail else "care:attachment_file"
    return reverse(name, args=[attachment.pk])


def test_the_owner_gets_every_file_unlogged(world, shared):
    alice = client_for(world.alice)
    for attachment in shared:
        assert alice.get(file_url(attachment)).status_code == 200
    assert alice.get(file_url(shared[0], thumbnail=True)).status_code == 200
    assert not AccessEvent.objects.filter(item_type="attachment").exists()


def test_the_therapist_gets_a_shared_entrys_files_and_it_is_logged(world, shared):
    photo, voice, _ = shared
    therapist = client_for(world.therapist)
    response = therapist.get(file_url(photo))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert therapist.get(file_url(voice))["Content-Type"] == "audio/mpeg"
    events = AccessEvent.objects.filter(actor=world.therapist, item_type="attachment")
    assert {e.item_id for e in events} == {str(photo.pk), str(voice.pk)}
    assert all(e.action == AccessEvent.Action.VIEW and e.patient == world.alice for e in events)
    page = therapist.get(reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk]))
    assert file_url(photo, thumbnail=True) in page.text and 'alt="A heron"' in page.text
    assert "Voice note, 3 s" in page.text
    assert "Remove this" not in page.text  # the therapist only sees


def test_an_unshared_entrys_files_are_404_for_the_therapist(world, shared):
    therapist = client_for(world.therapist)
    private = shared[2]
    assert therapist.get(file_url(private)).status_code == 404
    assert therapist.get(file_url(private, thumbnail=True)).status_code == 404


def test_revoking_the_share_closes_the_files(world, shared):
    therapist = client_for(world.therapist)
    assert therapist.get(file_url(shared[0])).status_code == 200
    Share.objects.filter(entry=world.entry).delete()
    assert therapist.get(file_url(shared[0])).status_code == 404


@pytest.mark.parametrize("persona", ["bob", "colleague", "friend", "admin", "nomfa"])
def test_everyone_else_gets_404(world, shared, persona):
    client = client_for(getattr(world, persona))
    for attachment in shared:
        assert client.get(file_url(attachment)).status_code == 404
        assert client.get(file_url(attachment, thumbnail=True)).status_code in (404,)


def test_anonymous_people_are_sent_to_sign_in(client, shared):
    response = client.get(file_url(shared[0]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_other_methods_are_refused(world, shared):
    alice = client_for(world.alice)
    assert alice.post(file_url(shared[0])).status_code == 405
    assert alice.post(file_url(shared[0], thumbnail=True)).status_code == 405


def test_a_trashed_entrys_files_are_gone_even_for_the_owner(world, shared):
    from django.utils import timezone

    world.entry.deleted_at = timezone.now()
    world.entry.save()
    assert client_for(world.alice).get(file_url(shared[0])).status_code == 404
    assert client_for(world.therapist).get(file_url(shared[0])).status_code == 404
