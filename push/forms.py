import binascii
from urllib.parse import urlsplit

from django import forms
from django.conf import settings

from push.vapid import b64url_decode


def _decoded(value: str, *, size: int, what: str) -> str:
    try:
        raw = b64url_decode(value)
    except (binascii.Error, ValueError):
        raise forms.ValidationError(f"The browser's {what} is not readable.") from None
    if len(raw) != size:
        raise forms.ValidationError(f"The browser's {what} has the wrong length.")
    return value


class SubscriptionForm(forms.Form):
    """What `PushSubscription.toJSON()` gives in the browser, flattened."""

    endpoint = forms.URLField(max_length=2000, assume_scheme="https")
    p256dh = forms.CharField(max_length=100)
    auth = forms.CharField(max_length=50)

    def clean_endpoint(self):
        # The server will POST to this URL: only to the browsers' own push services, never to
        # an address a person made up (an internal service, say).
        endpoint = self.cleaned_data["endpoint"]
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        known = any(
            host == allowed or host.endswith("." + allowed)
            for allowed in settings.PUSH_SERVICE_HOSTS
        )
        if parts.scheme != "https" or not known:
            raise forms.ValidationError("This browser's push service is not one we know.")
        return endpoint

    def clean_p256dh(self):
        value = _decoded(self.cleaned_data["p256dh"], size=65, what="key")
        if b64url_decode(value)[0] != 4:
            raise forms.ValidationError("The browser's key is not a P-256 public key.")
        return value

    def clean_auth(self):
        return _decoded(self.cleaned_data["auth"], size=16, what="secret")
