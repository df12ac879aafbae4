"""The signed token of a one-click unsubscribe link: who and which kind, nothing else.

It does not expire (an old email's link must still work) and only ever turns one kind off."""

import uuid

from django.core import signing

from notifications.models import Kind

SALT = "notifications.unsubscribe"


def make_token(person, kind: str) -> str:
    return signing.dumps([str(person.pk), kind], salt=SALT, compress=False)


def read_token(token: str) -> tuple[str, str] | None:
    """(person id, kind) of a token this server made, or None for anything else."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(part, str) for part in value)
        or value[1] not in Kind.values
    ):
        return None
    try:
        uuid.UUID(value[0])
    except ValueError:
        return None
    return value[0], value[1]
