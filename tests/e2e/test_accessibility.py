"""axe-core (vendored from npm) on every main page, signed out and in, light and dark: zero WCAG
2.2 A/AA violations. Also a keyboard-only walk through the entry form, and screenshots.

Screenshots go to test-results/screenshots/; with SAVE_SCREENSHOTS=1 they also refresh
docs/screenshots/ (used in the README).
"""

import os
import shutil

import pytest
from django.core.management import call_command

from accounts.models import User
from care.demo import DEMO_TOTP_SECRET
from intentions.models import Intention
from journal.models import Entry, Theme, TreatmentSession
from tests.e2e.conftest import DESKTOP, PHONE, ROOT, SCREENSHOTS, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DEMO_PASSWORD = "integration-demo"  # noqa: S105
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RESULTS = ROOT / "test-results" / "screenshots"
AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: %s}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
}"""


def axe_violations(page) -> list:
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    return page.evaluate(AXE % TAGS)


def patient_pages() -> dict[str, str]:
    patient = User.objects.get(email="demo@example.org")
    entry = Entry.objects.for_owner(patient).first()
    session = TreatmentSession.objects.for_owner(patient).first()
    intention = Intention.objects.for_owner(patient).first()
    theme = Theme.objects.for_owner(patient).first()
    return {
        "home": "/",
        "intentions": "/intentions/",
        "intention": f"/intentions/{intention.pk}/",
        "intention-new": "/intentions/new/",
        "journal": "/journal/",
        "entry-new": "/journal/new/",
        "entry": f"/journal/entries/{entry.pk}/",
        "entry-edit": f"/journal/entries/{entry.pk}/edit/",
        "sessions": "/journal/sessions/",
        "session": f"/journal/sessions/{session.pk}/",
        "timeline": "/journal/timeline/",
        "search": "/journal/search/?q=lake",
        "themes": "/journal/themes/",
        "theme": f"/journal/themes/{theme.slug}/",
        "practices": "/practices/",
        "check-in": "/practices/check-in/",
        "timer": "/practices/timer/",
        "measures": "/measures/",
        "phq9-history": "/measures/phq9/",
        "phq9": "/measures/phq9/take/",
        "care": "/care/",
        "shared": "/care/shared/",
        "access-log": "/care/access-log/",
        "reports": "/reports/",
        "report-new": "/reports/new/",
        "settings": "/account/settings/",
        "my-data": "/account/data/",
        "trash": "/account/trash/",
        "help": "/help/",
    }


PUBLIC = {
    "welcome": "/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "password-reset": "/accounts/password/reset/",
    "help-public": "/help/",
}


def check_pages(open_tab, base_url, pages, *, scheme, login=None, shots=()):
    tab = open_tab(color_scheme=scheme)
    if login:
        sign_in(tab.page, base_url, *login[:2], totp_secret=login[2] if len(login) > 2 else None)
    failures = {}
    for name, path in pages.items():
        page = tab.go(path)
        violations = axe_violations(page)
        if violations:
            failures[f"{name} ({scheme})"] = violations
        if name in shots and scheme == "light":
            RESULTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=RESULTS / f"{name}-desktop.png", full_page=False)
    return tab, failures


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_anywhere(tab, live_server, demo, scheme):
    shots = {"welcome", "home", "entry-new", "entry", "themes", "intention", "practices",
             "phq9-history", "dashboard", "report-new"}  # fmt: skip
    failures = {}
    _, found = check_pages(tab, live_server.url, PUBLIC, scheme=scheme, shots=shots)
    failures.update(found)
    _, found = check_pages(
        tab, live_server.url, patient_pages(), scheme=scheme, shots=shots,
        login=("demo@example.org", DEMO_PASSWORD),
    )  # fmt: skip
    failures.update(found)
    patient = User.objects.get(email="demo@example.org")
    therapist_pages = {"dashboard": "/care/dashboard/", "patient": f"/care/patients/{patient.pk}/"}
    _, found = check_pages(
        tab, live_server.url, therapist_pages, scheme=scheme, shots=shots,
        login=("therapist@example.org", DEMO_PASSWORD, DEMO_TOTP_SECRET),
    )  # fmt: skip
    failures.update(found)
    assert failures == {}, "\n".join(f"{page}: {v}" for page, v in failures.items())


def test_phone_screenshots(tab, live_server, demo):
    phone = tab(viewport=PHONE)
    sign_in(phone.page, live_server.url, "demo@example.org", DEMO_PASSWORD)
    RESULTS.mkdir(parents=True, exist_ok=True)
    pages = {"home": "/", "entry-new": "/journal/new/", "check-in": "/practices/check-in/",
             "themes": "/journal/themes/"}  # fmt: skip
    for name, path in pages.items():
        phone.go(path).screenshot(path=RESULTS / f"{name}-phone.png", full_page=False)
    if os.environ.get("SAVE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for image in RESULTS.glob("*.png"):
            shutil.copy(image, SCREENSHOTS / image.name)


def test_keyboard_only_walk_through_the_entry_form(tab, live_server, demo):
    desk = tab(viewport=DESKTOP)
    sign_in(desk.page, live_server.url, "demo@example.org", DEMO_PASSWORD)
    page = desk.go("/journal/new/")
    page.focus("#id_phase")
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement;
                 const style = getComputedStyle(el);
                 return {id: el.id, name: el.name || "", text: (el.textContent || "").trim(),
                         outline: style.outlineStyle !== "none" || style.boxShadow !== "none"}; }"""
        )
        assert info["outline"], f"no visible focus on {info}"
        reached.add(info["id"] or info["name"] or info["text"])
        if info["text"] == "Save entry":
            break
    for field in ("id_session", "id_title", "id_body", "id_other_emotions", "id_insight",
                  "id_theme_names", "Save entry"):  # fmt: skip
        assert field in reached, (field, reached)
    page.focus("#id_title")
    page.keyboard.type("Typed without a mouse")
    page.focus("#id_body")
    page.keyboard.type("Every field reachable.")
    page.keyboard.press("Tab")
    for _ in range(60):
        if page.evaluate("document.activeElement.textContent.trim()") == "Save entry":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/journal/entries/*/**")
    assert "Typed without a mouse" in page.content()


def test_the_axe_check_really_catches_problems(tab):
    """Guards the test above: a page with an unlabelled field must fail."""
    check = tab()
    page = check.go("/help/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input>')")
    assert "label" in {violation["id"] for violation in axe_violations(page)}
