"""The scripts' own words read in Spanish: every string static/js marks with gettext/ngettext has
a Spanish translation in the JavaScript catalogue (/jsi18n/, locale/es/LC_MESSAGES/djangojs.po),
and every page loads that catalogue before its scripts run. tests/e2e/test_scripts_in_spanish.py
watches the recorder and the phase note speak Spanish in a real browser."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers import client_for, make_user

pytestmark = pytest.mark.django_db

SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"
# gettext("…") and ngettext("…", "…", n) with a literal string: what makemessages extracts.
MARKED = re.compile(r'\bn?gettext\(\s*"((?:[^"\\]|\\.)*)"(?:,\s*"((?:[^"\\]|\\.)*)")?')


def marked_strings() -> dict[str, tuple[str, bool]]:
    """Each marked msgid (a plural by its singular) and (its script, whether it is a plural)."""
    found = {}
    for script in sorted(SCRIPTS.glob("*.js")):
        for match in MARKED.finditer(script.read_text(encoding="utf-8")):
            singular, plural = match.groups()
            found[json.loads(f'"{singular}"')] = (script.name, plural is not None)
    return found


def spanish_catalogue() -> dict:
    user = make_user("scripts-es@example.org", language="es")
    response = client_for(user).get(reverse("javascript-catalog"))
    assert response.status_code == 200
    body = response.content.decode()
    return json.loads(body.split("const newcatalog = ", 1)[1].split(";\n", 1)[0])


def test_the_scripts_mark_their_words():
    strings = marked_strings()
    # The scripts that speak to the reader themselves (the others take their words from the page).
    assert {"pwa.js", "phase.js", "recorder.js"} <= {script for script, _ in strings.values()}
    assert "Recording…" in strings


def test_every_marked_string_has_spanish():
    catalogue = spanish_catalogue()
    missing = []
    for text, (script, plural) in marked_strings().items():
        spanish = catalogue.get(text)
        forms = spanish if isinstance(spanish, list) else [spanish]
        untranslated = spanish is None or text in forms or not all(forms)
        if untranslated or plural != isinstance(spanish, list):
            missing.append((script, text, spanish))
    assert missing == []


def test_pages_load_the_catalogue_before_their_scripts():
    user = make_user("scripts-page@example.org", language="es")
    html = client_for(user).get(reverse("journal:entry_create")).content.decode()
    catalogue = html.index(f'src="{reverse("javascript-catalog")}?l=es"')
    assert catalogue < html.index('type="module"')
    tag = html[html.rindex("<script", 0, catalogue) : html.index(">", catalogue)]
    assert " defer" in tag and "nonce=" in tag  # runs in order before the modules, CSP-clean
