"""Request ids: kept from a proxy when safe, made up otherwise (and always without a proxy),
sent back on the response and written on every log line of the request."""

import logging
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from integration_journal import request_id
from integration_journal.request_id import RequestIdFilter, current_request_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def behind_proxy(settings):
    settings.BEHIND_PROXY = True


GENERATED = re.compile(r"[0-9a-f]{32}")
seen = {}


@login_not_required
def logging_view(request):
    logging.getLogger("tests.request_id").warning("inside the view")
    seen["attribute"] = request.request_id
    return HttpResponse("logged")


urlpatterns = [path("log/", logging_view)]


@pytest.fixture
def records():
    captured = []

    class Keep(logging.Handler):
        def emit(self, record):
            captured.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("tests.request_id")
    logger.addHandler(handler)
    yield captured
    logger.removeHandler(handler)


@pytest.mark.parametrize(
    "incoming", ["abc-123", "lb.7f3a_9", "A" * 64, "0a1b2c3d4e5f60718293a4b5c6d7e8f9"]
)
def test_a_safe_incoming_id_is_kept(client, incoming):
    response = client.get("/healthz/", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming",
    ["", "A" * 65, "has space", "new\nline", "semi;colon", "<script>", "ünïcode", "a/b"],
)
def test_an_unsafe_incoming_id_is_replaced(client, incoming):
    response = client.get("/healthz/", headers={"X-Request-ID": incoming})
    assert GENERATED.fullmatch(response["X-Request-ID"])


@pytest.mark.parametrize("incoming", ["abc-123", "0a1b2c3d4e5f60718293a4b5c6d7e8f9"])
def test_without_a_proxy_no_client_picks_its_own_id(client, settings, incoming):
    settings.BEHIND_PROXY = False
    response = client.get("/healthz/", headers={"X-Request-ID": incoming})
    assert GENERATED.fullmatch(response["X-Request-ID"]) and response["X-Request-ID"] != incoming


def test_each_request_without_one_gets_a_new_id(client):
    first = client.get("/healthz/")["X-Request-ID"]
    second = client.get("/healthz/")["X-Request-ID"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second) and first != second


def test_pages_redirects_and_errors_carry_it_too(client):
    assert client.get("/journal/")["X-Request-ID"]  # the sign-in redirect
    assert client.get("/no-such-page/")["X-Request-ID"]  # the 404 page


def test_log_lines_of_the_request_name_it(settings, records):
    settings.ROOT_URLCONF = __name__
    response = Client().get("/log/", headers={"X-Request-ID": "trace-42"})
    assert response["X-Request-ID"] == "trace-42" == seen["attribute"]
    assert [(r.getMessage(), r.request_id) for r in records] == [("inside the view", "trace-42")]


def test_django_s_own_error_log_line_names_it_too(client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    filter_ = RequestIdFilter()
    caplog.handler.addFilter(filter_)
    try:
        client.get("/no-such-page/", headers={"X-Request-ID": "missing-7"})
    finally:
        caplog.handler.removeFilter(filter_)
    lines = [r for r in caplog.records if r.name == "django.request"]
    assert lines and all(r.request_id == "missing-7" for r in lines)


def test_outside_a_request_the_id_is_a_dash(client, records):
    client.get("/healthz/", headers={"X-Request-ID": "gone-after"})
    assert current_request_id.get() == "-"
    logging.getLogger("tests.request_id").warning("from a worker")
    assert records[-1].request_id == "-"


def test_settings_wire_it_first_and_format_it():
    assert django_settings.MIDDLEWARE[0] == "integration_journal.request_id.RequestIdMiddleware"
    console = django_settings.LOGGING["handlers"]["console"]
    assert "request_id" in console["filters"]
    formatter = django_settings.LOGGING["formatters"][console["formatter"]]
    assert "%(request_id)s" in formatter["format"]
    assert request_id.HEADER == "X-Request-ID"
