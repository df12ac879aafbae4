"""The pages of the main journeys, per role, that must read fully in Spanish.

One list for the whole product: add a page here when you build or translate one. Each page is
rendered in English and in Spanish as its role (the demo data, `seed_demo`) and every visible
string that is the same in both fails the test (tests/i18n/visible.py says what is left out).

`url` is a URL name, or a function of the demo data (tests/i18n/conftest.py `Demo`) that returns
the path. `lands` is where a page that redirects sends the role (a URL name or a function): the
test follows the redirect, checks that it lands there and checks that page. `waiting` names who
is still translating the page: such a page is expected to fail (strict: once it passes, the test
says so, and the mark must go). No page waits now: keep it that way.
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
    lands: str | Callable | None = None  # a redirect's target: followed, and its page checked

    @property
    def id(self) -> str:
        return f"{self.role}:{self.name or self.url}"

    def path(self, demo) -> str:
        return _resolve(self.url, demo)

    def landing(self, demo) -> str | None:
        return None if self.lands is None else _resolve(self.lands, demo)


def _resolve(url: str | Callable, demo) -> str:
    return reverse(url) if isinstance(url, str) else url(demo)


# --- the pages of care, practices, intentions, my data, reports and questionnaires ---------------


def _shared(demo, kind: str):
    """The first item of `kind` (entry, intention, session) the demo patient shares."""
    from care.models import Share

    share = Share.objects.filter(
        owner=demo.patient, recipient=demo.people["therapist"], **{f"{kind}__isnull": False}
    ).first()
    return getattr(share, f"{kind}_id")


def _intention(demo) -> str:
    from intentions.models import Intention

    intention = Intention.objects.filter(owner=demo.patient, deleted_at=None).first()
    return reverse("intentions:detail", args=[intention.pk])


def _result(demo) -> str:
    from measures.models import Response

    response = Response.objects.filter(owner=demo.patient).order_by("-created").first()
    return reverse("measures:result", args=[response.pk])


def _patient_item(name: str, kind: str):
    return lambda demo: reverse(name, args=[demo.patient.pk, _shared(demo, kind)])


def _support_session(demo) -> str:
    from care.models import SupportInvite

    invite = SupportInvite.objects.filter(support_person=demo.people["support_person"]).first()
    return reverse("care:support_session", args=[invite.pk])


def _clinic_of(demo, role: str):
    from care.models import Membership

    return Membership.objects.filter(user=demo.people[role]).first().clinic_id


# Built-in catalogue rows (no owner) are the product's own words and must be translated; other
# rows of these models are people's own (see visible.user_content).
CATALOGUE = {"practices.Practice": {"name", "description"}}

JOURNAL = "journal (the lead translates templates/journal)"
CORE = "core (wave-i18n)"
# A few of the apps' pages still show core or journal pieces in English (chart tables, dates, the
# journal's entry cards and theme tables); their own strings are held to Spanish now by
# tests/i18n/test_apps_in_spanish.py.
LAYOUT = "core: charts, dates or shared partials; the apps' own strings pass"

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
    Page("patient", "home"),
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
    Page("patient", "journal:calendar", name="calendar"),
    Page("patient", lambda d: _calendar_url(d), name="calendar_month"),
    Page("patient", lambda d: _calendar_url(d, day="entries"), name="calendar_day"),
    Page("patient", lambda d: _calendar_url(d, day="session"), name="calendar_session_day"),
    Page("patient", lambda d: _with_attachments(d), name="entry_with_attachments"),
    Page("patient", "journal:timeline"),
    Page("patient", lambda d: reverse("journal:timeline_between"), name="timeline_between"),
    Page("patient", "intentions:list"),
    Page("patient", "intentions:create"),
    Page("patient", _intention, name="intention"),
    Page("patient", "practices:overview"),
    Page("patient", "practices:check_in"),
    Page("patient", "practices:choose"),
    Page("patient", "practices:timer"),
    Page("patient", "measures:index"),
    Page("patient", lambda d: reverse("measures:take", args=["phq9"]), name="phq9"),
    Page("patient", lambda d: reverse("measures:take", args=["gad7"]), name="gad7"),
    # No published Spanish: the items stay in English, marked lang="en", under a Spanish note.
    Page("patient", lambda d: reverse("measures:take", args=["pcl5"]), name="pcl5"),
    Page("patient", lambda d: reverse("measures:take", args=["peg"]), name="peg"),
    Page(
        "patient",
        lambda d: reverse("measures:history", args=["phq9"]),
        name="phq9-history",
    ),
    Page("patient", _result, name="result"),
    Page("patient", "care:index"),
    Page("patient", "care:shared"),
    Page("patient", "care:access_log"),
    Page("patient", "care:resources"),
    Page("patient", "care:join"),
    Page("patient", "reports:index"),
    Page("patient", "reports:create"),
    Page("patient", "mydata:my_data"),
    Page("patient", "mydata:trash"),
    Page("patient", "mydata:import_upload"),
    Page("patient", lambda d: _other_import("dayone"), name="dayone_import"),
    Page("patient", lambda d: _other_import_preview(d, "dayone"), name="dayone_preview"),
    Page("patient", lambda d: _other_import("jrnl"), name="jrnl_import"),
    Page("patient", lambda d: _other_import_preview(d, "jrnl"), name="jrnl_preview"),
    # The therapist.
    Page("therapist", "home", lands="care:dashboard"),  # clinic staff go on to their home
    Page("therapist", "care:dashboard"),
    Page("therapist", "care:shared_search"),
    Page(
        "therapist",
        lambda d: reverse("care:shared_search") + "?q=zyzzyva",
        name="search-nothing-found",
    ),
    Page("therapist", lambda d: d.patient_url, name="patient"),
    Page(
        "therapist",
        lambda d: reverse("care:patient_themes", args=[d.patient.pk]),
        name="themes",
    ),
    Page(
        "therapist",
        _patient_item("care:patient_entry", "entry"),
        name="shared-entry",
    ),
    Page(
        "therapist",
        lambda d: reverse("care:patient_entry", args=[d.patient.pk, _attached_entry(d).pk]),
        name="shared-entry-with-attachments",
    ),
    Page(
        "therapist",
        _patient_item("care:patient_intention", "intention"),
        name="intention",
    ),
    Page(
        "therapist",
        _patient_item("care:patient_session", "session"),
        name="session",
    ),
    Page(
        "therapist",
        lambda d: reverse("reports:create_for", args=[d.patient.pk]),
        name="report",
    ),
    Page("therapist", "accounts:settings"),
    # Clinic staff.
    Page("clinic_admin", "home", lands=lambda d: d.clinic_url),
    Page("clinic_admin", lambda d: d.clinic_url, name="clinic"),
    Page(
        "clinic_admin",
        lambda d: reverse("care:clinic_edit", args=[_clinic_of(d, "clinic_admin")]),
        name="clinic-edit",
    ),
    Page(
        "clinic_admin",
        lambda d: reverse("reports:batch_create", args=[_clinic_of(d, "clinic_admin")]),
        name="batch",
    ),
    # The support person.
    Page("support_person", "care:support_home"),
    Page("support_person", _support_session, name="support-session"),
]


def _session_url(demo) -> str:
    """The demo patient's session with the most entries (phases, intentions, support notes)."""
    return reverse("journal:session_detail", args=[_busiest_session(demo).pk])


