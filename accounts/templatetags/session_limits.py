"""The session limits of a device kept signed in, in days, for pages allauth renders."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def trusted_device_days() -> dict:
    return {
        "idle": settings.SESSION_TRUSTED_IDLE_TIMEOUT // 86400,
        "absolute": settings.SESSION_TRUSTED_ABSOLUTE_TIMEOUT // 86400,
    }
