"""The notifications-on-your-devices page, subscribing and unsubscribing, the device list."""

import base64
import json
import os

import pytest
from django.urls import reverse

from push import vapid
from push.models import PushSubscription
from tests.helpers import client_for

pytestmark = pytest.mark.django_db
ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"
CHROME = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_json(endpoint=ENDPOINT):
    return {
        "endpoint": endpoint,
        "keys": {"p256dh": b64url(b"\x04" + os.urandom(64)), "auth": b64url(os.urandom(16))},
    }


@pytest.fixture
def keys(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = vapid.generate_pair()
    return settings.VAPID_PUBLIC_KEY


def post_json(client, name, body):
    return client.post(
        reverse(name), json.dumps(body), content_type="application/json", HTTP_USER_AGENT=CHROME
    )


def test_the_page_offers_this_device_and_lists_the_persons_devices(people, keys):
    PushSubscription.objects.create(
        user=people.alice, endpoint=ENDPOINT, p256dh="x", auth="y", label="Firefox on Mac"
    )
    PushSubscription.objects.create(
        user=people.bob, endpoint=ENDPOINT + "bob", p256dh="x", auth="y", label="Bob's Edge"
    )
    page = client_for(people.alice).get(reverse("push:settings"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-public-key="{keys}"' in html
    assert "Firefox on Mac" in html and "Bob's Edge" not in html
    assert "Send a test notification" in html


def test_without_keys_the_page_says_push_is_off(people, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    page = client_for(people.alice).get(reverse("push:settings"))
    assert b"not set up on this server" in page.content
    assert b"data-public-key" not in page.content
    response = post_json(client_for(people.alice), "push:subscribe", browser_json())
    assert response.status_code == 409
    assert not PushSubscription.objects.exists()


def test_the_settings_page_links_to_it(people):
    page = client_for(people.alice).get(reverse("accounts:settings"))
    assert reverse("push:settings").encode() in page.content


def test_subscribing_stores_the_device(people, keys):
    response = post_json(client_for(people.alice), "push:subscribe", browser_json())
    assert response.status_code == 201
    device = PushSubscription.objects.get()
    assert device.user == people.alice and device.endpoint == ENDPOINT
    assert device.label == "Chrome on Android"
    # The same browser again: still one device, now with its new keys.
    again = browser_json()
    assert post_json(client_for(people.alice), "push:subscribe", again).status_code == 200
    assert PushSubscription.objects.get().auth == again["keys"]["auth"]


def test_a_browser_someone_else_used_becomes_the_new_persons(people, keys):
    post_json(client_for(people.bob), "push:subscribe", browser_json())
    post_json(client_for(people.alice), "push:subscribe", browser_json())
    assert PushSubscription.objects.get().user == people.alice


@pytest.mark.parametrize(
    "body",
    [
        {},
        [],
        {"endpoint": "http://fcm.googleapis.com/x", "keys": browser_json()["keys"]},
        {"endpoint": "https://127.0.0.1/internal", "keys": browser_json()["keys"]},
        {"endpoint": "https://fcm.googleapis.com.evil.example/x", "keys": browser_json()["keys"]},
        {"endpoint": ENDPOINT, "keys": {"p256dh": "not base64!", "auth": b64url(os.urandom(16))}},
        {"endpoint": ENDPOINT, "keys": {"p256dh": b64url(os.urandom(65)), "auth": "AA"}},
        {"endpoint": ENDPOINT, "keys": "nope"},
    ],
)
def test_a_subscription_that_is_not_a_browsers_is_refused(people, keys, body):
    response = post_json(client_for(people.alice), "push:subscribe", body)
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_not_json_is_refused(people, keys):
    response = client_for(people.alice).post(
        reverse("push:subscribe"), b"\xff\xfe", content_type="application/json"
    )
    assert response.status_code == 400


def test_subscribing_needs_the_csrf_token(people, keys):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people.alice)
    response = post_json(client, "push:subscribe", browser_json())
    assert response.status_code == 403


def test_unsubscribing_removes_only_ones_own_device(people, keys):
    PushSubscription.objects.create(user=people.bob, endpoint=ENDPOINT, p256dh="x", auth="y")
    alice = client_for(people.alice)
    assert post_json(alice, "push:unsubscribe", {"endpoint": ENDPOINT}).status_code == 404
    assert post_json(alice, "push:unsubscribe", {"endpoint": 3}).status_code == 404
    assert PushSubscription.objects.count() == 1
    bob = client_for(people.bob)
    assert post_json(bob, "push:unsubscribe", {"endpoint": ENDPOINT}).status_code == 204
    assert not PushSubscription.objects.exists()


def test_removing_a_device_from_the_list(people):
    device = PushSubscription.objects.create(
        user=people.alice, endpoint=ENDPOINT, p256dh="x", auth="y", label="Safari on iPhone"
    )
    url = reverse("push:remove", args=[device.pk])
    assert client_for(people.bob).post(url).status_code == 404
    assert client_for(people.alice).get(url).status_code == 405
    response = client_for(people.alice).post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("push:settings")
    assert b"Safari on iPhone will get no more notifications" in response.content
    assert not PushSubscription.objects.exists()


def test_a_test_notification_goes_to_the_persons_devices(people, keys, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "push.tasks.send_to_user", lambda user, **message: sent.append((user, message)) or 1
    )
    alice = client_for(people.alice)
    response = alice.post(reverse("push:test"), follow=True)
    assert b"Turn notifications on for a device first" in response.content
    assert sent == []
    PushSubscription.objects.create(user=people.alice, endpoint=ENDPOINT, p256dh="x", auth="y")
    response = alice.post(reverse("push:test"), follow=True)
    assert b"on its way" in response.content
    [(user, message)] = sent
    assert user == people.alice and message["url"] == reverse("push:settings")


@pytest.mark.parametrize("name", ["push:subscribe", "push:unsubscribe", "push:test"])
def test_changes_are_post_only(people, name):
    assert client_for(people.alice).get(reverse(name)).status_code == 405


def test_the_page_asks_the_same_queries_for_one_device_or_many(people, keys):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice = client_for(people.alice)
    PushSubscription.objects.create(user=people.alice, endpoint=ENDPOINT, p256dh="x", auth="y")
    alice.get(reverse("push:settings"))
    with CaptureQueriesContext(connection) as one:
        alice.get(reverse("push:settings"))
    for n in range(5):
        PushSubscription.objects.create(
            user=people.alice, endpoint=f"{ENDPOINT}{n}", p256dh="x", auth="y"
        )
    with CaptureQueriesContext(connection) as six:
        alice.get(reverse("push:settings"))
    assert len(six) == len(one)
