import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from intentions.models import Action, Intention, Review
from tests.helpers import client_for, query_count

pytestmark = pytest.mark.django_db


def make(owner, title="Sleep through the night", **extra):
    return Intention.objects.create(owner=owner, title=title, **extra)


FORM = {
    "title": "Feel at home in my body",
    "success_looks_like": "I walk to the shop and notice the **trees**, not my heartbeat.",
    "troubles_most": "Panic in crowds",
    "replace_with": "Curiosity",
    "why_it_matters": "My kids",
}


def test_first_run_invites_with_an_example(people):
    page = client_for(people.alice).get(reverse("intentions:list"))
    assert b"Write your first intention" in page.content
    assert b"An example" in page.content


def test_create_renders_markdown_and_orders(people):
    client = client_for(people.alice)
    assert client.get(reverse("intentions:create")).status_code == 200
    response = client.post(reverse("intentions:create"), FORM)
    intention = Intention.objects.get(owner=people.alice)
    assert response.url == reverse("intentions:detail", args=[intention.pk])
    assert "<strong>trees</strong>" in intention.success_looks_like_html
    page = client.get(response.url)
    assert b"<strong>trees</strong>" in page.content


def test_very_short_success_text_gets_a_gentle_hint(people):
    response = client_for(people.alice).post(
        reverse("intentions:create"), {**FORM, "success_looks_like": "Be happy"}, follow=True
    )
    assert b"concrete picture" in response.content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "x" * 201, b"at most 200 characters"),
        ("success_looks_like", "y" * 10_001, b"at most 10000 characters"),
        ("troubles_most", "a\x00b", b"Null characters are not allowed"),
        ("title", "", b"This field is required"),
    ],
)
def test_bad_input_shows_errors_and_keeps_text(people, field, value, message):
    response = client_for(people.alice).post(
        reverse("intentions:create"), {**FORM, field: value, "why_it_matters": "Keep me 🌿"}
    )
    assert response.status_code == 200
    assert message in response.content
    assert "Keep me 🌿".encode() in response.content
    assert not Intention.objects.exists()


def test_unicode_round_trips(people):
    text = "Ünïcödé 😀 مرحبا שלום e\u0301"
    client_for(people.alice).post(reverse("intentions:create"), {**FORM, "title": text})
    assert Intention.objects.get(owner=people.alice).title == text


def test_list_groups_by_status(people):
    make(people.alice, "Active one")
    make(people.alice, "Done one", status="achieved")
    make(people.alice, "Let go one", status="released")
    make(people.bob, "Bob's one")
    content = client_for(people.alice).get(reverse("intentions:list")).content.decode()
    assert content.index("Active one") < content.index("Achieved") < content.index("Done one")
    assert content.index("Let go") < content.index("Let go one")
    assert "Bob" not in content


def test_status_change_is_recorded(people):
    intention = make(people.alice)
    before = intention.status_changed_at
    client_for(people.alice).post(
        reverse("intentions:status", args=[intention.pk]), {"status": "achieved"}
    )
    intention.refresh_from_db()
    assert intention.status == "achieved"
    assert intention.status_changed_at > before


def test_actions_add_tick_untick_reorder_remove(people):
    intention = make(people.alice)
    client = client_for(people.alice)
    for text in ("first", "second", "third"):
        client.post(reverse("intentions:action_add", args=[intention.pk]), {"text": text})
    actions = list(intention.actions.all())
    assert [a.text for a in actions] == ["first", "second", "third"]
    client.post(reverse("intentions:action_toggle", args=[actions[1].pk]))
    actions[1].refresh_from_db()
    assert actions[1].done_at is not None
    client.post(reverse("intentions:action_toggle", args=[actions[1].pk]))
    actions[1].refresh_from_db()
    assert actions[1].done_at is None
    client.post(reverse("intentions:action_move", args=[actions[2].pk, "up"]))
    assert [a.text for a in intention.actions.all()] == ["first", "third", "second"]
    client.post(reverse("intentions:action_move", args=[actions[0].pk, "down"]))
    assert [a.text for a in intention.actions.all()] == ["third", "first", "second"]
    client.post(reverse("intentions:action_remove", args=[actions[0].pk]))
    assert [a.text for a in intention.actions.all()] == ["third", "second"]


def test_empty_action_shows_an_error(people):
    intention = make(people.alice)
    response = client_for(people.alice).post(
        reverse("intentions:action_add", args=[intention.pk]), {"text": ""}
    )
    assert response.status_code == 200
    assert b"This field is required" in response.content


def test_reorder_intentions(people):
    a, b = make(people.alice, "A", order=0), make(people.alice, "B", order=1)
    client_for(people.alice).post(reverse("intentions:move", args=[b.pk, "up"]))
    assert list(Intention.objects.for_owner(people.alice).values_list("title", flat=True)) == [
        "B",
        "A",
    ]
    assert (
        client_for(people.alice)
        .post(reverse("intentions:move", args=[a.pk, "sideways"]))
        .status_code
        == 404
    )


