"""The pages of the main journeys, per role, that must read fully in Spanish.

One list for the whole product: add a page here when you build or translate one. Each page is
rendered in English and in Spanish as its role (the demo data, `seed_demo`) and every visible
string that is the same in both fails the test (tests/i18n/visible.py says what is left out).

`url` is a URL name, or a function of the demo data (tests/i18n/conftest.py `Demo`) that returns
the path. `waiting` names who is still translating the page: such a page is expected to fail
(strict: once it passes, the test says so, and the mark must go).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    role: str  # anonymous, patient, therapist, clinic_admin, support_person
    url: str | Callable
    waiting: str = ""  # e.g. "journal": the part that is not translated yet
    name: str = ""

    @property
    def id(self) -> str:
        return f"{self.role}:{self.name or self.url}"

    def path(self, demo) -> str:
        return reverse(self.url) if isinstance(self.url, str) else self.url(demo)


# Built-in catalogue rows (no owner) are the product's own words and must be translated; other
# rows of these models are people's own (see visible.user_content).
CATALOGUE = {"practices.Practice": {"name", "description"}}

JOURNAL = "journal (the lead translates templates/journal)"
APPS = "apps (wave-i18n-apps)"
CORE = "core (wave-i18n)"

PAGES = [
    # Before sign-in: the browser's language.
    Page("anonymous", "account_login"),
    Page("anonymous", "account_signup"),
    Page("anonymous", "account_reset_password"),
    Page("anonymous", "account_request_login_code"),
    Page("anonymous", "crisis"),
    Page("anonymous", "offline"),
    Page("anonymous", lambda d: "/no-such-page/", name="404"),
    # The patient.
    Page("patient", "home", waiting=JOURNAL),
    Page("patient", "accounts:settings"),
    Page("patient", "account_email"),
    Page("patient", "account_change_password"),
    Page("patient", "mfa_index"),
    Page("patient", "usersessions_list"),
    Page("patient", "notifications:settings"),
    Page("patient", "push:settings"),
    Page("patient", "crisis"),
    Page("patient", "journal:entry_list"),
    Page("patient", "journal:entry_create"),
    Page("patient", lambda d: d.entry_url, name="entry"),
    Page("patient", lambda d: f"{d.entry_url}edit/", name="entry_edit"),
    Page("patient", lambda d: f"{d.entry_url}delete/", name="entry_delete"),
    Page("patient", "journal:session_list"),
    Page("patient", lambda d: _session_url(d), name="session"),
    Page("patient", lambda d: f"{_session_url(d)}edit/", name="session_edit"),
    Page("patient", lambda d: f"{_session_url(d)}delete/", name="session_delete"),
    Page("patient", "journal:session_create"),
    Page("patient", "journal:theme_list"),
    Page("patient", lambda d: _theme_url(d), name="theme"),
    Page("patient", lambda d: f"{_theme_url(d)}delete/", name="theme_delete"),
    Page("patient", "journal:theme_create"),
    Page("patient", "journal:search"),
    Page("patient", lambda d: _search_url(d), name="search_results"),
    Page("patient", "journal:timeline"),
    Page("patient", lambda d: reverse("journal:timeline_between"), name="timeline_between"),
    # The support person's page of a session they were invited to (notes for the patient).
    Page("support_person", lambda d: _support_url(d), name="support_session", waiting=APPS),
    Page("patient", "intentions:list", waiting=APPS),
    Page("patient", "practices:overview", waiting=APPS),
    Page("patient", "practices:check_in", waiting=APPS),
    Page("patient", "measures:index", waiting=APPS),
    Page("patient", lambda d: reverse("measures:take", args=["phq9"]), name="phq9", waiting=APPS),
    Page("patient", lambda d: reverse("measures:take", args=["gad7"]), name="gad7", waiting=APPS),
    Page("patient", "care:index", waiting=APPS),
    Page("patient", "care:access_log", waiting=APPS),
    Page("patient", "reports:index", waiting=APPS),
    Page("patient", "reports:create", waiting=APPS),
    Page("patient", "mydata:my_data", waiting=APPS),
    Page("patient", "mydata:trash", waiting=APPS),
    # The therapist.
    Page("therapist", "home", waiting=APPS),
    Page("therapist", "care:dashboard", waiting=APPS),
    Page("therapist", lambda d: d.patient_url, name="patient", waiting=APPS),
    Page("therapist", "accounts:settings"),
    # Clinic staff.
    Page("clinic_admin", "home", waiting=APPS),
    Page("clinic_admin", lambda d: d.clinic_url, name="clinic", waiting=APPS),
    # The support person.
    Page("support_person", "care:support_home", waiting=APPS),
]


def _session_url(demo) -> str:
    """The demo patient's session with the most entries (phases, intentions, support notes)."""
    from django.db.models import Count

    session = (
        demo.patient.treatment_sessions.annotate(n=Count("entries"))
        .order_by("-n", "number")
        .first()
    )
    return reverse("journal:session_detail", args=[session.pk])


def _theme_url(demo) -> str:
    """The demo patient's most used theme: its page has entries, pairs and the manage forms."""
    from django.db.models import Count

    theme = demo.patient.themes.annotate(n=Count("entries")).order_by("-n", "name").first()
    return theme.get_absolute_url()


def _search_url(demo) -> str:
    """A search with results: the demo patient's integration entries (a filter and no words, so
    no highlight splits what a person wrote into pieces)."""
    return f"{reverse('journal:search')}?phase=integration"


def _support_url(demo) -> str:
    from care.models import SupportInvite

    invite = SupportInvite.objects.filter(support_person=demo.people["support_person"]).first()
    return reverse("care:support_session", args=[invite.pk])
