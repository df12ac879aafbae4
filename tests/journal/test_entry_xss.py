"""Markdown written into an entry is stored as inert HTML, and shown from what was stored."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.html import escape

from journal.models import Entry
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def parsed(html: str) -> list[tuple[str, list]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pixel](https://tracker.example/p.gif)",
    '<a href="https://x.example" onclick="alert(1)">x</a>',
    "<svg onload=alert(1)></svg>",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "[proto](//evil.example/x)",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_attacks_are_stored_inert(people, attack):
    client = client_for(people.alice)
    response = client.post(
        reverse("journal:entry_create"),
        {
            "phase": "free",
            "title": attack[:200],
            "body": f"Before\n\n{attack}\n\nafter",
            "insight": attack,
            "version": "",
        },
    )
    assert response.status_code == 302
    item = Entry.objects.get(owner=people.alice)
    assert item.body == f"Before\n\n{attack}\n\nafter"  # the source round-trips exactly
    for tag, attrs in parsed(item.body_html):
        assert tag not in {"script", "img", "svg", "iframe", "style", "object", "embed"}
        for name, value in attrs:
            assert not name.startswith("on")
            if name == "href":
                assert value.startswith(("https://", "http://", "mailto:")), value
    page = client.get(reverse("journal:entry_detail", args=[item.pk])).content.decode()
    assert escape(attack) in page  # the title is shown, as text
    for tag, attrs in parsed(page):
        assert tag not in {"img", "svg", "iframe", "style"}
        assert not any(name.startswith("on") for name, _ in attrs)
        if tag == "script":
            assert dict(attrs).get("src", "").startswith("/static/")
    preview = client.post(reverse("journal:entry_preview"), {"body": attack}).content.decode()
    assert "<script" not in preview.lower() and "javascript:" not in preview.lower()


def test_safe_links_keep_noopener(people):
    client = client_for(people.alice)
    client.post(
        reverse("journal:entry_create"),
        {"phase": "free", "body": "[a group](https://example.org)", "version": ""},
    )
    html = Entry.objects.get(owner=people.alice).body_html
    assert 'href="https://example.org"' in html
    assert "noopener" in html
