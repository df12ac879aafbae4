"""Half-set or malformed VAPID keys are an error; no keys at all is fine (push is off)."""

from django.conf import settings
from django.core import checks

from push import vapid


@checks.register(checks.Tags.security)
def check_vapid_keys(app_configs, **kwargs):
    public, private = settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY
    if not public and not private:
        return []
    if not (public and private):
        return [
            checks.Error(
                "Only one of VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY is set.",
                hint="Set both (manage.py vapid_keys prints a pair), or neither to turn push off.",
                id="push.E001",
            )
        ]
    try:
        matches = vapid.public_key_of(private) == public
    except ValueError:
        matches = False
    if not matches:
        return [
            checks.Error(
                "VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY.",
                hint="Use a pair printed by manage.py vapid_keys.",
                id="push.E002",
            )
        ]
    return []
