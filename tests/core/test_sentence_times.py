"""A time ends in "a.m." or "p.m.", so no sentence may put its own full stop after one
(integration_journal/templatetags/dates.py): "7 a.m.." reads as a slip."""

import datetime as dt
import re
from pathlib import Path

from django.conf import settings

from integration_journal.templatetags.dates import clock, moment

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A time filter whose output is followed, maybe after closing tags, by a full stop.
TIME_THEN_STOP = re.compile(r"\|(?:clock|moment)(?:_in:[\w.\"']+)?\s*\}\}(?:\s*</[a-z]+>)*\.")


def test_the_filters_end_in_a_full_stop_of_their_own():
    seven = dt.datetime(2026, 3, 4, 7, 0, tzinfo=dt.UTC)
    assert clock(seven).endswith("a.m.") and moment(seven).endswith("a.m.")


def test_no_template_puts_a_full_stop_after_a_time():
    found = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if TIME_THEN_STOP.search(line):
                found.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert found == []


def test_the_scan_would_catch_one():
    assert TIME_THEN_STOP.search("Next: {{ session.date|moment }}.")
    assert TIME_THEN_STOP.search("<time>{{ t|clock_in:user.time_zone }}</time>.")
    assert not TIME_THEN_STOP.search("until {{ t|moment }}, then")
