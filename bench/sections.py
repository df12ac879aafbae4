"""Sections of docs/performance.md written by the benchmarks that run on their own
(`bench/batch.py`, and others beside it): each lives between `<!-- section: name -->` and
`<!-- /section -->`, is replaced when its benchmark runs again, and is carried over unchanged
when `make bench` rewrites the rest of the file."""

from __future__ import annotations

import re
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
BLOCK = re.compile(r"<!-- section: (?P<name>[\w-]+) -->\n.*?<!-- /section -->\n", re.S)


def kept_sections(report: Path = REPORT) -> list[str]:
    """Every kept section of the report as it stands, in order."""
    if not report.exists():
        return []
    return [m.group(0) for m in BLOCK.finditer(report.read_text())]


def write_section(name: str, markdown: str, report: Path = REPORT) -> None:
    """Puts `markdown` into the report as the section `name`, replacing its last version."""
    block = f"<!-- section: {name} -->\n{markdown.rstrip()}\n<!-- /section -->\n"
    text = report.read_text() if report.exists() else "# Performance\n"
    for match in BLOCK.finditer(text):
        if match.group("name") == name:
            report.write_text(text[: match.start()] + block + text[match.end() :])
            return
    report.write_text(text.rstrip("\n") + "\n\n" + block)
