"""Rules the suite keeps so it stays green in parallel (docs/testing.md)."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
COMMITS = re.compile(r"django_db\(([^)]*transaction=True[^)]*)\)")


def test_every_committing_test_restores_the_migrated_rows():
    """A committing test without serialized_rollback breaks the next one in its worker."""
    found, missing = 0, []
    for path in sorted(TESTS.rglob("test_*.py")):
        for match in COMMITS.finditer(path.read_text()):
            found += 1
            if "serialized_rollback=True" not in match.group(1):
                missing.append(f"{path.relative_to(TESTS)}: {match.group(0)}")
    assert found >= 5  # the pattern still finds the browser tests and the others
    assert missing == []
