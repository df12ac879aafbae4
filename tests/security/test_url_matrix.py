"""The authorization matrix over every URL pattern (the rows live in `matrix.py`).

A new URL without a row fails `test_every_url_pattern_is_classified`, so nobody adds a page
without deciding (and, through the tests below, checking) who may see it.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.helpers import client_for
from tests.security.matrix import (
    ADMIN,
    ADMIN_MODELS,
    ALLAUTH,
    CARE,
    CARE_ACCESS,
    LOGIN,
    MATRIX,
    OWNED_BY,
    OWNER,
    PUBLIC,
    TOKEN,
    all_patterns,
    classify,
    url_for,
    urls,
)

pytestmark = pytest.mark.django_db
LOGIN_URL = "/accounts/login/"


def test_every_url_pattern_is_classified():
    unclassified = sorted(
        f"{name} ({route})" for name, route, _ in all_patterns() if classify(name, route) is None
    )
    assert unclassified == [], "add these URL patterns to MATRIX in tests/security/matrix.py"
    names = {name for name, _, _ in all_patterns()}
    assert set(MATRIX) - names == set(), "these MATRIX rows no longer exist"


def test_allauth_rows_are_allauths_own_views():
    """Only allauth's views may hide under the allauth class (it is not tested row by row)."""
    for name, route, pattern in all_patterns():
        if classify(name, route) == ALLAUTH:
            assert pattern.lookup_str.startswith("allauth."), (name, pattern.lookup_str)
            assert route.startswith("accounts/"), (name, route)


def test_every_care_row_says_who_gets_in():
    assert set(CARE_ACCESS) == {name for name, _ in urls(CARE)}


def test_the_admin_shows_only_the_pinned_models_and_no_journal_text():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == ADMIN_MODELS, "a model was added to or removed from the admin"
    for label in registered:
        assert not label.startswith(("journal.", "intentions.", "practices.", "measures."))
    assert not {"care.reflection", "care.supportnote"} & registered


# --- owner: strangers get 404, anonymous people sign in first, alice gets in ---------------------


@pytest.mark.parametrize(("name", "route"), urls(OWNER) + urls(CARE))
def test_a_stranger_gets_404_for_someone_elses_things(things, name, route):
    url = url_for(name, route, things)
    stranger = client_for(things["world"].bob)
    statuses = {stranger.get(url).status_code, stranger.post(url, {}).status_code}
    assert statuses <= {404, 405}, (url, statuses)
    assert 404 in statuses, (url, statuses)


@pytest.mark.parametrize(("name", "route"), urls(OWNER))
def test_the_owner_gets_in(things, name, route):
    url = url_for(name, route, things)
    owner = client_for(getattr(things["world"], OWNED_BY.get(name, "alice")))
    statuses = {owner.get(url).status_code}
    if 405 in statuses:  # a POST-only action
        statuses = {owner.post(url, {}).status_code}
    assert statuses & {200, 302, 400}, (url, statuses)


@pytest.mark.parametrize(("name", "route"), urls(OWNER) + urls(LOGIN) + urls(CARE))
def test_anonymous_people_are_sent_to_sign_in(client, things, name, route):
    url = url_for(name, route, things)
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith(LOGIN_URL), url


# --- care: only the people the patient (or the clinic) let in -----------------------------------


@pytest.mark.parametrize(("name", "route"), urls(CARE))
def test_care_pages_let_in_only_the_right_person(things, name, route):
    world = things["world"]
    url = url_for(name, route, things)
    allowed, denied = CARE_ACCESS[name]
    for persona in denied:
        client = client_for(getattr(world, persona))
        statuses = {client.get(url).status_code, client.post(url, {}).status_code}
        assert 404 in statuses and statuses <= {404, 405}, (url, persona, statuses)
    client = client_for(getattr(world, allowed))
    statuses = {client.get(url).status_code}
    if 405 in statuses:
        statuses = {client.post(url, {}).status_code}
    assert statuses & {200, 302, 400}, (url, allowed, statuses)


def test_the_care_team_does_not_see_an_entry_that_was_not_shared(things):
    world = things["world"]
    therapist = client_for(world.therapist)
    args = [world.alice.pk, world.private_entry.pk]
    assert therapist.get(reverse("care:patient_entry", args=args)).status_code == 404
    assert therapist.post(reverse("care:reflect", args=args), {"body": "hi"}).status_code == 404
    for name in ("care:patient", "care:patient_themes"):
        page = therapist.get(reverse(name, args=[world.alice.pk]))
        assert page.status_code == 200
        assert b"Nobody may read this" not in page.content
        assert b"Private entry" not in page.content


def test_revoking_a_share_closes_the_door(things):
    world = things["world"]
    url = reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    therapist = client_for(world.therapist)
    assert therapist.get(url).status_code == 200
    from care.models import Share

    Share.objects.filter(entry=world.entry).delete()
    assert therapist.get(url).status_code == 404


# --- tokens, public pages, allauth and the admin ------------------------------------------------


