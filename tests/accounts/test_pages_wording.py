"""allauth's pages in our words: sentence-case titles and headings, no stock phrases, one form
markup (classes, not a Python list) and password rules inside the element screen readers read."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import client_for

pytestmark = pytest.mark.django_db

STOCK = (
    "Confirm Access",
    "Two-Factor Authentication",
    "Sign In",
    "Sign Up",
    "Change Password",
    "Email Addresses",
    "contact us",
    "['",
    "Sign Out",
    "Password Reset",
    "Reset My",
    "Are you sure",
)


def words(response):
    assert response.status_code == 200
    html = response.content.decode()
    for stock in STOCK:
        assert stock not in html, stock
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    heading = re.search(r'<h1 class="page-title">(.*?)</h1>', html, re.S).group(1)
    return " ".join(title.split()), " ".join(heading.split()), html


@pytest.mark.parametrize(
    "url,heading",
    [
        (reverse("account_login"), "Sign in"),
        (reverse("account_signup"), "Create an account"),
        (reverse("account_reset_password"), "Choose a new password"),
        (
            reverse("account_reset_password_from_key", args=["zz", "bad-key"]),
            "This link no longer works",
        ),
        (reverse("account_signup_by_passkey"), "Create an account with a passkey"),
    ],
)
def test_entrance_pages(url, heading):
    title, h1, _ = words(Client().get(url))
    assert h1 == heading
    assert title.endswith("· Integration Journal")


def test_manage_pages(people):
    client = client_for(people.alice)
    for name, heading in [
        ("mfa_index", "Two-step sign-in"),
        ("usersessions_list", "Where you are signed in"),
        ("account_logout", "Sign out"),
    ]:
        _, h1, _ = words(client.get(reverse(name)))
        assert h1 == heading


def test_reauthentication_says_confirm_its_you(people):
    _, h1, html = words(client_for(people.alice).get(reverse("account_reauthenticate")))
    assert h1 == "Confirm it's you"
    assert "really you" in html
    _, h1, _ = words(client_for(people.alice).get(reverse("account_change_password")))
    assert h1 == "Change your password"


def test_signup_form_markup():
    _, _, html = words(Client().get(reverse("account_signup")))
    form = re.search(r'<form class="([^"]*)"[^>]*action="/accounts/signup/"', html).group(1)
    assert form.split() == ["stack", "form", "form--entrance", "form--signup"]
    # The password rules sit inside the element the field's aria-describedby names.
    described = re.search(r'<input[^>]*name="password1"[^>]*>', html).group(0)
    help_id = re.search(r'aria-describedby="([^"]+)"', described).group(1).split()[0]
    rules = re.search(rf'<div class="help" id="{help_id}">(.*?)</div>', html, re.S).group(1)
    assert "<li>" in rules
    assert "(optional) (optional)" not in html
    assert "Optional." not in html
