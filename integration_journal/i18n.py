"""Languages: the one a person chose, used for their pages and for what is made for them outside
a request (emails, notifications, PDFs), and compiling the catalogues without GNU gettext.

A person's language is `accounts.User.language` (read here by attribute, as the time zone is:
this layer knows nothing of accounts). Empty means they have not chosen: the site's default.
"""

import contextlib
from pathlib import Path

from django.conf import settings
from django.utils import translation


def supported(code: str | None) -> str:
    """`code` if it is one of LANGUAGES (or its base language is), else ""."""
    if not code:
        return ""
    codes = {lang for lang, _ in settings.LANGUAGES}
    code = code.lower()
    if code in codes:
        return code
    base = code.split("-")[0]
    return base if base in codes else ""


def language_of(user) -> str:
    """The language for things made for `user`: their choice, else the site's default."""
    return supported(getattr(user, "language", "")) or settings.LANGUAGE_CODE


@contextlib.contextmanager
def language_for(user):
    """Render in `user`'s language for the duration (an email, a push message, a PDF)."""
    with translation.override(language_of(user)):
        yield


def compile_catalogues(roots=None, *, force: bool = False) -> list[Path]:
    """Compile every locale/<lang>/LC_MESSAGES/*.po under `roots` (default LOCALE_PATHS) into
    the .mo file beside it, when the .mo is missing or older. Pure Python (polib), so a fresh
    machine needs nothing but the project's locked dependencies. Returns the files written."""
    import polib

    written = []
    for root in roots or settings.LOCALE_PATHS:
        for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if (
                not force
                and mo_path.exists()
                and mo_path.stat().st_mtime >= po_path.stat().st_mtime
            ):
                continue
            catalogue = polib.pofile(str(po_path))
            # Fuzzy entries are guesses by msgmerge; msgfmt leaves them out, and so do we.
            for entry in catalogue.fuzzy_entries():
                catalogue.remove(entry)
            tmp = mo_path.with_suffix(".mo.tmp")
            catalogue.save_as_mofile(str(tmp))
            tmp.replace(mo_path)
            written.append(mo_path)
    return written
