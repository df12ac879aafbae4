"""An XSS corpus through every Markdown field, checked where it is stored (`<field>_html`) and
where it is served (the pages that show it to the owner, the therapist and the support person).

`test_every_markdown_field_is_in_the_corpus_run` fails when a model gains a `_html` field that
this module does not send the corpus through.
"""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import reverse

from care.models import Reflection, SupportNote
from integration_journal.markdown import ALLOWED_TAGS
from intentions.models import Intention, Review
from journal.models import Entry
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<a href='JaVaScRiPt:alert(1)'>x</a>",
    "[x](java&#x09;script:alert(1))",
    "<svg/onload=alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "<iframe src=//evil.example></iframe>",
    "<object data=x></object><embed src=x>",
    "![p](https://tracker.example/p.gif)",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<form action=https://evil.example><button>x</button></form>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<base href=https://evil.example/>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    '<a href="https://ok.example" onmouseover="alert(1)">x</a>',
    "<!--<img src=x onerror=alert(1)>-->",
    "`<script>alert(1)</script>` and ```\n<script>alert(1)</script>\n```",
    "<<script>script>alert(1)<</script>/script>",
    '"><script>alert(1)</script>',
    "<scr\x00ipt>alert(1)</script>".replace("\x00", ""),
    "[x](  javascript:alert(1) )",
    "<http://example.org/a?b=<script>>",
]

# Model, the `_html` fields this module sends the corpus through.
COVERED = {
    "journal.Entry": {"body_html"},
    "intentions.Intention": {f"{name}_html" for name in Intention.TEXT_FIELDS},
    "intentions.Review": {"note_html"},
    "care.Reflection": {"body_html"},
    "care.SupportNote": {"body_html"},
}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.bad.append(tag)
        for name, value in attrs:
            value = str(value or "").strip().lower()
            if name.startswith("on") or name in ("style", "src", "srcset", "formaction"):
                self.bad.append(f"{tag}[{name}]")
            if name in ("href", "xlink:href", "action") and not value.startswith(
                ("http:", "https:", "mailto:", "#")
            ):
                self.bad.append(f"{tag}[{name}={value}]")


def assert_clean(html: str):
    parser = Tags()
    parser.feed(html)
    assert parser.bad == [], (html, parser.bad)


class LiveMarkup(HTMLParser):
    """Anything in a whole page that could run script or leave the site on its own."""

    def __init__(self):
        super().__init__()
        self.bad = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: str(value or "").strip().lower() for name, value in attrs}
        if tag in ("iframe", "object", "embed", "base", "frame", "applet"):
            self.bad.append(tag)
        if tag == "meta" and "http-equiv" in attrs:
            self.bad.append("meta[http-equiv]")
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.bad.append("inline script")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                self.bad.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.bad.append(f"{tag}[{name}={value}]")


def assert_served_clean(content: bytes, where: str):
    parser = LiveMarkup()
    parser.feed(content.decode())
    assert parser.bad == [], (where, parser.bad)


def test_every_markdown_field_is_in_the_corpus_run():
    found = {}
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields if f.name.endswith("_html")}
        if names:
            found[model._meta.label] = names
    assert found == COVERED, "send the XSS corpus through the new Markdown field(s) below"


@pytest.mark.parametrize("payload", XSS)
def test_every_markdown_field_stores_and_serves_clean_html(world, payload):
    alice, therapist = client_for(world.alice), client_for(world.therapist)
    friend = client_for(world.friend)

    # The patient's own entry and intention (all four texts) with a review.
    alice.post(reverse("journal:entry_create"), {"phase": "free", "title": "x", "body": payload})
    entry = Entry.objects.get(owner=world.alice, title="x")
    assert_clean(entry.body_html)
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

    # The therapist's reflection on the shared entry, and the patient's reply to it.
    therapist.post(
        reverse("care:reflect", args=[world.alice.pk, world.entry.pk]), {"body": payload}
    )
    alice.post(
        reverse("care:reflection_reply", args=[world.entry.pk, world.therapist.pk]),
        {"body": payload},
    )
    reflections = Reflection.objects.filter(entry=world.entry)
    assert {r.author_id for r in reflections} == {world.therapist.pk, world.alice.pk}
    for reflection in reflections:
        assert_clean(reflection.body_html)

    # The support person's note for the session.
    friend.post(reverse("care:support_session", args=[world.support_invite.pk]), {"body": payload})
    notes = SupportNote.objects.filter(invite=world.support_invite)
    assert notes.exists()
    for note in notes:
        assert_clean(note.body_html)

    # Where it is shown.
    pages = [
        (alice, reverse("journal:entry_detail", args=[entry.pk])),
        (alice, reverse("journal:entry_detail", args=[world.entry.pk])),
        (alice, reverse("journal:entry_list")),
        (alice, reverse("intentions:detail", args=[intention.pk])),
        (alice, reverse("journal:session_detail", args=[world.session.pk])),
        (therapist, reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])),
        (friend, reverse("care:support_session", args=[world.support_invite.pk])),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_served_clean(response.content, url)


def test_the_preview_is_as_clean_as_the_saved_entry(world):
    alice = client_for(world.alice)
    for payload in XSS:
        response = alice.post(reverse("journal:entry_preview"), {"body": payload})
        assert response.status_code == 200
        assert_served_clean(response.content, payload)


@pytest.mark.parametrize(
    "markup",
    [
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<script>x</script>",
        '<meta http-equiv="refresh" content="0">',
        "<iframe></iframe>",
    ],
)
def test_the_checks_catch_live_markup(markup):
    """Guards the checks above: they do fail on what they look for."""
    with pytest.raises(AssertionError):
        assert_served_clean(markup.encode(), "guard")
    with pytest.raises(AssertionError):
        assert_clean(markup)
