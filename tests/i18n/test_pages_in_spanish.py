"""Every page of the main journeys reads fully in Spanish: rendered in English and in Spanish as
its role, no visible string of ours may be the same in both (tests/i18n/pages.py lists them)."""

import pytest
from django.test import Client

from tests.i18n.pages import CATALOGUE, PAGES
from tests.i18n.visible import untranslated, user_content


def render(demo, page, language: str, path: str) -> str:
    client = Client()
    landing = page.landing(demo)
    if page.role == "anonymous":
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    else:
        user = demo.people[page.role]
        user.language = language
        user.save(update_fields=["language"])
        client.force_login(user)
        other = "en" if language == "es" else "es"
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=other, follow=landing is not None)
    if landing is not None:
        assert [url for url, _status in response.redirect_chain] == [landing], (path, landing)
    expected = 404 if page.name == "404" else 200
    assert response.status_code == expected, (path, response.status_code)
    html = response.content.decode()
    assert f'<html lang="{language}">' in html, f"{path} was not rendered in {language}"
    return html


def _params():
    for page in PAGES:
        marks = [pytest.mark.xfail(strict=True, reason=f"waiting for {page.waiting}")]
        yield pytest.param(page, id=page.id, marks=marks if page.waiting else [])


@pytest.mark.parametrize("page", _params())
def test_page_reads_fully_in_spanish(demo, page):
    path = page.path(demo)
    english = render(demo, page, "en", path)
    spanish = render(demo, page, "es", path)
    same = untranslated(english, spanish, stored=user_content(CATALOGUE))
    assert not same, f"{len(same)} string(s) on {path} read the same in Spanish:\n" + "\n".join(
        f"  {text!r}" for text in same
    )
