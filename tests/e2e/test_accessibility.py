"""axe-core (vendored from npm) on every main page, signed out and in (patient, therapist, clinic
admin, support person), light and dark: zero WCAG 2.2 A/AA violations, and no CSP violation.
Also a keyboard-only walk through the entry form, and the screenshots used in the README.
"""

import pytest
from django.core.management import call_command

from accounts.models import User
from care.demo import DEMO_TOTP_SECRET
from care.models import Clinic, Share, SupportInvite
from intentions.models import Intention
from journal.models import Entry, Theme, TreatmentSession
from measures.models import Response
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DEMO_PASSWORD = "integration-demo"  # noqa: S105 - the documented local demo password
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + "\\n        " +
      (n.failureSummary || "").replace(/\\n/g, " "))}));
}"""
PATIENT = ("demo@example.org", DEMO_PASSWORD)
THERAPIST = ("therapist@example.org", DEMO_PASSWORD, DEMO_TOTP_SECRET)
CLINIC_ADMIN = ("clinic@example.org", DEMO_PASSWORD, DEMO_TOTP_SECRET)
SUPPORT = ("friend@example.org", DEMO_PASSWORD)


def axe_violations(page) -> list:
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    return page.evaluate(AXE, TAGS)


def readable(failures: dict) -> str:
    lines = []
    for where, violations in failures.items():
        lines.append(f"{where}:")
        for v in violations:
            lines.append(f"  {v['id']} [{v['impact']}] {v['help']}")
            lines += [f"    - {node}" for node in v["nodes"]]
    return "\n".join(lines)


PUBLIC = {
    "welcome": "/",
    "sign-in": "/accounts/login/",
    "sign-up": "/accounts/signup/",
    "password-reset": "/accounts/password/reset/",
    "help": "/help/",
    "not-found": "/journal/entries/not-a-real-page/",
}


def patient_pages() -> dict[str, str]:
    patient = User.objects.get(email=PATIENT[0])
    entry = Entry.objects.for_owner(patient).exclude(body="").first()
    session = TreatmentSession.objects.for_owner(patient).first()
    intention = Intention.objects.for_owner(patient).first()
    theme = Theme.objects.for_owner(patient).first()
    response = Response.objects.filter(owner=patient).first()
    pages = {
        "home": "/",
        "intentions": "/intentions/",
        "intention": f"/intentions/{intention.pk}/",
        "intention-new": "/intentions/new/",
        "intention-edit": f"/intentions/{intention.pk}/edit/",
        "journal": "/journal/",
        "entry-new": "/journal/new/",
        "entry": f"/journal/entries/{entry.pk}/",
        "entry-edit": f"/journal/entries/{entry.pk}/edit/",
        "sessions": "/journal/sessions/",
        "session": f"/journal/sessions/{session.pk}/",
        "session-new": "/journal/sessions/new/",
        "session-delete": f"/journal/sessions/{session.pk}/delete/",
        "timeline": "/journal/timeline/",
        "timeline-between": "/journal/timeline/between/",
        "search": "/journal/search/?q=lake",
        "themes": "/journal/themes/",
        "theme": f"/journal/themes/{theme.slug}/",
        "practices": "/practices/",
        "check-in": "/practices/check-in/",
        "timer": "/practices/timer/",
        "measures": "/measures/",
        "phq9-history": "/measures/phq9/",
        "phq9": "/measures/phq9/take/",
        "gad7": "/measures/gad7/take/",
        "care": "/care/",
        "join": "/care/join/",
        "resources": "/care/resources/",
        "shared": "/care/shared/",
        "access-log": "/care/access-log/",
        "reports": "/reports/",
        "report-new": "/reports/new/",
        "settings": "/account/settings/",
        "my-data": "/account/data/",
        "delete-account": "/account/delete/",
        "trash": "/account/trash/",
        "two-factor": "/accounts/2fa/",
        "sessions-signed-in": "/accounts/sessions/",
        "password-change": "/accounts/password/change/",
        "help-signed-in": "/help/",
    }
    if response:
        pages["questionnaire-result"] = f"/measures/responses/{response.pk}/"
    return pages


def therapist_pages() -> dict[str, str]:
    therapist = User.objects.get(email=THERAPIST[0])
    patient = User.objects.get(email=PATIENT[0])
    share = Share.objects.filter(recipient=therapist, entry__isnull=False).first()
    return {
        "dashboard": "/care/dashboard/",
        "patient": f"/care/patients/{patient.pk}/",
        "patient-themes": f"/care/patients/{patient.pk}/themes/",
        "patient-entry": f"/care/patients/{patient.pk}/entries/{share.entry_id}/",
        "report-for-patient": f"/reports/patients/{patient.pk}/new/",
    }


def clinic_pages() -> dict[str, str]:
    clinic = Clinic.objects.get(memberships__user__email=CLINIC_ADMIN[0])
    return {
        "clinic": f"/care/clinics/{clinic.pk}/",
        "clinic-edit": f"/care/clinics/{clinic.pk}/edit/",
        "resource-new": f"/care/clinics/{clinic.pk}/resources/new/",
    }


def support_pages() -> dict[str, str]:
    invite = SupportInvite.objects.filter(support_person__email=SUPPORT[0]).first()
    pages = {"support-home": "/care/support/"}
    if invite:
        pages["support-session"] = f"/care/support/{invite.pk}/"
    return pages


def check(open_tab, base_url, pages, *, scheme, login=None) -> dict:
    tab = open_tab(color_scheme=scheme)
    if login:
        sign_in(
            tab.page, base_url, login[0], login[1], totp_secret=login[2] if len(login) > 2 else None
        )
    failures = {}
    for name, path in pages.items():
        response = tab.page.goto(base_url + path)
        expected = 404 if name == "not-found" else 200
        assert response is not None and response.status == expected, (path, response.status)
        violations = axe_violations(tab.page)
        if violations:
            failures[f"{name} {path} ({scheme})"] = violations
    return failures


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_any_main_page(tab, live_server, demo, scheme):
    base = live_server.url
    failures = check(tab, base, PUBLIC, scheme=scheme)
    failures |= check(tab, base, patient_pages(), scheme=scheme, login=PATIENT)
    failures |= check(tab, base, therapist_pages(), scheme=scheme, login=THERAPIST)
    failures |= check(tab, base, clinic_pages(), scheme=scheme, login=CLINIC_ADMIN)
    failures |= check(tab, base, support_pages(), scheme=scheme, login=SUPPORT)
    assert failures == {}, "axe-core found WCAG 2.2 A/AA problems:\n" + readable(failures)


SCREENSHOT_PAGES = [
    "home",
    "journal",
    "entry-new",
    "entry",
    "session",
    "themes",
    "intention",
    "practices",
    "check-in",
    "phq9-history",
    "access-log",
    "report-new",
]


# Pages known to scroll sideways on a phone, with the reason. The test fails once they fit,
# so the entry is removed with the fix.
KNOWN_WIDE: dict[str, str] = {}


def test_screenshots_of_the_main_pages_at_phone_and_desktop_widths(tab, live_server, demo):
    """Saved into docs/screenshots/ (the README shows them) on every run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = patient_pages()
    signed_out, patient, therapist = tab(), tab(), tab()
    sign_in(patient.page, live_server.url, *PATIENT)
    sign_in(therapist.page, live_server.url, *THERAPIST[:2], totp_secret=THERAPIST[2])
    for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        for each in (signed_out, patient, therapist):
            each.page.set_viewport_size(viewport)
        signed_out.go("/").screenshot(path=SCREENSHOTS / f"welcome-{width}.png")
        for name in SCREENSHOT_PAGES:
            page = patient.go(pages[name])
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png")
            if width == "phone":  # nothing may scroll sideways on a phone
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if name in KNOWN_WIDE:
                    assert scroll > PHONE["width"], f"{name} fits now: remove it from KNOWN_WIDE"
                else:
                    assert scroll <= PHONE["width"], (name, scroll)
        therapist.go("/care/dashboard/").screenshot(path=SCREENSHOTS / f"dashboard-{width}.png")
    expected = {
        f"{name}-{width}.png"
        for name in [*SCREENSHOT_PAGES, "welcome", "dashboard"]
        for width in ("phone", "desktop")
    }
    assert expected <= {path.name for path in SCREENSHOTS.glob("*.png")}


