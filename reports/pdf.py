"""PDF rendering with WeasyPrint, safely.

- The URL fetcher serves only the app's own static files (fonts, the print stylesheet). Every other
  URL, whatever its scheme (file:, http:, https:, data:, ftp:…), is refused, so nothing in a
  journal entry can make the server read a file or open a connection.
- Each render runs in a child process with a time limit; a render that takes too long is stopped
  and reported as a failure instead of tying up a worker.
- What every render needs is made ready once in the worker that forks it (WeasyPrint imported,
  the fonts decompressed), so each child starts with it instead of paying for it again.
"""

from __future__ import annotations

import functools
import io
import mimetypes
import multiprocessing
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

BASE_URL = "https://report.invalid/"
STATIC_PREFIX = BASE_URL + settings.STATIC_URL.lstrip("/")
# Photos of the report's entries: handed to the renderer as bytes (never fetched), by these URLs.
ATTACHMENT_PREFIX = BASE_URL + "attachments/"
RENDER_SECONDS = 60


class RenderFailed(Exception):
    """The PDF could not be made; the message is safe to show to the person."""


def static_path(url: str) -> str | None:
    """The file behind one of our static URLs, or None."""
    if not url.startswith(STATIC_PREFIX):
        return None
    parts = urlsplit(url)
    relative = unquote(parts.path).removeprefix("/" + settings.STATIC_URL.lstrip("/"))
    if not relative or ".." in relative.split("/") or relative.startswith("/"):
        return None
    return finders.find(relative)


@functools.cache
def static_bytes(path: str) -> bytes:
    """A static file's bytes, read once per process; a WOFF2 font is decompressed to the plain
    font WeasyPrint would otherwise decompress again in every render."""
    with open(path, "rb") as handle:
        body = handle.read()
    if body[:4] == b"wOF2":
        from fontTools.ttLib import woff2  # WeasyPrint's own dependency, loaded with it

        plain = io.BytesIO()
        woff2.decompress(io.BytesIO(body), plain)
        body = plain.getvalue()
    return body


FONT_URL = re.compile(r'url\("\.\./(fonts/[^"]+)"\)')


@functools.cache
def prepare_worker() -> None:
    """Loads WeasyPrint and the report's fonts into this process, once. Called in the task worker
    before it forks a render, never at import: the web processes, which import this module but
    never render, stay without WeasyPrint's memory."""
    import weasyprint  # noqa: F401 - see above

    with open(finders.find("css/fonts.css"), encoding="utf-8") as handle:
        for relative in FONT_URL.findall(handle.read()):
            if path := finders.find(relative):
                static_bytes(path)


def make_fetcher(images: dict[str, bytes] | None = None):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    images = images or {}

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self):
            super().__init__(timeout=5, allowed_protocols={"https"}, allow_redirects=False)

        def fetch(self, url, headers=None):
            if url in images:  # a photo the report holds, read by the task beforehand
                return URLFetcherResponse(url, images[url], {"Content-Type": "image/webp"})
            path = static_path(url)
            if path is None:
                raise ValueError("Only the app's own static files may be used in a report.")
            body = static_bytes(path)
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticOnlyFetcher()


def _render(html: str, images: dict[str, bytes] | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=make_fetcher(images)).write_pdf()


def _child(html: str, sender, images=None) -> None:
    try:
        sender.send(("ok", _render(html, images)))
    except Exception as error:  # reported to the parent, which decides what to show
        sender.send(("error", f"{type(error).__name__}: {error}"[:300]))
    finally:
        sender.close()


def render_pdf(
    html: str, *, seconds: int = RENDER_SECONDS, images: dict[str, bytes] | None = None
) -> bytes:
    """Render HTML to PDF bytes in a child process, within `seconds`. `images`: the bytes of the
    report's photos by their ATTACHMENT_PREFIX URLs (the only non-static URLs served)."""
    prepare_worker()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(html, sender, images), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise RenderFailed(
                _(
                    "The report took longer than {seconds} seconds to prepare and was stopped. "
                    "Try a shorter date range or fewer entries."
                ).format(seconds=seconds)
            )
        try:
            status, payload = receiver.recv()
        except EOFError as error:
            raise RenderFailed(_("The report could not be prepared. Please try again.")) from error
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if status != "ok":
        raise RenderFailed(_("The report could not be prepared. Please try again."))
    return payload
