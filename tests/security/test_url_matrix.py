"""The authorization matrix over every URL pattern.

Each pattern of the project must have a row in MATRIX saying who may use it. A new URL without a
row fails `test_every_url_is_classified`, so nobody adds a patient-data page without deciding
(and testing) who sees it.

- public: anyone, signed in or not.
- login: any signed-in person; nothing of anyone else's is in the URL.
- owner: the URL names one of alice's things; bob (a stranger) gets 404 for every method the
  view accepts, anonymous people are sent to sign in, alice herself gets through.
- token: an emailed invitation link; a made-up token never shows anything or errors.
- library: allauth's and the admin's own pages, tested by their projects (and in tests/accounts).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import DataExport, PendingImport
from care.models import (
    ClinicInvite,
    Membership,
    Resource,
    Share,
    SupportNote,
)
from intentions.models import Action
from measures.instruments import score_response
from measures.models import Response
from reports.models import ReportBatch, ReportFile
from tests.care.conftest import world  # noqa: F401 - the care tests' small clinic
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

PUBLIC, LOGIN, OWNER, TOKEN, LIBRARY = "public", "login", "owner", "token", "library"

MATRIX = {
    "home": PUBLIC, "crisis": PUBLIC, "healthz": PUBLIC,
    # accounts
    "accounts:settings": LOGIN, "accounts:my_data": LOGIN, "accounts:export_start": LOGIN,
    "accounts:export_status": OWNER, "accounts:export_download": OWNER,
    "accounts:import_upload": LOGIN, "accounts:import_preview": OWNER,
    "accounts:delete_account": LOGIN, "accounts:trash": LOGIN,
    "accounts:trash_restore": OWNER, "accounts:trash_delete": OWNER,
    # intentions
    "intentions:list": LOGIN, "intentions:create": LOGIN, "intentions:detail": OWNER,
    "intentions:edit": OWNER, "intentions:delete": OWNER, "intentions:status": OWNER,
    "intentions:move": OWNER, "intentions:action_add": OWNER, "intentions:review_add": OWNER,
    "intentions:action_toggle": OWNER, "intentions:action_move": OWNER,
    "intentions:action_remove": OWNER,
    # journal
    "journal:entry_list": LOGIN, "journal:entry_create": LOGIN, "journal:entry_preview": LOGIN,
    "journal:entry_detail": OWNER, "journal:entry_edit": OWNER, "journal:entry_delete": OWNER,
    "journal:session_list": LOGIN, "journal:session_create": LOGIN,
    "journal:session_detail": OWNER, "journal:session_edit": OWNER,
    "journal:session_delete": OWNER, "journal:timeline": LOGIN, "journal:search": LOGIN,
    "journal:theme_list": LOGIN, "journal:theme_create": LOGIN, "journal:theme_starters": LOGIN,
    "journal:theme_detail": OWNER, "journal:theme_rename": OWNER, "journal:theme_merge": OWNER,
    "journal:theme_delete": OWNER,
    # practices and measures
    "practices:overview": LOGIN, "practices:check_in": LOGIN, "practices:choose": LOGIN,
    "practices:timer": LOGIN, "practices:timer_log": LOGIN,
    "measures:index": LOGIN, "measures:take": LOGIN, "measures:history": LOGIN,
    "measures:result": OWNER,
    # care: the patient's side
    "care:index": LOGIN, "care:join": LOGIN, "care:resources": LOGIN, "care:access_log": LOGIN,
    "care:shared": LOGIN, "care:team_add": OWNER, "care:consents": OWNER, "care:leave": OWNER,
    "care:team_remove": OWNER, "care:team_usually": OWNER, "care:share_item": OWNER,
    "care:share_revoke": OWNER, "care:reflection_reply": OWNER, "care:support_invite": OWNER,
    "care:support_withdraw": OWNER, "care:support_note_status": OWNER,
    # care: support persons, therapists and clinics
    "care:support_home": LOGIN, "care:support_accept": TOKEN,
    "care:support_accept_confirm": TOKEN, "care:support_session": OWNER,
    "care:mfa_required": LOGIN, "care:dashboard": LOGIN, "care:patient": OWNER,
    "care:patient_themes": OWNER, "care:patient_entry": OWNER, "care:reflect": OWNER,
    "care:patient_intention": OWNER, "care:patient_session": OWNER, "care:acknowledge": OWNER,
    "care:clinic_new": LOGIN, "care:clinic": OWNER, "care:clinic_edit": OWNER,
    "care:clinic_invite": OWNER, "care:invite_withdraw": OWNER, "care:member_remove": OWNER,
    "care:resource_new": OWNER, "care:resource_edit": OWNER, "care:resource_delete": OWNER,
    "care:invite": TOKEN, "care:invite_accept": TOKEN,
    # reports
    "reports:index": LOGIN, "reports:create": LOGIN, "reports:create_for": OWNER,
    "reports:status": OWNER, "reports:preview": OWNER, "reports:download": OWNER,
    "reports:batch_create": OWNER, "reports:batch_status": OWNER,
    "reports:batch_download": OWNER,
}  # fmt: skip


def all_patterns(patterns=None, namespace=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_patterns(
                pattern.url_patterns, pattern.namespace or namespace, prefix + str(pattern.pattern)
            )
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, route, pattern


def is_library(route: str) -> bool:
    return route.startswith(("admin/", "accounts/"))


def test_every_url_is_classified():
    names = {name for name, route, _ in all_patterns() if not is_library(route)}
    assert names - set(MATRIX) == set(), "classify these URLs in MATRIX"
    assert set(MATRIX) - names == set(), "these MATRIX rows no longer exist"


@pytest.fixture
def things(world):  # noqa: F811
    """One of alice's (or her clinic's) things for every kind of id a URL can carry."""
    alice = world.alice
    action = Action.objects.create(intention=world.intention, text="step")
    response = Response.objects.create(owner=alice, **score_response("phq9", [1] * 9))
    theme_entry = world.entry
    from journal.models import Theme

    theme = Theme.objects.create(owner=alice, name="grief", slug="grief")
    theme_entry.themes.add(theme)
    world.link.consents_to_clinic_reports = True
    world.link.save()
    report = ReportFile.objects.create(
        requester=alice,
        patient=alice,
        scope={"start": "2026-01-01", "end": "2026-12-31"},
        expires_at=timezone.now() + timezone.timedelta(hours=1),
    )
    batch = ReportBatch.objects.create(
        requester=world.admin, clinic=world.clinic,
        expires_at=timezone.now() + timezone.timedelta(hours=1),
    )  # fmt: skip
    share = Share.objects.filter(owner=alice, entry=world.entry).first()
    note = SupportNote.objects.create(
        invite=world.support_invite, author=world.friend, body="You said", body_html="<p>x</p>"
    )
    clinic_invite = ClinicInvite.objects.create(
        clinic=world.clinic, email="new@example.org", role="therapist", token_hash="y" * 64,
        invited_by=world.admin,
    )  # fmt: skip
    resource = Resource.objects.create(clinic=world.clinic, kind="support_group", title="Circle")
    return {
        "entry": world.entry, "session": world.session, "intention": world.intention,
        "action": action, "response": response, "theme": theme, "report": report,
        "batch": batch, "share": share, "note": note, "clinic_invite": clinic_invite,
        "resource": resource, "export": DataExport.objects.create(
            owner=alice, expires_at=timezone.now() + timezone.timedelta(hours=1)),
        "pending": PendingImport.objects.create(owner=alice, data={}),
        "member": world.link.team.first(), "world": world,
        "membership": Membership.objects.get(user=world.therapist),
    }  # fmt: skip


def kwargs_for(name: str, route: str, things) -> dict:
    world = things["world"]  # noqa: F811
    by_name = {
        "accounts:export_status": {"pk": things["export"].pk},
        "accounts:export_download": {"pk": things["export"].pk},
        "accounts:import_preview": {"pk": things["pending"].pk},
        "accounts:trash_restore": {"kind": "entry", "pk": world.entry.pk},
        "accounts:trash_delete": {"kind": "entry", "pk": world.entry.pk},
        "care:share_item": {"kind": "entry", "item_id": world.entry.pk},
        "care:support_withdraw": {"invite_id": world.support_invite.pk},
        "care:support_session": {"invite_id": world.support_invite.pk},
        "care:invite_withdraw": {
            "clinic_id": world.clinic.pk, "invite_id": things["clinic_invite"].pk
        },
        "reports:status": {"pk": things["report"].pk},
        "reports:preview": {"pk": things["report"].pk},
        "reports:download": {"pk": things["report"].pk},
        "reports:batch_status": {"pk": things["batch"].pk},
        "reports:batch_download": {"pk": things["batch"].pk},
        "measures:result": {"pk": things["response"].pk},
    }  # fmt: skip
    if name in by_name:
        return by_name[name]
    pk_owner = {"intentions": "intention", "journal": "entry"}
    values = {
        "pk": things[pk_owner.get(name.split(":")[0], "entry")],
        "patient_id": world.alice.pk, "entry_id": world.entry.pk,
        "intention_id": world.intention.pk, "session_id": world.session.pk,
        "therapist_id": world.therapist.pk, "share_id": things["share"].pk,
        "note_id": things["note"].pk, "member_id": things["member"].pk,
        "link_id": world.link.pk, "response_id": things["response"].pk,
        "clinic_id": world.clinic.pk, "membership_id": things["membership"].pk,
        "resource_id": things["resource"].pk, "slug": things["theme"].slug, "direction": "up",
        "instrument": "phq9", "token": "not-a-real-token", "kind": "entry",
    }  # fmt: skip
    if "sessions/<uuid:pk>" in route:
        values["pk"] = world.session.pk
    if name.startswith("intentions:action_"):
        values["pk"] = things["action"].pk
    if name == "reports:create_for":
        values["patient_id"] = world.alice.pk
    return {key: value.pk if hasattr(value, "pk") else value for key, value in values.items()
            if f"<{key}>" in route or f":{key}>" in route}  # fmt: skip


def urls(kind):
    return [(name, route) for name, route, _ in all_patterns()
            if not is_library(route) and MATRIX.get(name) == kind]  # fmt: skip


@pytest.mark.parametrize(("name", "route"), urls(OWNER))
def test_a_stranger_gets_404_for_someone_elses_things(things, name, route):
    url = reverse(name, kwargs=kwargs_for(name, route, things))
    stranger = client_for(things["world"].bob)
    statuses = {stranger.get(url).status_code, stranger.post(url, {}).status_code}
    assert statuses <= {404, 405}, (url, statuses)
    assert 404 in statuses, (url, statuses)


@pytest.mark.parametrize(("name", "route"), urls(OWNER) + urls(LOGIN))
def test_anonymous_people_are_sent_to_sign_in(client, things, name, route):
    url = reverse(name, kwargs=kwargs_for(name, route, things))
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "route"), urls(TOKEN))
def test_made_up_invitation_tokens_show_nothing(client, things, name, route):
    url = reverse(name, kwargs=kwargs_for(name, route, things))
    for person in (client, client_for(things["world"].bob)):
        response = person.get(url)
        assert response.status_code in (200, 302, 404, 405), url
        assert b"Riverside" not in response.content


@pytest.mark.parametrize(("name", "route"), urls(PUBLIC))
def test_public_pages_open_without_signing_in(client, name, route):
    assert client.get(reverse(name)).status_code == 200


def test_every_page_carries_csp_and_no_store_and_secure_cookies(things, settings):
    """Every page a signed-in person can open: a strict CSP and Cache-Control: no-store."""
    world = things["world"]  # noqa: F811
    people = [client_for(p) for p in (world.alice, world.therapist, world.admin, world.friend)]
    opened = []
    for name, route in urls(LOGIN) + urls(OWNER):
        url = reverse(name, kwargs=kwargs_for(name, route, things))
        for person in people:
            response = person.get(url)
            if response.status_code == 200:
                break
        else:
            continue
        opened.append(name)
        if response["Content-Type"].startswith("text/html"):
            csp = response["Content-Security-Policy"]
            assert "'unsafe-inline'" not in csp and "object-src 'none'" in csp, name
        assert "no-store" in response["Cache-Control"], name
    assert len(opened) >= 60, opened


def test_session_and_csrf_cookies_are_flagged(client, people, settings):
    from tests.helpers import PASSWORD

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
    page = client.get(reverse("account_login"))
    if "csrftoken" in page.cookies:
        assert page.cookies["csrftoken"]["secure"]
