"""The one way dates and times are written, on pages, in emails and in PDFs.

    day        Wed, Mar 4, 2026
    short_day  Mar 4
    moment     Mar 4, 2026, 8:00 a.m.
    clock      8:00 a.m.
    month      March 2026
    weekday    Wed (a table's row of the week)

    |breaks_at_commas  after any of these, where a narrow column must wrap a date: it may break
                       only after a comma ("Wed," / "Mar 4, 2026"), never inside "Mar 4".

Times are shown in the reader's zone (the middleware activates it). Where two people's zones can
differ (a support person reading the patient's session), `moment_in:zone` and `clock_in:zone`
show the time in `zone` and name it: "Mar 4, 2026, 8:00 a.m. (Europe/Berlin time)".

A time can end in "a.m.": a sentence must not put its own full stop after one ("7 a.m..").

In Spanish the same filters write "mié 4 mar 2026", "4 mar", "4 mar 2026, 20:05" and "20:05"
(the day before the month, a 24-hour clock): `FORMATS` holds each language's four formats, and
Django's own catalogues give the day and month names.

Registered as a template builtin (settings.TEMPLATES), so no `{% load %}` is needed."""

import datetime as dt
import re
import zoneinfo

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

DAY = "D, M j, Y"
SHORT_DAY = "M j"
CLOCK = "g:i a"
MOMENT = f"M j, Y, {CLOCK}"
FORMATS = {
    "en": {"day": DAY, "short_day": SHORT_DAY, "clock": CLOCK, "moment": MOMENT, "month": "F Y"},
    "es": {
        "day": "D j b Y",
        "short_day": "j b",
        "clock": "H:i",
        "moment": "j b Y, H:i",
        "month": r"F \d\e Y",
    },
}


def _formats() -> dict:
    return FORMATS.get((get_language() or "en").split("-")[0], FORMATS["en"])


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
    return _format(value, _formats()["day"])


@register.filter
def month(value):
    return _format(value, _formats()["month"])


@register.filter
def weekday(value):
    return _format(value, "D")


@register.filter
def breaks_at_commas(text):
    """`text` with a no-break space for each space that does not follow a comma."""
    return re.sub(r"(?<!,) ", "\u00a0", str(text))


@register.filter
def short_day(value):
    return _format(value, _formats()["short_day"])


@register.filter
def moment(value):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return day(value)
    return _format(value, _formats()["moment"])


@register.filter
def clock(value):
    return _format(value, _formats()["clock"])


def _named(text, zone):
    if not text or not hasattr(zone, "key"):
        return text
    return _("%(when)s (%(zone)s time)") % {"when": text, "zone": zone.key.replace("_", " ")}


@register.filter
def moment_in(value, zone_name):
    """`moment` in the zone `zone_name` (e.g. the patient's), with the zone named."""
    zone = _zone(zone_name)
    if zone is None:
        return moment(value)
    return _named(_format(value, _formats()["moment"], zone), zone)


@register.filter
def clock_in(value, zone_name):
    zone = _zone(zone_name)
    if zone is None:
        return clock(value)
    return _named(_format(value, _formats()["clock"], zone), zone)
