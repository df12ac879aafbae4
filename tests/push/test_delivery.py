"""send_to_user against a push service on 127.0.0.1: a real encrypted message, decrypted here
with the test browser's private key, and what a push service's refusals do to a subscription."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from push import vapid
from push.delivery import send_to_user
from push.models import PushSubscription

pytestmark = pytest.mark.django_db


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushService:
    """A push service on 127.0.0.1 that records each request and answers with `status`."""

    def __init__(self):
        self.status = 201
        self.received: list[dict] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                service.received.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": self.rfile.read(length),
                    }
                )
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def service():
    running = PushService()
    yield running
    running.close()


@pytest.fixture
def server_keys(settings):
    public, private = vapid.generate_pair()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    settings.VAPID_SUBJECT = "mailto:team@journal.invalid"
    return public


def browser(user, endpoint):
    """A device's subscription as a browser makes it: its own P-256 key pair and auth secret."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    secret = os.urandom(16)
    subscription = PushSubscription.objects.create(
        user=user, endpoint=endpoint, p256dh=b64url(public), auth=b64url(secret), label="Chrome"
    )
    return subscription, key, secret


def send(user, **overrides):
    message = {
        "title": "Integration Journal",
        "body": "You have a new note in Integration Journal",
        "url": "/journal/",
        "tag": "note",
    }
    return send_to_user(user, **{**message, **overrides})


def test_a_message_arrives_encrypted_and_decrypts_with_the_devices_key(
    people, service, server_keys
):
    subscription, key, secret = browser(people.alice, service.url("/push/alice-phone"))

    assert send(people.alice) == 1

    [request] = service.received
    assert request["path"] == "/push/alice-phone"
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert b"new note" not in request["body"]  # encrypted on the way
    plain = http_ece.decrypt(request["body"], private_key=key, auth_secret=secret)
    assert json.loads(plain) == {
        "title": "Integration Journal",
        "body": "You have a new note in Integration Journal",
        "url": "/journal/",
        "tag": "note",
    }
    # Signed with the server's VAPID key, for this push service's origin.
    scheme, _, credentials = request["headers"]["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in credentials.split(","))
    assert fields["k"] == server_keys
    token_claims = json.loads(base64.urlsafe_b64decode(fields["t"].split(".")[1] + "==").decode())
    assert token_claims["aud"] == service.url("")
    assert token_claims["sub"] == "mailto:team@journal.invalid"
    subscription.refresh_from_db()
    assert subscription.last_success is not None and subscription.last_failure is None


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_service_calls_gone_is_removed(people, service, server_keys, status):
    browser(people.alice, service.url("/push/gone"))
    service.status = status

    assert send(people.alice) == 0
    assert len(service.received) == 1
    assert not PushSubscription.objects.exists()


def test_another_failure_keeps_the_subscription_and_records_it(people, service, server_keys):
    failing, _, _ = browser(people.alice, service.url("/push/busy"))
    working, key, secret = browser(people.alice, service.url("/push/fine"))
    # The first device's service is down; the second still gets its message.
    statuses = {"/push/busy": 500, "/push/fine": 201}
    handler = service.server.RequestHandlerClass
    original = handler.do_POST

    def answer(self):
        service.status = statuses[self.path]
        original(self)

    handler.do_POST = answer

    assert send(people.alice) == 1

    failing.refresh_from_db()
    assert failing.last_failure is not None and failing.last_error == "500"
    assert failing.failing
    working.refresh_from_db()
    assert working.last_success is not None and not working.failing
    assert PushSubscription.objects.count() == 2


def test_an_unreachable_service_or_unreadable_keys_raise_nothing(people, server_keys):
    PushSubscription.objects.create(
        user=people.alice, endpoint="http://127.0.0.1:9/nobody", p256dh="AAAA", auth="AAAA"
    )
    browser(people.alice, "http://127.0.0.1:9/closed-port")

    assert send(people.alice) == 0
    assert PushSubscription.objects.filter(last_failure__isnull=False).count() == 2
    errors = set(PushSubscription.objects.values_list("last_error", flat=True))
    assert any(error.startswith(("bad keys", "not sent")) for error in errors), errors
    assert any(error.startswith("network") for error in errors), errors


def test_only_the_persons_own_devices_get_it(people, service, server_keys):
    browser(people.bob, service.url("/push/bob"))
    assert send(people.alice) == 0
    assert service.received == []


def test_without_keys_push_is_off(people, service, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    browser(people.alice, service.url("/push/alice"))
    assert send(people.alice) == 0
    assert service.received == []


def test_the_link_must_be_a_path_on_this_site(people, server_keys):
    for url in ("https://elsewhere.example/", "//elsewhere.example/", "journal/"):
        with pytest.raises(ValueError):
            send(people.alice, url=url)
