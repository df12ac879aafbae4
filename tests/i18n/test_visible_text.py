"""The comparison itself: it finds what was left in English and leaves out what is not ours."""

import pytest

from tests.i18n.visible import untranslated, visible_texts

ENGLISH = """<html lang="en"><head><title>Home</title><script>var x = "Save";</script></head>
<body><h1>Your journal</h1><p>Hello, <strong>Sam</strong></p><button aria-label="Close">×</button>
<input type="submit" value="Save"><p>12 · 2026-12-06</p><p>sam@example.org</p>
<div class="prose"><p>My mother</p></div><span lang="es">Español</span>
<p translate="no">A name</p><p>Integration Journal</p>
<p>A long line that somebody wrote in an entry</p>
<option>America/New York</option></body></html>"""
SPANISH = """<html lang="es"><head><title>Inicio</title><script>var x = "Save";</script></head>
<body><h1>Your journal</h1><p>Hola, <strong>Sam</strong></p><button aria-label="Close">×</button>
<input type="submit" value="Guardar"><p>12 · 2026-12-06</p><p>sam@example.org</p>
<div class="prose"><p>My mother</p></div><span lang="en">English</span>
<p translate="no">A name</p><p>Integration Journal</p>
<p>A long line that somebody wrote in an entry</p>
<option>America/New York</option></body></html>"""
STORED = {"Sam", "Somebody: A long line that somebody wrote in an entry, and more."}


def test_it_lists_every_string_left_in_english():
    assert untranslated(ENGLISH, SPANISH, stored=STORED) == ["Your journal", "Close"]


def test_a_fully_translated_page_passes():
    spanish = SPANISH.replace("Your journal", "Tu diario").replace('"Close"', '"Cerrar"')
    assert untranslated(ENGLISH, spanish, stored=STORED) == []


@pytest.mark.parametrize("text", ["Home", "Save"])
def test_a_short_label_inside_someones_entry_is_still_ours(text):
    page = f'<html lang="en"><body><p>{text}</p></body></html>'
    assert untranslated(page, page, stored={f"My {text} is somewhere long"}) == [text]


def test_visible_texts_collapse_whitespace_and_skip_scripts():
    html = "<p>One\n   two</p><script>no</script><style>p{}</style><img alt='A picture'>"
    assert visible_texts(html) == ["One two", "A picture"]
