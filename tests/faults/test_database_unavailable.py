"""A database that cannot be reached gets the calm 503 page, never a stack trace or the generic
error page. The real outage (PostgreSQL restarted under load) is `make faults`; here the
database's errors are raised on purpose where a lost connection would raise them."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from journal.models import Entry
from tests.helpers import client_for

CALM = "We can't reach the journal's storage right now — your writing is kept in this browser"
DOWN = [
    OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused"),
    InterfaceError("connection already closed"),
]


def assert_calm_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    text = response.content.decode()
    assert CALM in text
    assert "Traceback" not in text and "Server Error (500)" not in text
    assert "no-store" in response["Cache-Control"]
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "default-src 'self'" in policy
    assert "<script" not in text and "style=" not in text
    # Our layout, without the parts that need the database: no menu, no sign-in links.
    assert 'class="site-header"' in text and "Need help now?" in text
    assert "data-nav-menu" not in text and "Sign out" not in text


@pytest.mark.parametrize("error", DOWN, ids=type)
def test_a_save_that_cannot_reach_the_database_gets_the_calm_page(people, error):
    client = client_for(people.alice)
    with mock.patch.object(Entry, "save", side_effect=error):
        response = client.post(
            reverse("journal:entry_create"), {"phase": "free", "title": "t", "body": "words"}
        )
    assert_calm_503(response)
    assert not Entry.objects.exists()


@pytest.mark.parametrize("error", DOWN, ids=type)
def test_losing_the_database_before_the_view_gets_the_calm_page(
    people, error, django_assert_num_queries
):
    """The first query of a signed-in request is the session, read in middleware: Django turns
    that error into a response before any view, so the 500 handler answers it. The 503 page
    asks the database nothing (no menu, no user)."""
    client = client_for(people.alice)
    client.raise_request_exception = False
    with (
        mock.patch.object(SessionStore, "load", side_effect=error),
        django_assert_num_queries(0),
    ):
        response = client.get(reverse("journal:entry_list"))
    assert_calm_503(response)


def test_other_errors_still_get_the_500_page(people):
    client = client_for(people.alice)
    client.raise_request_exception = False
    with mock.patch.object(Entry, "save", side_effect=ValueError("a bug")):
        response = client.post(
            reverse("journal:entry_create"), {"phase": "free", "title": "t", "body": "words"}
        )
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert b"Something went wrong on our side" in response.content


def test_signed_out_visitors_get_the_calm_page_too(db):
    with mock.patch.object(SessionStore, "load", side_effect=DOWN[0]):
        client = Client(raise_request_exception=False)
        client.cookies["sessionid"] = "a-session-that-cannot-be-read"
        response = client.get(reverse("account_login"))
    assert_calm_503(response)


def test_an_error_raised_while_the_database_was_going_away_gets_the_calm_page(people):
    """As seen under a real PostgreSQL restart: the driver's own error escaped Django's wrapper
    while a form's choices were read, and the session then failed half loaded."""

    def lost_then_broken(*args, **kwargs):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            raise AttributeError("'SessionStore' object has no attribute '_session_cache'")

    client = client_for(people.alice)
    client.raise_request_exception = False
    with mock.patch.object(Entry, "save", side_effect=lost_then_broken):
        response = client.post(
            reverse("journal:entry_create"), {"phase": "free", "title": "t", "body": "words"}
        )
    assert_calm_503(response)
