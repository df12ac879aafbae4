"""Every stylesheet parses cleanly: a stray `*/` or brace silently drops the rules after it in
browsers and in WeasyPrint alike (a comment once swallowed the regular-weight font)."""

import re
from pathlib import Path

import pytest
import tinycss2

STATIC = Path(__file__).resolve().parents[2] / "static"
SHEETS = sorted(p for p in STATIC.rglob("*.css") if "vendor" not in p.parts)


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_stylesheet_parses_without_errors(sheet):
    rules = tinycss2.parse_stylesheet(sheet.read_text(), skip_comments=True, skip_whitespace=True)
    errors = [rule for rule in rules if rule.type == "error"]
    assert not errors, [(e.source_line, e.message) for e in errors]
    for rule in rules:
        if rule.type == "qualified-rule":
            selector = tinycss2.serialize(rule.prelude).strip()
            assert "*/" not in selector and "@" not in selector, (sheet.name, selector)


def test_every_font_face_is_a_rule_of_its_own():
    text = (STATIC / "css" / "fonts.css").read_text()
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    faces = [r for r in rules if r.type == "at-rule" and r.lower_at_keyword == "font-face"]
    assert len(faces) == len(re.findall(r"@font-face", text)) > 0
