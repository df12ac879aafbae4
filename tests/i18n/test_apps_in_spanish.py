"""The care, practices, intentions, my data, reports and questionnaire pages read fully in Spanish:
the `<main>` of each page, in what they say themselves and in what other parts of the product
(charts, date filters, crisis resources, questionnaires, the journal's templates) render into it.

Nothing is left out beyond what `tests/i18n/visible.py` always leaves out (what people wrote,
text with a `lang` of its own such as the PCL-5 and PEG items shown in English, and the words
the same in both languages), so a new English string in these apps fails at once.
"""

import pytest
from django.test import Client

from tests.i18n.pages import CATALOGUE, PAGES
from tests.i18n.visible import untranslated, user_content

APPS = ("intentions", "practices", "measures", "care", "reports", "mydata")


def _main(html: str) -> str:
    start, end = html.find("<main"), html.find("</main>")
    assert start != -1 and end != -1, "the page has no <main>"
    return html[start : end + len("</main>")]


def _render(demo, page, language: str) -> str:
    user = demo.people[page.role]
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    response = client.get(page.path(demo))
    assert response.status_code == 200, (page.id, response.status_code)
    return response.content.decode()


def _apps_pages():
    """The pages of PAGES that belong to these apps (their URL names, or a lambda's page)."""
    for page in PAGES:
        if page.role == "anonymous" or page.url == "home" or page.name == "entry":
            continue  # the journal's own pages
        if isinstance(page.url, str) and page.url.split(":")[0] not in APPS:
            continue
        yield pytest.param(page, id=page.id)


@pytest.mark.parametrize("page", _apps_pages())
def test_apps_own_strings_read_in_spanish(demo, page):
    english = _main(_render(demo, page, "en"))
    spanish = _main(_render(demo, page, "es"))
    same = untranslated(english, spanish, stored=user_content(CATALOGUE))
    assert not same, f"{len(same)} string(s) of {page.id} read the same in Spanish:\n" + "\n".join(
        f"  {text!r}" for text in same
    )


def test_the_list_covers_every_app_and_role():
    pages = list(_apps_pages())
    assert len(pages) >= 30
    named = {
        param.values[0].url.split(":")[0] for param in pages if isinstance(param.values[0].url, str)
    }
    assert named == set(APPS)
    roles = {param.values[0].role for param in pages}
    assert roles == {"patient", "therapist", "clinic_admin", "support_person"}
