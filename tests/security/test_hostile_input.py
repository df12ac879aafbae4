"""Hostile and unusual input through every form: never a 500, a clear error when refused, an exact
round trip when accepted; and an XSS corpus through every Markdown field."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from care.models import Reflection, SupportNote
from integration_journal.markdown import ALLOWED_TAGS
from intentions.models import Intention, Review
from journal.models import Entry, TreatmentSession
from practices.models import CheckIn
from tests.care.conftest import world  # noqa: F401
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

CORPUS = {
    "emoji": "🌊🧠💬 and 👩🏽‍🦱 family 👨‍👩‍👧",
    "rtl": "مرحبا بالعالم — שלום עולם",
    "combining": "e\u0301 a\u0308 Z\u0351\u0352\u0353",
    "zero-width": "a\u200bb\u200cc\u200dd\ufeff",
    "controls": "bell\x07 tab\t form\x0c escape\x1b",
    "sql": "'; DROP TABLE journal_entry; --",
    "html": "<b>bold</b> <script>alert(1)</script>",
    "nul": "before\x00after",
    "very long": "x" * 200_001,
}
REFUSED = {"nul", "very long"}


def first(queryset, field):
    return queryset.values_list(field, flat=True).first()


def forms(world):  # noqa: F811
    """(url, data builder, how to read back the stored value or None)"""
    alice = world.alice
    return {
        "entry": (
            reverse("journal:entry_create"),
            lambda text: {"phase": "free", "title": text[:150], "body": text},
            lambda: first(Entry.objects.filter(owner=alice).order_by("-created"), "body"),
        ),
        "session": (
            reverse("journal:session_create"),
            lambda text: {"number": 7, "date": "2026-10-01T10:00", "kind": "iv", "setting": text},
            lambda: first(TreatmentSession.objects.filter(owner=alice, number=7), "setting"),
        ),
        "intention": (
            reverse("intentions:create"),
            lambda text: {"title": "T", "success_looks_like": text},
            lambda: first(Intention.objects.filter(owner=alice, title="T"), "success_looks_like"),
        ),
        "review": (
            reverse("intentions:review_add", args=[world.intention.pk]),
            lambda text: {"progress": 5, "note": text},
            lambda: first(Review.objects.filter(intention=world.intention), "note"),
        ),
        "check-in": (
            reverse("practices:check_in"),
            lambda text: {"mood": 5, "note": text},
            lambda: first(CheckIn.objects.filter(owner=alice), "note"),
        ),
        "search": (reverse("journal:search"), lambda text: {"q": text}, None),
        "settings": (
            reverse("accounts:settings"),
            lambda text: {"display_name": text[:100], "time_zone": "UTC"},
            None,
        ),
    }  # fmt: skip


@pytest.mark.parametrize("sample", list(CORPUS))
def test_every_form_survives_hostile_input(world, sample):  # noqa: F811
    text = CORPUS[sample]
    client = client_for(world.alice)
    for name, (url, data, stored) in forms(world).items():
        if name == "search":
            response = client.get(url, data(text))
            assert response.status_code == 200, (name, sample)
            continue
        response = client.post(url, data(text))
        assert response.status_code in (200, 302), (name, sample, response.status_code)
        if sample in REFUSED and name not in ("settings",):
            assert response.status_code == 200, (name, sample)
            assert b"errors" in response.content or b"form-errors" in response.content, (
                name,
                sample,
            )
        elif response.status_code == 302 and stored is not None:
            assert stored() == text, (name, sample)
        # Clean up so the next form starts fresh.
        Entry.objects.filter(owner=world.alice).exclude(
            pk__in=[world.entry.pk, world.private_entry.pk]
        ).delete()
        TreatmentSession.objects.filter(owner=world.alice, number=7).delete()
        Intention.objects.filter(owner=world.alice, title="T").delete()
        Review.objects.filter(intention=world.intention).delete()
        CheckIn.objects.filter(owner=world.alice).delete()


XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<svg/onload=alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<iframe src=//evil.example></iframe>",
    "![p](https://tracker.example/p.gif)",
]


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.bad.append(tag)
        for name, value in attrs:
            if (
                name.startswith("on")
                or name == "style"
                or (
                    name in ("href", "src")
                    and not str(value).startswith(("http:", "https:", "mailto:"))
                )
            ):
                self.bad.append(f"{tag}[{name}={value}]")


def assert_clean(html: str):
    parser = Tags()
    parser.feed(html)
    assert parser.bad == [], (html, parser.bad)


@pytest.mark.parametrize("payload", XSS)
def test_every_markdown_field_stores_clean_html(world, payload):  # noqa: F811
    alice, therapist = client_for(world.alice), client_for(world.therapist)
    alice.post(reverse("journal:entry_create"), {"phase": "free", "title": "x", "body": payload})
    assert_clean(Entry.objects.filter(owner=world.alice, title="x").get().body_html)
    alice.post(
        reverse("intentions:create"),
        {"title": "x", **dict.fromkeys(Intention.TEXT_FIELDS, payload)},
    )
    intention = Intention.objects.get(owner=world.alice, title="x")
    for field in Intention.TEXT_FIELDS:
        assert_clean(getattr(intention, f"{field}_html"))
    alice.post(
        reverse("intentions:review_add", args=[intention.pk]), {"progress": 1, "note": payload}
    )
    assert_clean(Review.objects.get(intention=intention).note_html)
    therapist.post(
        reverse("care:reflect", args=[world.alice.pk, world.entry.pk]), {"body": payload}
    )
    for reflection in Reflection.objects.filter(entry=world.entry):
        assert_clean(reflection.body_html)
    friend = client_for(world.friend)
    friend.post(reverse("care:support_session", args=[world.support_invite.pk]), {"body": payload})
    for note in SupportNote.objects.filter(invite=world.support_invite):
        assert_clean(note.body_html)
    assert Reflection.objects.filter(entry=world.entry).exists()
    assert SupportNote.objects.filter(invite=world.support_invite).exists()
