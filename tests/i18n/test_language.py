"""Which language a page, an email or a PDF is in: the signed-in person's stored choice, else
the browser's; the switch; the settings choice; catalogues compiled without GNU gettext."""

import re
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from integration_journal.i18n import compile_catalogues, language_for, language_of, supported
from tests.helpers import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db


def lang(response) -> str:
    html = response.content.decode()
    start = html.index('<html lang="') + len('<html lang="')
    return html[start : html.index('"', start)]


def test_before_sign_in_the_browsers_language():
    client = Client()
    spanish = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert lang(spanish) == "es"
    assert spanish["Content-Language"] == "es"
    english = Client().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="de,en;q=0.5")
    assert lang(english) == "en"
    # A language we do not have: the site's default.
    assert lang(Client().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr")) == "en"


def test_a_signed_in_person_reads_their_stored_language_whatever_the_browser_says():
    user = make_user("ana@example.org", "Ana", language="es")
    response = client_for(user).get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="en")
    assert lang(response) == "es"
    user.language = "en"
    user.save()
    response = client_for(user).get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="es")
    assert lang(response) == "en"


def test_someone_who_never_chose_follows_the_browser():
    user = make_user("ana@example.org", "Ana")
    assert user.language == ""
    response = client_for(user).get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="es")
    assert lang(response) == "es"


def test_the_switch_sets_the_cookie_before_sign_in():
    client = Client()
    response = client.post(
        reverse("accounts:set_language"), {"language": "es", "next": reverse("account_login")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert response.cookies["ij_language"].value == "es"
    assert lang(client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")) == "es"


def test_the_switch_stores_a_signed_in_persons_choice():
    user = make_user("ana@example.org", "Ana", language="en")
    client = client_for(user)
    client.post(reverse("accounts:set_language"), {"language": "es", "next": "/"})
    user.refresh_from_db()
    assert user.language == "es"


def test_the_switch_refuses_get_an_unknown_language_and_a_foreign_next():
    user = make_user("ana@example.org", "Ana", language="en")
    client = client_for(user)
    assert client.get(reverse("accounts:set_language")).status_code == 405
    client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    response = client.post(
        reverse("accounts:set_language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_switch_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("accounts:set_language"), {"language": "es"}).status_code == 403


def test_the_footer_offers_the_other_language_named_in_itself():
    html = Client().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="es" lang="es"' in html
    assert ">Español</button>" in html
    assert 'action="/account/language/"' in html


def test_settings_page_choice_is_saved_and_preselected():
    user = make_user("ana@example.org", "Ana")
    client = client_for(user)
    page = client.get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<option value="es" selected>Español</option>' in page
    response = client.post(
        reverse("accounts:settings"),
        {"display_name": "Ana", "time_zone": "UTC", "language": "es"},
        follow=True,
    )
    user.refresh_from_db()
    assert user.language == "es"
    assert lang(response) == "es"


def test_settings_refuse_an_unknown_language():
    user = make_user("ana@example.org", "Ana", language="en")
    response = client_for(user).post(
        reverse("accounts:settings"), {"display_name": "Ana", "time_zone": "UTC", "language": "xx"}
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.language == "en"


def test_signing_in_stores_the_language_of_someone_who_never_chose():
    user = make_user("ana@example.org", "Ana")
    Client().post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    user.refresh_from_db()
    assert user.language == "es"


def test_signing_in_keeps_a_stored_choice():
    user = make_user("ana@example.org", "Ana", language="en")
    Client().post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    user.refresh_from_db()
    assert user.language == "en"


def test_language_for_renders_in_the_persons_language():
    assert supported("es-MX") == "es"
    assert supported("fr") == ""
    assert language_of(User(language="")) == "en"
    with language_for(User(language="es")):
        assert translation.get_language() == "es"
        assert translation.gettext("January") == "enero"
    with translation.override("en"), language_for(User(language="")):
        assert translation.gettext("January") == "January"


def test_catalogues_compile_in_pure_python(tmp_path):
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(polib.POEntry(msgid="Save", msgstr="Guardar"))
    catalogue.append(polib.POEntry(msgid="Guess", msgstr="Adivina", flags=["fuzzy"]))
    catalogue.save(str(folder / "django.po"))
    assert compile_catalogues([tmp_path]) == [folder / "django.mo"]
    compiled = polib.mofile(str(folder / "django.mo"))
    assert {entry.msgid: entry.msgstr for entry in compiled} == {"Save": "Guardar"}
    assert compile_catalogues([tmp_path]) == []  # up to date: nothing written


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _catalogues():
    from django.conf import settings

    for folder in settings.LOCALE_PATHS:
        yield from sorted(Path(folder).glob("*/LC_MESSAGES/*.po"))


@pytest.mark.parametrize("path", list(_catalogues()), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_every_translation_has_the_catalogues_plural_forms_and_the_same_placeholders(path):
    """What GNU msgfmt --check would refuse (it is not installed everywhere): a plural with more
    or fewer forms than the header says, or a translation that drops or invents a placeholder
    (Django would raise KeyError when it formats the string)."""
    catalogue = polib.pofile(str(path))
    forms = int(re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    wrong = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural and len(entry.msgstr_plural) != forms:
            wrong.append(f"{len(entry.msgstr_plural)} plural forms: {entry.msgid[:60]}")
        names = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            if set(PLACEHOLDER.findall(text)) - names:
                wrong.append(f"placeholder not in the English: {entry.msgid[:60]}")
    assert wrong == []


def test_the_scripts_catalogue_loads_on_every_page_in_spanish_and_not_in_english():
    """The scripts' own words (offline saving, the recorder, the drawing pad) come from
    /jsi18n/; an English page needs none of it and makes no such request."""
    catalogue = reverse("javascript-catalog")
    spanish = client_for(make_user("lucia@example.org", language="es"))
    english = client_for(make_user("lucy@example.org"))
    for name in ("home", "journal:entry_list", "practices:check_in"):
        assert (
            f'<script src="{catalogue}?l=es" defer' in spanish.get(reverse(name)).content.decode()
        )
        assert catalogue not in english.get(reverse(name)).content.decode()
    script = spanish.get(catalogue)
    assert script.status_code == 200
    assert "Tu entrada escrita sin conexi" in script.content.decode()
