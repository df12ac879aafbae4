"""Hostile and unusual input through every form of every page: never a 500, a clear error when
refused (with what was typed still there), an exact round trip when accepted.

The forms are found, not listed: each page of the URL matrix is opened by someone allowed to see
it, every form with a free-text field is filled in (text fields with the sample, the rest with
plausible values) and sent, each inside a savepoint that is rolled back afterwards. A form a
teammate adds tomorrow is covered without touching this file.
"""

import html

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.test import Client
from django.urls import resolve

from tests.helpers import client_for
from tests.security.forms import Form, fill, forms_on
from tests.security.matrix import (
    ALLAUTH,
    CARE,
    CARE_ACCESS,
    LOGIN,
    OWNED_BY,
    OWNER,
    PUBLIC,
    url_for,
    urls,
)

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
NUMBERS_AND_DATES = ("number", "range", "date", "datetime-local", "time")
ODD_NUMBERS = ["-1", "1e309", "NaN", "Infinity", "99999999999999999999999", "½", "3.5", " ", "٣"]
ODD_CHOICES = ["99", "-1", "", "x" * 1000, "nul\x00", "00000000-0000-0000-0000-000000000000"]
ODD_DATES = ["2026-02-30", "0001-01-01", "9999-12-31", "9999-12-31T23:59", "yesterday", "", "٢٠٢٦"]

# Fields whose text is a value to look up or a list, not something stored as typed; a refusal
# there is the right answer for odd input, so only "never a 500" applies.
LOOKUPS = {
    "code": "a clinic code: refused unless it matches a clinic",
    "login": "an email address to sign in with",
    "email": "an email address",
    "password": "a password, never stored as typed",
    "q": "a search query: shown back, not stored",
    "theme_names": "a comma-separated list of theme names, tidied before storing",
    "token": "an emailed token",
}
# Short labels are tidied on purpose: runs of spaces, tabs and line breaks become one space.
TIDIED = {"name", "new_practice"}
# Pages only a therapist, clinic admin or support person opens with something to fill in.
EXTRA_OPENERS = {
    "care:dashboard": "therapist",
    "care:shared_search": "therapist",
    "care:support_home": "friend",
}
SKIP_ACTIONS = ("/accounts/logout/", "/admin/")


def text_columns() -> list[tuple[type[models.Model], str]]:
    skip = ("password", "session_key", "token_hash")
    return [
        (model, f.name)
        for model in apps.get_models()
        if model._meta.managed  # not SQLite's search index: a copy of Entry's columns
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.name.endswith("_html")
        and f.name not in skip
    ]


def stored_somewhere(text: str, columns) -> bool:
    if "\x00" in text and connection.vendor == "postgresql":
        return False  # PostgreSQL text cannot hold NUL at all
    return any(model._default_manager.filter(**{name: text}).exists() for model, name in columns)


def field_has_error(content: str, name: str) -> bool:
    return f'id="id_{name}_error"' in content or f'aria-describedby="id_{name}_error' in content


def pages_for(kind: str, things) -> list[tuple[str, str, str | None]]:
    """(url name, url, persona) for every page of one class of the matrix."""
    pages = []
    for name, route in urls(kind):
        if kind in (PUBLIC, ALLAUTH):
            persona = None
        elif kind == CARE:
            persona = CARE_ACCESS[name][0]
        else:
            persona = OWNED_BY.get(name, EXTRA_OPENERS.get(name, "alice"))
        pages.append((name, url_for(name, route, things), persona))
    return pages


def discover(kind: str, things) -> list[tuple[str, str | None, Form]]:
    world = things["world"]
    found, seen = [], set()
    for name, url, persona in pages_for(kind, things):
        client = client_for(getattr(world, persona)) if persona else Client()
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for form in forms_on(response.content.decode(), url):
            if form.action.startswith(SKIP_ACTIONS) or not (
                form.text_fields or form.fields_of_type(*NUMBERS_AND_DATES, "radio", "select")
            ):
                continue
            if form.signature() in seen:
                continue
            seen.add(form.signature())
            found.append((name, persona, form))
    return found


def submit(client: Client, form: Form, data: dict):
    if form.method == "get":
        return client.get(form.action, data)
    return client.post(form.action, data)