def test_review_is_saved_and_charted(people):
    intention = make(people.alice)
    client = client_for(people.alice)
    client.post(
        reverse("intentions:review_add", args=[intention.pk]), {"progress": 3, "note": "slow"}
    )
    client.post(reverse("intentions:review_add", args=[intention.pk]), {"progress": 6, "note": ""})
    page = client.get(reverse("intentions:detail", args=[intention.pk])).content.decode()
    assert page.count("<circle") == 2
    assert "<polyline" in page
    assert "as a table" in page
    assert ">3</td>" in page and ">6</td>" in page


@pytest.mark.parametrize("progress", [-1, 11, "lots"])
def test_progress_outside_0_to_10_is_refused(people, progress):
    intention = make(people.alice)
    response = client_for(people.alice).post(
        reverse("intentions:review_add", args=[intention.pk]), {"progress": progress}
    )
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_database_guards_progress_too(people):
    with pytest.raises(IntegrityError):
        Review.objects.create(intention=make(people.alice), progress=11)


def test_trash_and_restore(people):
    intention = make(people.alice, "Going")
    client = client_for(people.alice)
    assert client.get(reverse("intentions:delete", args=[intention.pk])).status_code == 200
    client.post(reverse("intentions:delete", args=[intention.pk]))
    intention.refresh_from_db()
    assert intention.deleted_at is not None
    assert b"Going" not in client.get(reverse("intentions:list")).content
    assert client.get(reverse("intentions:detail", args=[intention.pk])).status_code == 404
    client.post(reverse("mydata:trash_restore", args=["intention", intention.pk]))
    assert client.get(reverse("intentions:detail", args=[intention.pk])).status_code == 200


def test_strangers_get_404_everywhere(people):
    intention = make(people.alice)
    action = Action.objects.create(intention=intention, text="step")
    bob = client_for(people.bob)
    for name in ("detail", "edit", "delete"):
        assert bob.get(reverse(f"intentions:{name}", args=[intention.pk])).status_code == 404
    posts = [
        reverse("intentions:edit", args=[intention.pk]),
        reverse("intentions:delete", args=[intention.pk]),
        reverse("intentions:status", args=[intention.pk]),
        reverse("intentions:move", args=[intention.pk, "up"]),
        reverse("intentions:action_add", args=[intention.pk]),
        reverse("intentions:review_add", args=[intention.pk]),
        reverse("intentions:action_toggle", args=[action.pk]),
        reverse("intentions:action_move", args=[action.pk, "up"]),
        reverse("intentions:action_remove", args=[action.pk]),
    ]
    for url in posts:
        assert (
            bob.post(url, {**FORM, "status": "released", "text": "x", "progress": 1}).status_code
            == 404
        )
    intention.refresh_from_db()
    assert (intention.title, intention.status, intention.deleted_at) == (
        "Sleep through the night",
        "active",
        None,
    )
    assert Action.objects.filter(pk=action.pk, done_at__isnull=True).exists()
    assert not Review.objects.exists()


def test_trashed_intentions_actions_are_out_of_reach(people):
    intention = make(people.alice, deleted_at=timezone.now())
    action = Action.objects.create(intention=intention, text="step")
    response = client_for(people.alice).post(reverse("intentions:action_toggle", args=[action.pk]))
    assert response.status_code == 404


def test_login_required_and_methods(client, people):
    intention = make(people.alice)
    for url in (reverse("intentions:list"), reverse("intentions:detail", args=[intention.pk])):
        assert client.get(url).status_code == 302
    alice = client_for(people.alice)
    assert alice.post(reverse("intentions:list")).status_code == 405
    assert alice.post(reverse("intentions:detail", args=[intention.pk])).status_code == 405
    assert alice.get(reverse("intentions:status", args=[intention.pk])).status_code == 405
    assert alice.get(reverse("intentions:review_add", args=[intention.pk])).status_code == 405


def test_home_shows_active_intentions_with_next_step(people):
    intention = make(people.alice, "Walk more")
    Action.objects.create(intention=intention, text="Shoes by the door")
    content = client_for(people.alice).get(reverse("home")).content
    assert b"Walk more" in content
    assert b"Next step: Shoes by the door" in content


def test_list_query_count_is_constant(people):
    client = client_for(people.alice)
    url = reverse("intentions:list")
    make(people.alice)
    few = query_count(client, url)
    for i in range(15):
        intention = make(people.alice, f"I{i}", status=["active", "achieved"][i % 2])
        Action.objects.create(intention=intention, text="a")
        Review.objects.create(intention=intention, progress=i % 10)
    assert query_count(client, url) == few
