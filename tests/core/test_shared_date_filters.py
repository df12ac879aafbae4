"""Pages write dates with the shared filters (day, short_day, moment, clock), so a date reads
the same everywhere; `|date` is left for machine formats (ISO 8601, Unix time, a query's date).
The progress report keeps its own print formats."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
MACHINE = {"c", "U", "Y-m-d"}
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
