"""The one way dates and times are written, on pages, in emails and in PDFs.

    day        Wed, Mar 4, 2026
    short_day  Mar 4
    moment     Mar 4, 2026, 8:00 a.m.
    clock      8:00 a.m.

    |breaks_at_commas  after any of these, where a narrow column must wrap a date: it may break
                       only after a comma ("Wed," / "Mar 4, 2026"), never inside "Mar 4".

Times are shown in the reader's zone (the middleware activates it). Where two people's zones can
differ (a support person reading the patient's session), `moment_in:zone` and `clock_in:zone`
show the time in `zone` and name it: "Mar 4, 2026, 8:00 a.m. (Europe/Berlin time)".

A time can end in "a.m.": a sentence must not put its own full stop after one ("7 a.m..").

Registered as a template builtin (settings.TEMPLATES), so no `{% load %}` is needed."""

import datetime as dt
import re
import zoneinfo

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()

DAY = "D, M j, Y"
SHORT_DAY = "M j"
CLOCK = "g:i a"
MOMENT = f"M j, Y, {CLOCK}"


def _local(value, zone=None):
    """A datetime in `zone` (or the active zone); a date stays as it is."""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, dt.UTC)
        return timezone.localtime(value, zone)
    return value


def _zone(name):
    if isinstance(name, dt.tzinfo):
        return name
    try:
        return zoneinfo.ZoneInfo(str(name)) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _format(value, fmt, zone=None):
    if value in (None, ""):
        return ""
    return date_format(_local(value, zone), fmt)


@register.filter
def day(value):
    return _format(value, DAY)


@register.filter
def breaks_at_commas(text):
    """`text` with a no-break space for each space that does not follow a comma."""
    return re.sub(r"(?<!,) ", "\u00a0", str(text))


@register.filter
def short_day(value):
    return _format(value, SHORT_DAY)


@register.filter
def moment(value):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return day(value)
    return _format(value, MOMENT)


@register.filter
def clock(value):
    return _format(value, CLOCK)


def _named(text, zone):
    return f"{text} ({zone.key.replace('_', ' ')} time)" if text and hasattr(zone, "key") else text


@register.filter
def moment_in(value, zone_name):
    """`moment` in the zone `zone_name` (e.g. the patient's), with the zone named."""
    zone = _zone(zone_name)
    if zone is None:
        return moment(value)
    return _named(_format(value, MOMENT, zone), zone)


@register.filter
def clock_in(value, zone_name):
    zone = _zone(zone_name)
    if zone is None:
        return clock(value)
    return _named(_format(value, CLOCK, zone), zone)
