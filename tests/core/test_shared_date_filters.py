"""Pages write dates with the shared filters (day, short_day, moment, clock), so a date reads
the same everywhere; `|date` is left for machine formats (ISO 8601, Unix time, a query's date).
The progress report keeps its own print formats."""

import datetime as dt
import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
MACHINE = {"c", "U", "Y-m-d", "Ymd"}
FORMAT = re.compile(r"\|(?:date|time):([\"'])(.*?)\1")


def test_no_page_formats_a_date_by_hand():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
        if path.relative_to(TEMPLATES).parts[0] == "reports":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for _, fmt in FORMAT.findall(line):
                if fmt not in MACHINE:
                    found.append(f"{path.relative_to(TEMPLATES)}:{number} {fmt}")
    assert found == []


def test_breaks_at_commas_keeps_each_part_of_a_date_together():
    """A narrow table column may wrap a date after a comma only ("Tue," / "Sep 29, 2026")."""
    from django.template import Context, Template

    from integration_journal.templatetags.dates import breaks_at_commas

    nbsp = "\u00a0"
    assert breaks_at_commas("Tue, Sep 29, 2026") == f"Tue, Sep{nbsp}29, 2026"
    assert breaks_at_commas("Dec 6, 2026, 5:47 p.m.") == f"Dec{nbsp}6, 2026, 5:47{nbsp}p.m."
    assert breaks_at_commas("29 Sep 2026") == f"29{nbsp}Sep{nbsp}2026"  # no comma: one piece
    when = dt.date(2026, 9, 29)
    html = Template("{{ when|day|breaks_at_commas }}").render(Context({"when": when}))
    assert html == f"Tue, Sep{nbsp}29, 2026"
    # Escaping is kept: only spaces change.
    assert Template("{{ text|breaks_at_commas }}").render(Context({"text": "<b>a, b</b>"})) == (
        "&lt;b&gt;a, b&lt;/b&gt;"
    )
