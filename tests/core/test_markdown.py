from html.parser import HTMLParser

import pytest

from integration_journal.markdown import ALLOWED_TAGS, render_markdown

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=https://example.com></iframe>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<details open ontoggle=alert(1)>",
    "![x](https://tracker.example/pixel.png)",
    '<object data="x.swf"></object>',
    "<form action=https://evil.example><button>go</button></form>",
    "[x](//evil.example/path)",
]


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("source", XSS_CORPUS)
def test_no_active_content_survives(source):
    for tag, attrs in elements(render_markdown(source)):
        assert tag in ALLOWED_TAGS, (source, tag)
        for name, value in attrs.items():
            assert not name.startswith("on"), (source, name)
            assert name != "style", source
            if name == "href":
                assert value.split(":")[0] in {"http", "https", "mailto"}, (source, value)
                assert not value.startswith("//"), (source, value)


def test_markdown_formats_text():
    html = render_markdown("# Title\n\nSome **bold** and *soft* words.\n\n- one\n- two")
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert "<li>one</li>" in html


def test_links_are_safe_and_marked():
    html = render_markdown("[a](https://example.org) and https://example.com")
    assert html.count('rel="nofollow noopener noreferrer"') == 2


def test_images_keep_only_their_alt_text():
    html = render_markdown("![my drawing](https://example.org/a.png)")
    assert "my drawing" in html
    assert "example.org" not in html


def test_raw_html_is_shown_as_text():
    assert "&lt;b&gt;" in render_markdown("<b>not bold</b>")


def test_code_blocks_are_escaped_once():
    html = render_markdown("```\n<b>x</b> & y\n```")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in html


def test_unicode_round_trips():
    text = "Ünïcödé 😀 مرحبا שלום e\u0301"
    assert text in render_markdown(text)


def test_empty_source_renders_nothing():
    assert render_markdown("  \n ") == ""


def test_table_alignment_survives_without_inline_style():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert 'align="right"' in html
    assert "style=" not in html