def test_keyboard_only_walk_through_the_entry_form(tab, live_server, demo):
    desk = tab(viewport=DESKTOP)
    sign_in(desk.page, live_server.url, *PATIENT)
    page = desk.go("/journal/new/")
    # Start from the top of the page, as a keyboard user would: the skip link comes first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()").lower().startswith("skip")
    page.keyboard.press("Enter")
    reached, order = set(), []
    for _ in range(120):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement;
                 const style = getComputedStyle(el);
                 const box = el.getBoundingClientRect();
                 return {id: el.id, name: el.name || "", tag: el.tagName,
                         text: (el.textContent || "").trim().slice(0, 40),
                         visible: box.width > 0 && box.height > 0,
                         outline: (style.outlineStyle !== "none" && style.outlineWidth !== "0px")
                                  || style.boxShadow !== "none"}; }"""
        )
        assert info["visible"], f"focus went to something invisible: {info}"
        assert info["outline"], f"no visible focus indicator on {info}"
        key = info["id"] or info["name"] or info["text"]
        reached.add(key)
        order.append(key)
        if info["text"] == "Save entry":
            break
    fields = [
        "id_phase",
        "id_session",
        "id_title",
        "id_body",
        "preview",
        "id_emotions_0_0",
        "id_other_emotions",
        "id_insight",
        "id_theme_names",
        "id_intentions_0",
        "Save entry",
    ]
    missing = [field for field in fields if field not in reached]
    assert missing == [], (missing, order)
    positions = [order.index(field) for field in fields]
    assert positions == sorted(positions), f"tab order does not follow the form: {order}"
    # Fill it in and save it without a mouse.
    page.focus("#id_title")
    page.keyboard.type("Typed without a mouse")
    page.keyboard.press("Tab")
    page.keyboard.type("Every field reachable.")
    for _ in range(60):
        if page.evaluate("document.activeElement.textContent.trim()") == "Save entry":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/journal/entries/*/**")
    assert "Typed without a mouse" in page.content()
    assert "Every field reachable." in page.content()


def test_the_checks_really_catch_problems(tab):
    """Guards the tests above: an unlabelled field fails axe, an inline script is a CSP
    violation the tab reports, and so is a stylesheet, font or image that does not arrive."""
    check_tab = tab()
    page = check_tab.go("/help/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input>')")
    assert "label" in {violation["id"] for violation in axe_violations(page)}
    page.evaluate(
        "const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        "document.body.append(s)"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    check_tab.collect_csp()
    assert any("script-src" in problem for problem in check_tab.problems), check_tab.problems
    check_tab.problems.clear()
    with page.expect_response("**/static/img/not-there.png"):
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend',"
            ' \'<img alt="" src="/static/img/not-there.png">\')'
        )
    assert any("404 for" in problem for problem in check_tab.problems), check_tab.problems
    check_tab.problems.clear()
