"""The one place where Markdown becomes HTML.

Journal text is written in Markdown, rendered once when it is saved, and the stored HTML is what
pages and PDFs show. Python-Markdown renders; bleach then keeps only an allow-list of tags, so no
raw HTML, script, style or event handler survives. Links may only point to http(s) and mailto
addresses and always carry rel="nofollow noopener noreferrer". Images are dropped (keeping their
alt text): a remote image would tell a third party when someone reads the entry.
"""

import html as html_lib
import re
import threading
from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from django.utils.html import strip_tags

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "blockquote",
        "pre",
        "code",
        "em",
        "strong",
        "del",
        "s",
        "sup",
        "sub",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "abbr",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "th": ["align"],
    "td": ["align"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"
EXTENSIONS = ["extra", "sane_lists", "nl2br"]
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMG_ALT = re.compile(r"""\balt=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _image_to_alt(match: re.Match) -> str:
    alt = IMG_ALT.search(match.group(0))
    text = (alt.group(1) or alt.group(2) or "") if alt else ""
    return f"<em>[image: {text}]</em>" if text else ""


def _safe_link(attrs, new=False):
    href = attrs.get((None, "href"), "")
    # Protocol-relative ("//host") links would inherit the page's scheme and leave the site
    # without looking like it; bleach passes them, so they are dropped here.
    if not href or href.startswith(("//", "\\")):
        return None
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


_local = threading.local()


def _cleaner() -> bleach.Cleaner:
    """This thread's Cleaner. bleach's Cleaner keeps parser state while it cleans and must not be
    shared between threads (threaded servers and task workers render Markdown concurrently)."""
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = bleach.Cleaner(
            filters=[partial(LinkifyFilter, callbacks=[_safe_link], skip_tags={"pre", "code"})],
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=False,  # a tag outside the allow-list is shown as text, not silently lost
            strip_comments=True,
        )
    return cleaner


def render_markdown(source: str) -> str:
    """Render Markdown source to sanitized HTML. Safe to mark_safe() and store."""
    if not source or not source.strip():
        return ""
    html = markdown.markdown(
        source,
        extensions=EXTENSIONS,
        extension_configs={"extra": {"tables": {"use_align_attribute": True}}},
        output_format="html",
    )
    html = IMG_TAG.sub(_image_to_alt, html)
    return _cleaner().clean(html)


EXCERPT_LENGTH = 200


def plain_excerpt(html: str, length: int = EXCERPT_LENGTH) -> str:
    """Plain text from the start of stored HTML, at most `length` characters, ending on a whole
    word when one is near. Entities are decoded: the result is text, escaped again when shown."""
    if "<" in html[html.rfind(">") + 1 :]:  # a tag cut in half at the end
        html = html[: html.rfind("<")]
    text = " ".join(html_lib.unescape(strip_tags(html)).split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"
