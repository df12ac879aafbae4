import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from care.models import AccessEvent, Reflection
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def reflect_url(world, entry=None):
    return reverse("care:reflect", args=[world.alice.pk, (entry or world.entry).pk])


def reply_url(world, therapist):
    return reverse("care:reflection_reply", args=[world.entry.pk, therapist.pk])


def panel(user, entry):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load care_tags %}{% reflections_panel entry %}")
    return template.render(Context({"request": request, "entry": entry, "csrf_token": "t"}))


def test_therapist_leaves_a_reflection(world):
    response = client_for(world.therapist).post(
        reflect_url(world), {"body": "I noticed *this* <script>alert(1)</script>"}
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert reflection.author == world.therapist and reflection.therapist == world.therapist
    assert "<em>this</em>" in reflection.body_html
    assert "<script>" not in reflection.body_html
    event = AccessEvent.objects.get(action="reflect")
    assert event.item_id == str(world.entry.pk)
    assert "noticed" not in event.actor_label + event.item_type + event.item_id


def test_reflection_form_errors_keep_the_text(world):
    response = client_for(world.therapist).post(reflect_url(world), {"body": "x" * 10_001})
    assert response.status_code == 400
    assert b"10,000" in response.content
    assert not Reflection.objects.exists()
    response = client_for(world.therapist).post(reflect_url(world), {"body": "   "})
    assert response.status_code == 400


def test_reflection_keeps_unicode(world):
    text = "שלום 👋🏽 é\u0301"
    client_for(world.therapist).post(reflect_url(world), {"body": text})
    assert Reflection.objects.get().body == text


@pytest.mark.parametrize("who", ["colleague", "admin", "friend", "bob", "alice"])
def test_others_cannot_reflect(world, who):
    response = client_for(getattr(world, who)).post(reflect_url(world), {"body": "hi"})
    assert response.status_code == 404
    assert not Reflection.objects.exists()


def test_reflection_on_unshared_entry_is_404(world):
    response = client_for(world.therapist).post(
        reflect_url(world, world.private_entry), {"body": "hi"}
    )
    assert response.status_code == 404


def test_reflect_rejects_get_and_needs_mfa(world):
    assert client_for(world.therapist).get(reflect_url(world)).status_code == 405
    response = client_for(world.nomfa).post(reflect_url(world), {"body": "hi"})
    assert response["Location"] == reverse("care:mfa_required")


def test_patient_sees_reflections_and_replies(world):
    client_for(world.therapist).post(reflect_url(world), {"body": "A gentle thought"})
    html = panel(world.alice, world.entry)
    assert "A gentle thought" in html
    assert reply_url(world, world.therapist) in html
    response = client_for(world.alice).post(
        reply_url(world, world.therapist), {"body": "Thank you"}
    )
    assert response.status_code == 302
    reply = Reflection.objects.get(author=world.alice)
    assert reply.therapist == world.therapist
    # The therapist sees the reply in their thread.
    page = client_for(world.therapist).get(
        reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    )
    assert b"Thank you" in page.content


def test_threads_are_private_to_each_therapist(world):
    from tests.care.conftest import give_mfa

    give_mfa(world.nomfa)
    client_for(world.therapist).post(reflect_url(world), {"body": "From T only"})
    page = client_for(world.nomfa).get(
        reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    )
    assert page.status_code == 200
    assert b"From T only" not in page.content


def test_panel_is_empty_for_others(world):
    client_for(world.therapist).post(reflect_url(world), {"body": "A gentle thought"})
    assert panel(world.bob, world.entry).strip() == ""
    assert panel(world.therapist, world.entry).strip() == ""


def test_reply_checks_owner_and_thread(world):
    client_for(world.therapist).post(reflect_url(world), {"body": "Hello"})
    assert (
        client_for(world.bob).post(reply_url(world, world.therapist), {"body": "x"}).status_code
        == 404
    )
    # No thread with this therapist yet: nothing to reply to.
    assert (
        client_for(world.alice).post(reply_url(world, world.nomfa), {"body": "x"}).status_code
        == 404
    )
    assert client_for(world.alice).get(reply_url(world, world.therapist)).status_code == 405


def test_reply_errors_keep_the_text(world):
    client_for(world.therapist).post(reflect_url(world), {"body": "Hello"})
    response = client_for(world.alice).post(
        reply_url(world, world.therapist), {"body": "y" * 10_001}
    )
    assert response.status_code == 400
    assert b"yyyy" in response.content
