"""The care, practices, intentions, my data, reports and questionnaire pages read fully in Spanish
in what they say themselves: the `<main>` of each page, leaving out only the pieces other parts
of the product render into it and translate on their own (listed below by owner).

`test_pages_in_spanish` checks the whole page and waits (xfail) for those parts; this test holds
these apps' own strings to the same rule now, so a new English string in them fails at once.
When a part below lands its translation, delete its lines: the test then covers it too.
"""

import re

import pytest
from django.test import Client

from tests.i18n.pages import CATALOGUE, PAGES
from tests.i18n.visible import untranslated, user_content

APPS = ("intentions", "practices", "measures", "care", "reports", "mydata")

# Rendered inside these apps' pages by other parts, which translate them themselves.
NOT_OURS = {
    # integration_journal (charts, date filters, form widgets) and templates/_partials
    "core": {
        "Marked on the chart:",
        "Lines across the chart: Provisional threshold (33).",
        "Provisional threshold (33)",
        "(optional)",
        "0 is the lowest you have felt, 10 the best.",
        ", lowest",
        ", best",
        "0 lowest",
        "10 best",
        "Clear",
        "this answer",
        "Shading:",
        "none",
        "a few",
        "988 Suicide & Crisis Lifeline",
        "Call or text 988, any time, day or night.",
        "Call 988",
        "Text 988",
        "Prefer writing? Send a text message to 988.",
        "Crisis Text Line",
        "Text HOME to 741741 to reach a trained crisis counselor.",
        "Text 741741",
        "Emergency services",
        "If you are in immediate danger, call 911 or go to the nearest emergency room.",
        "Call 911",
    },
    # measures/instruments.py: names, descriptions, bands and the published item wording
    "questionnaires": {
        "PHQ-9 (depression)",
        "GAD-7 (anxiety)",
        "PCL-5 (post-traumatic stress)",
        "PEG (pain)",
        "Nine questions about mood over the last two weeks.",
        "Seven questions about anxiety over the last two weeks.",
        "Twenty questions about reactions to a very stressful experience, over the past month.",
        "Three questions about pain and how it got in the way, over the past week.",
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
        "Minimal",
        "Mild",
        "Moderate",
        "Moderately severe",
        "Severe",
        "minimal",
        "mild",
        "moderate",
        "moderately severe",
        "severe",
    },
    # journal: its templates the therapist's pages include, and its models' choice labels
    "journal": {
        "Each theme, most frequent first",
        "Theme",
        "Entries",
        "First seen",
        "Last seen",
        "Entries with each theme, by session",
        "Between sessions",
        "the most. “Between sessions” counts entries not tied to a session.",
        "and",
        "· shared",
        "Unread",
        "Themes",
        "Intramuscular (IM)",
    },
}
NOT_OURS_PATTERNS = [
    re.compile(r"^\d+\. "),  # a numbered questionnaire item (measures/instruments.py)
    re.compile(r"^(Minimal|Mild|Moderate|Moderately severe|Severe): \d+–\d+$"),  # a band
    # Dates and times as the core date filters and charts write them.
    re.compile(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}\b"),
    # An entry card's phase and time (templates/journal/_entry_card.html).
    re.compile(r"^(Before|During|Right after|Integration|Free writing) · "),
    re.compile(r"^\d+ entr(y|ies)$"),
]
FROM_OTHERS = set().union(*NOT_OURS.values())


def _main(html: str) -> str:
    start, end = html.find("<main"), html.find("</main>")
    assert start != -1 and end != -1, "the page has no <main>"
    return html[start : end + len("</main>")]


def _ours(text: str) -> bool:
    return text not in FROM_OTHERS and not any(p.search(text) for p in NOT_OURS_PATTERNS)


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
    same = [t for t in untranslated(english, spanish, stored=user_content(CATALOGUE)) if _ours(t)]
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
