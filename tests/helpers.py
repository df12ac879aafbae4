"""Shared people and helpers for tests: alice (patient), bob (another patient, the stranger)."""

import re
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import User

PASSWORD = "correct horse battery staple"  # noqa: S105


def make_user(email: str, display_name: str = "", **extra) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, display_name=display_name, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@dataclass
class People:
    alice: User
    bob: User
    charlie: User


def make_people() -> People:
    return People(
        alice=make_user("alice@example.org", "Alice"),
        bob=make_user("bob@example.org", "Bob"),
        charlie=make_user("charlie@example.org", "Charlie"),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reauthenticated_client(user: User) -> Client:
    """Signed in and has just confirmed the password, as export and erasure ask."""
    client = client_for(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def totp_code(secret: str) -> str:
    """The current TOTP code for a base32 secret, as an authenticator app would show it."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def enable_totp(user: User) -> str:
    """Give a user a TOTP authenticator (as if enrolled); returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def query_count(client: Client, url: str) -> int:
    """Queries one GET of `url` makes (after a first request has settled the session)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def menu(html: str) -> list[tuple[str, str, bool]]:
    """(label, href, current) for each link in a page's main menu (templates/_partials/nav.html)."""
    nav = html[html.index('<nav class="site-nav" aria-label="Main">') :]
    nav = nav[: nav.index("</nav>")]
    return [
        (label, href, bool(current))
        for href, current, label in re.findall(
            r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', nav
        )
    ]


def emailed_code(to: str = "new@example.org") -> str:
    """The code in the newest mail to `to` that confirms an address: six digits on a line of
    their own (ACCOUNT_EMAIL_VERIFICATION_BY_CODE_FORMAT)."""
    from django.core import mail

    message = [m for m in mail.outbox if m.to == [to]][-1]
    return re.search(r"^(\d{6})$", message.body, re.M).group(1)