def _theme_url(demo) -> str:
    """The demo patient's most used theme: its page has entries, pairs and the manage forms."""
    from django.db.models import Count

    theme = demo.patient.themes.annotate(n=Count("entries")).order_by("-n", "name").first()
    return theme.get_absolute_url()


def _search_url(demo) -> str:
    """A search with results: the demo patient's integration entries (a filter and no words, so
    no highlight splits what a person wrote into pieces)."""
    return f"{reverse('journal:search')}?phase=integration"


def _calendar_url(demo, *, day: str = "") -> str:
    """The month of the demo patient's session with the most entries, or a day: that session's
    (a session, no entries that day) or the day of their latest entry."""
    from django.utils import timezone

    date = timezone.localtime(_busiest_session(demo).date).date()
    if day == "entries":
        date = timezone.localtime(demo.patient.entries.latest("happened_at").happened_at).date()
    if day:
        return reverse("journal:calendar_day", args=[date.year, date.month, date.day])
    return reverse("journal:calendar_month", args=[date.year, date.month])


def _attached_entry(demo):
    """The demo patient's first shared entry, given a described photo, a photo with no
    description and a voice note of two minutes (the files are made here, small and real)."""
    from journal.attachments import prepare, store
    from tests.journal import media

    entry = demo.patient.entries.get(pk=_shared(demo, "entry"))
    if not entry.attachments.exists():
        store(entry, prepare(media.photo()), alt_text="The bend in the river at dusk")
        store(entry, prepare(media.photo("PNG", colour="navy")))
        store(entry, prepare(media.mp3(seconds=130)))
    return entry


def _with_attachments(demo) -> str:
    return reverse("journal:entry_detail", args=[_attached_entry(demo).pk])


def _other_import(source: str) -> str:
    return reverse("mydata:other_import_upload", args=[source])


def _other_import_preview(demo, source: str) -> str:
    """The preview of a small export made here, uploaded as the demo patient: Day One's zip with
    a photo, a video, a place, a star and tags (tests/mydata/importers), or a jrnl file."""
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    if source == "dayone":
        from tests.mydata.importers.dayone_files import dayone_zip

        upload = SimpleUploadedFile("Export.zip", dayone_zip(), content_type="application/zip")
    else:
        entries = [
            {"title": "A title.", "body": "A body.", "date": "2024-03-01", "time": "08:15",
             "tags": ["@calm", "@"], "starred": True},
        ]  # fmt: skip
        data = json.dumps({"tags": {}, "entries": entries}).encode()
        upload = SimpleUploadedFile("journal.json", data, content_type="application/json")
    client = Client()
    client.force_login(demo.patient)
    response = client.post(_other_import(source), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


def _busiest_session(demo):
    from django.db.models import Count

    return (
        demo.patient.treatment_sessions.annotate(n=Count("entries"))
        .order_by("-n", "number")
        .first()
    )