def check_form(page, persona, form, things, columns) -> list[str]:
    world = things["world"]
    problems = []
    for sample, text in CORPUS.items() if form.text_fields else ():
        where = f"{page} → {form.method.upper()} {resolve(form.action).view_name} [{sample}]"
        with transaction.atomic():
            client = client_for(getattr(world, persona)) if persona else Client()
            follow = None
            try:
                response = submit(client, form, fill(form, text))
                if response.status_code == 302 and response["Location"].startswith("/"):
                    follow = client.get(response["Location"])
                    if follow.status_code >= 500:
                        problems.append(f"{where}: {follow.status_code} after the redirect")
            except Exception as error:  # noqa: BLE001 - a 500 in a real server
                problems.append(f"{where}: raised {error!r}"[:300])
                transaction.set_rollback(True)
                continue
            status = response.status_code
            content = response.content.decode(errors="replace")
            typed = [name for name in form.text_fields if name not in LOOKUPS]
            if status >= 500 or status not in (200, 302, 400, 404, 429):
                problems.append(f"{where}: status {status}")
            elif form.method == "get":
                pass
            elif sample in REFUSED:
                if status == 302:
                    # A one-field form inside another page may refuse by going back to that
                    # page with an error message; then nothing may have been stored.
                    shown = follow is not None and b"message--error" in follow.content
                    if not shown or stored_somewhere(text, columns):
                        problems.append(f"{where}: accepted")
                elif "errorlist" not in content and 'role="alert"' not in content:
                    problems.append(f"{where}: refused without a visible error")
                elif sample == "very long" and typed and html.escape(text) not in content:
                    problems.append(f"{where}: what was typed is gone")
            elif status == 302:
                for name in typed:
                    tidied = " ".join(text.split()) if name in TIDIED else text
                    if not any(stored_somewhere(t, columns) for t in {text, tidied}):
                        problems.append(f"{where}: {name} was not stored exactly as typed")
                        break
            else:
                for name in typed:
                    if field_has_error(content, name):
                        problems.append(f"{where}: {name} refused ordinary Unicode")
            transaction.set_rollback(True)
    return problems


def check_numbers_and_dates(page, persona, form, things) -> list[str]:
    """Odd numbers, impossible dates and made-up choices in every such field: never a 500."""
    world = things["world"]
    problems = []
    odd_values = {
        "number": ODD_NUMBERS,
        "range": ODD_NUMBERS,
        "radio": ODD_CHOICES,
        "select": ODD_CHOICES,
    }
    for name in dict.fromkeys(form.fields_of_type(*NUMBERS_AND_DATES, "radio", "select")):
        kind = next(c.type for c in form.controls if c.name == name)
        for odd in odd_values.get(kind, ODD_DATES):
            where = f"{page} → {resolve(form.action).view_name} [{name}={odd!r}]"
            with transaction.atomic():
                client = client_for(getattr(world, persona)) if persona else Client()
                data = fill(form, "Plain words", set(form.text_fields))
                data[name] = [odd]
                try:
                    status = submit(client, form, data).status_code
                except Exception as error:  # noqa: BLE001 - a 500 in a real server
                    problems.append(f"{where}: raised {error!r}"[:300])
                    status = 0
                if status >= 500:
                    problems.append(f"{where}: status {status}")
                transaction.set_rollback(True)
    return problems


@pytest.mark.parametrize("kind", [PUBLIC, ALLAUTH, LOGIN, OWNER, CARE])
def test_every_number_date_and_choice_survives_odd_values(things, kind):
    problems = []
    for page, persona, form in discover(kind, things):
        problems += check_numbers_and_dates(page, persona, form, things)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("kind", [PUBLIC, ALLAUTH, LOGIN, OWNER, CARE])
def test_every_form_survives_hostile_input(things, kind):
    columns = text_columns()
    forms = discover(kind, things)
    problems = []
    for page, persona, form in forms:
        problems += check_form(page, persona, form, things, columns)
    assert problems == [], "\n".join(problems)


def test_the_crawler_finds_the_forms_people_type_into(things):
    """Guards the test above against silently finding nothing."""
    views = set()
    for kind in (PUBLIC, ALLAUTH, LOGIN, OWNER, CARE):
        views |= {resolve(form.action).view_name for _, _, form in discover(kind, things)}
    expected = {
        "account_signup",
        "account_login",
        "account_reset_password",
        "accounts:settings",
        "journal:entry_create",
        "journal:entry_edit",
        "journal:session_create",
        "journal:theme_create",
        "journal:theme_rename",
        "journal:search",
        "intentions:create",
        "intentions:edit",
        "intentions:action_add",
        "intentions:review_add",
        "practices:check_in",
        "care:join",
        "care:reflect",
        "care:support_session",
        "care:reflection_reply",
        "care:clinic_edit",
        "care:resource_new",
        "care:clinic_new",
    }
    assert expected - views == set(), sorted(views)
