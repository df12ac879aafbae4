"""The server's VAPID key pair, which push services use to know the messages come from us.

Production sets VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (`manage.py vapid_keys` prints a fresh
pair). Without both, push is off. With DEBUG on and no keys, a pair is made once and kept in
VAPID_DEV_KEY_FILE (outside git), so a developer's browser subscriptions keep working.
"""

import base64
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings


@dataclass(frozen=True)
class VapidKeys:
    public_key: str  # base64url, uncompressed P-256 point: the browser's applicationServerKey
    private_key: str  # base64url, the raw 32-byte private number
    subject: str  # mailto: or https: contact for the push services


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def generate_pair() -> tuple[str, str]:
    """(public, private), both base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(public), b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def public_key_of(private: str) -> str:
    number = int.from_bytes(b64url_decode(private), "big")
    key = ec.derive_private_key(number, ec.SECP256R1())
    return b64url(
        key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def _development_pair(path: Path) -> tuple[str, str]:
    try:
        stored = json.loads(path.read_text())
        return stored["public"], stored["private"]
    except (OSError, ValueError, KeyError, TypeError):
        public, private = generate_pair()
        path.write_text(json.dumps({"public": public, "private": private}))
        path.chmod(0o600)
        return public, private


def keys() -> VapidKeys | None:
    """The key pair in use, or None when push is off."""
    public, private = settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY
    if not (public and private):
        dev_file = getattr(settings, "VAPID_DEV_KEY_FILE", None)
        if not (settings.DEBUG and dev_file):
            return None
        public, private = _development_pair(Path(dev_file))
    return VapidKeys(public_key=public, private_key=private, subject=settings.VAPID_SUBJECT)


def enabled() -> bool:
    return keys() is not None