@pytest.mark.parametrize(("name", "route"), urls(TOKEN))
def test_made_up_invitation_tokens_show_nothing(client, things, name, route):
    url = url_for(name, route, things)
    for person in (client, client_for(things["world"].bob)):
        for response in (person.get(url), person.post(url, {})):
            assert response.status_code in (200, 302, 404, 405), url
            assert b"Riverside" not in response.content


# Public, but only for a form to send to: the language switch (a POST from any page's footer).
POST_ONLY = {"accounts:set_language"}


@pytest.mark.parametrize(("name", "route"), urls(PUBLIC))
def test_public_pages_open_without_signing_in(client, name, route):
    if name in POST_ONLY:
        assert client.get(reverse(name)).status_code == 405
        assert client.post(reverse(name), {"language": "es", "next": "/"}).status_code == 302
        return
    assert client.get(reverse(name)).status_code == 200


SIGNED_IN_ALLAUTH = {
    "account_email",
    "account_change_password",
    "account_set_password",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "usersessions_list",
    "account_reauthenticate",
    "mfa_reauthenticate",
}


@pytest.mark.parametrize(("name", "route"), urls(ALLAUTH))
def test_allauth_pages_never_fail_and_private_ones_need_signing_in(client, things, name, route):
    url = url_for(name, route, things)
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code in (200, 302, 400, 404, 405, 429), (url, response.status_code)
        if name in SIGNED_IN_ALLAUTH:
            assert response.status_code == 302, url
            assert response["Location"].startswith(LOGIN_URL), url
    signed_in = client_for(things["world"].alice)
    assert signed_in.get(url).status_code in (200, 302, 404, 405), url


@pytest.mark.parametrize(("name", "route"), [row for row in urls(ADMIN) if row[0] != "admin:None"])
def test_the_admin_is_for_staff_only(client, things, name, route):
    url = url_for(name, route, things)
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith((LOGIN_URL, "/admin/login/")), url
    alice = client_for(things["world"].alice)  # signed in, not staff
    assert alice.post(url, {}).status_code in (302, 403), url
    response = alice.get(url, follow=True)
    assert response.status_code == 403 or not response.request["PATH_INFO"].startswith("/admin/"), (
        url,
        response.redirect_chain,
    )


# --- attachment files: the only way a photo, drawing or voice note leaves storage ---------------

FILE_VIEWS = ("care:attachment_file", "care:attachment_thumbnail")


def test_every_file_view_has_a_care_row():
    """Each pattern served by care/views/files.py is in the matrix as CARE, so the stranger,
    sign-in and who-gets-in tests above walk it too."""
    served = {name for name, _, pattern in all_patterns() if ".views.files." in pattern.lookup_str}
    assert served == set(FILE_VIEWS)
    assert {MATRIX[name] for name in FILE_VIEWS} == {CARE}


@pytest.mark.parametrize("name", FILE_VIEWS)
def test_attachment_files_open_for_the_owner_and_the_shared_therapist_only(things, name):
    world = things["world"]
    url = reverse(name, args=[things["attachment"].pk])
    for person in (world.alice, world.therapist):
        response = client_for(person).get(url)
        assert response.status_code == 200, (url, person)
        assert {"private", "no-store"} <= {
            part.strip() for part in response["Cache-Control"].split(",")
        }
        assert response["Content-Type"].startswith("image/")
        assert b"".join(response.streaming_content)
    for persona in ("bob", "colleague", "friend", "admin"):
        assert client_for(getattr(world, persona)).get(url).status_code == 404, (url, persona)
    # Signed out: to sign in, and nothing of the file.
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(LOGIN_URL)
    # Only GET: every other method is refused, for the owner too.
    owner = client_for(world.alice)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(owner, method)(url).status_code == 405, (url, method)


@pytest.mark.parametrize("name", FILE_VIEWS)
def test_a_file_of_an_unshared_or_revoked_entry_is_a_404_for_the_therapist(things, name):
    from care.models import Share
    from journal.attachments import prepare, store
    from tests.journal.media import photo

    world = things["world"]
    private = store(world.private_entry, prepare(photo()), alt_text="Mine alone")
    therapist, owner = client_for(world.therapist), client_for(world.alice)
    assert therapist.get(reverse(name, args=[private.pk])).status_code == 404
    assert owner.get(reverse(name, args=[private.pk])).status_code == 200
    shared = reverse(name, args=[things["attachment"].pk])
    Share.objects.filter(entry=world.entry).delete()
    assert therapist.get(shared).status_code == 404


def test_a_voice_note_has_no_thumbnail_and_made_up_ids_show_nothing(things):
    import uuid

    from journal.attachments import prepare, store
    from tests.journal.media import mp3

    world = things["world"]
    voice = store(world.entry, prepare(mp3(5)))
    owner = client_for(world.alice)
    assert owner.get(reverse("care:attachment_file", args=[voice.pk])).status_code == 200
    assert owner.get(reverse("care:attachment_thumbnail", args=[voice.pk])).status_code == 404
    for name in FILE_VIEWS:
        assert owner.get(reverse(name, args=[uuid.uuid4()])).status_code == 404
