"""In a real browser: My data → Import from Day One → the preview → Import, and the same for
jrnl; no CSP violation and no WCAG A/AA violation on the new pages, at phone and desktop size."""

import json
import os
from pathlib import Path

import pytest

from journal.models import Entry
from tests.e2e.conftest import DESKTOP, PHONE, follow, sign_in
from tests.e2e.test_accessibility import axe_violations
from tests.helpers import PASSWORD, make_user
from tests.mydata.importers.dayone_files import dayone_zip

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# Set to a folder to keep screenshots of the pages (for looking at them, not for the docs).
SHOTS = os.environ.get("IMPORT_SCREENSHOTS")


def _shot(page, name: str, size: dict) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{size['width']}.png"), full_page=True)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_importing_from_day_one_and_jrnl_in_a_browser(tab, tmp_path, size):
    make_user("alice@example.org", "Alice")
    zip_path = tmp_path / "Export.zip"
    zip_path.write_bytes(dayone_zip())
    jrnl_path = tmp_path / "journal.json"
    entry = {"title": "From jrnl.", "body": "@calm", "date": "2024-05-01", "time": "07:00"}
    jrnl_path.write_text(json.dumps({"tags": {}, "entries": [entry | {"tags": ["@calm"]}]}))

    browser = tab(viewport=size)
    page = browser.page
    sign_in(page, browser.base_url, "alice@example.org", PASSWORD)
    browser.go("/account/data/")
    _shot(page, "import-my-data", size)
    follow(page, "text=Import from Day One")
    assert axe_violations(page) == []
    page.set_input_files("input[type=file]", str(zip_path))
    follow(page, "button:has-text('Check this file')")
    assert "Photos to add to their entries\t1" in page.inner_text("main")
    assert axe_violations(page) == []
    _shot(page, "import-dayone-preview", size)
    follow(page, "button:has-text('Import 3 entries')")
    assert "Added to your account: 3 entries, 1 photo" in page.inner_text("main")
    _shot(page, "import-dayone-report", size)

    browser.go("/account/data/")
    follow(page, "text=Import from jrnl")
    page.set_input_files("input[type=file]", str(tmp_path / "Export.zip"))
    follow(page, "button:has-text('Check this file')")
    assert "is not valid JSON" in page.inner_text("main")
    _shot(page, "import-jrnl-refused", size)
    page.set_input_files("input[type=file]", str(jrnl_path))
    follow(page, "button:has-text('Check this file')")
    follow(page, "button:has-text('Import 1 entry')")
    assert Entry.objects.filter(owner__email="alice@example.org").count() == 4
