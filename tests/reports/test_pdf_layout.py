"""How the progress report's PDF is laid out and worded: sections flow on from one another, a
single answer reads as one, and the theme grid wears the screen's shading."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from integration_journal.templatetags.dates import short_day
from reports.build import Scope, build_progress
from reports.tasks import report_html
from tests.care.conftest import make_entry, make_intention, make_session
from tests.helpers import client_for
from tests.reports.test_reports import request_report

pytestmark = pytest.mark.django_db
CSS = Path(settings.BASE_DIR) / "static" / "css"


def small_journal(alice) -> list:
    """A handful of rows: one intention, one session, five entries with four themes (so the grid
    has every shade from none to the most). Returns the one entry chosen for the report."""
    from journal.models import Theme

    session = make_session(alice)
    make_intention(alice)
    grief, rest, work, sleep = (
        Theme.objects.create(owner=alice, name=name, slug=name.lower())
        for name in ("Grief", "Rest", "Work", "Sleep")
    )
    entries = [make_entry(alice, title=f"After the session, {n}", session=session) for n in (1, 2)]
    entries += [make_entry(alice, title=f"After the session, {n}", session=session) for n in (3, 4)]
    entries.append(make_entry(alice, title="A quiet day"))
    for entry, themes in zip(
        entries,
        ([grief, rest, work, sleep], [grief, rest, work], [grief, rest], [grief], [sleep]),
        strict=True,
    ):
        entry.themes.add(*themes)
    return entries[:1]


def answer_phq9(alice, answers, days_ago=0):
    from measures.instruments import score_response
    from measures.models import Response

    when = timezone.now() - dt.timedelta(days=days_ago)
    return Response.objects.create(owner=alice, created=when, **score_response("phq9", answers))


MILD_9 = [1, 1, 1, 1, 1, 1, 1, 2, 0]  # a total of 9, "mild", item 9 at zero


def check_in(alice, days_ago, mood=6, sleep=7):
    from practices.models import CheckIn, Practice, PracticeLog

    practice, _ = Practice.objects.get_or_create(owner=alice, name="Breathing")
    date = timezone.localdate() - dt.timedelta(days=days_ago)
    row = CheckIn.objects.create(owner=alice, date=date, mood=mood, sleep_hours=sleep)
    PracticeLog.objects.create(check_in=row, practice=practice)


def pdf_pages(alice, chosen) -> list[str]:
    client = client_for(alice)
    report_file = request_report(client, reverse("reports:create"), entries=chosen)
    report_file.refresh_from_db()
    assert report_file.status == report_file.Status.READY, report_file.error
    response = client.get(reverse("reports:download", args=[report_file.pk]))
    return [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    ]


def preview_text(alice) -> str:
    client = client_for(alice)
    report_file = request_report(
        client, reverse("reports:create"), sections=["measures", "practices"]
    )
    page = client.get(reverse("reports:preview", args=[report_file.pk]))
    return " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


# Pages ----------------------------------------------------------------------------------------


def test_a_tiny_journal_is_three_pages_cover_sections_entries(people):
    """Only the cover (with its contents) and the chosen entries start a page: everything else
    follows on. So a tiny journal is exactly three pages (it was seven: one for each section)."""
    pages = pdf_pages(people.alice, small_journal(people.alice))
    assert len(pages) == 3
    assert "Contents" in pages[0]
    assert "Be gentle with myself" not in pages[0]  # the intentions start on the next page
    for heading in (
        "Intentions",
        "Sessions",
        "Themes",
        "Questionnaires",
        "Practices and check-ins",
    ):
        assert heading in pages[1]
    assert "No questionnaires in this period." in pages[1]
    assert "No check-ins in this period." in pages[1]
    assert pages[2].startswith("Selected entries")
    assert "After the session, 1" in pages[2]


def test_charts_follow_on_and_are_never_split(people):
    """A questionnaire chart and a mood chart (each about 7 cm high) do not fit beside the first
    sections, so they make one more page, four in all: Intentions, Sessions and Themes share the
    second; the questionnaire and the check-ins, each chart whole under its heading, the third."""
    alice = people.alice
    chosen = small_journal(alice)
    answer_phq9(alice, MILD_9)
    for days_ago in (1, 2):
        check_in(alice, days_ago)
    pages = pdf_pages(alice, chosen)
    assert len(pages) == 4
    for heading in ("Intentions", "Sessions", "Themes", "Across sessions"):
        assert heading in pages[1]
    for heading in ("Questionnaires", "PHQ-9", "Practices and check-ins", "Daily mood"):
        assert heading in pages[2]
    assert pages[3].startswith("Selected entries")


# Wording --------------------------------------------------------------------------------------


def test_one_answer_reads_as_one_answer(people):
    alice = people.alice
    chosen = small_journal(alice)
    response = answer_phq9(alice, MILD_9)
    text = " ".join(pdf_pages(alice, chosen))
    with timezone.override(alice.time_zone or "UTC"):
        when = short_day(response.created)
    assert f"One answer so far: 9 (mild), on {when}." in text
    assert "a change of" not in text
    assert "From 9" not in text


ONE_ANSWER = {  # a plausible answer for each questionnaire, and how the report words it
    "phq9": (MILD_9, "9 (mild)"),
    "gad7": ([1, 1, 1, 1, 1, 0, 0], "5 (mild)"),
    "pcl5": ([1] * 20, "20 (below the provisional threshold of 33)"),
    "peg": ([4, 5, 6], "5.0"),
}


def answer(alice, code, answers, days_ago=0):
    from measures.instruments import score_response
    from measures.models import Response

    when = timezone.now() - dt.timedelta(days=days_ago)
    return Response.objects.create(owner=alice, created=when, **score_response(code, answers))


@pytest.mark.parametrize("code", ONE_ANSWER)
def test_one_answer_of_each_questionnaire_reads_as_one_in_the_pdf_and_on_screen(people, code):
    from measures.instruments import INSTRUMENTS

    alice = people.alice
    answers, worded = ONE_ANSWER[code]
    response = answer(alice, code, answers)
    expected = f"One answer so far: {worded}, on {short_day(response.created)}."
    client = client_for(alice)
    report_file = request_report(client, reverse("reports:create"), sections=["measures"])
    report_file.refresh_from_db()
    assert report_file.status == report_file.Status.READY, report_file.error
    pdf = client.get(reverse("reports:download", args=[report_file.pk])).content
    pdf_text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    preview = client.get(reverse("reports:preview", args=[report_file.pk])).content.decode()
    preview_words = " ".join(re.sub(r"<[^>]+>", " ", preview).split())
    for text in (pdf_text, preview_words):
        assert INSTRUMENTS[code].short_name in text
        assert expected in text
        assert "a change of" not in text
        assert "no change" not in text
        assert "From " not in text
    # The questionnaire's own pages say nothing of a change after a single answer.
    for page in (
        client.get(reverse("measures:history", args=[code])),
        client.get(reverse("measures:result", args=[response.pk])),
    ):
        assert page.status_code == 200
        html = page.content.decode()
        assert "Since your first answer" not in html
        assert "Compared with your first" not in html
    # A second answer brings the comparison back, on screen and in the report.
    answer(alice, code, answers, days_ago=3)
    assert (
        "Since your first answer: no change."
        in client.get(reverse("measures:history", args=[code])).content.decode()
    )
    assert "no change" in preview_text(alice)


def test_two_equal_answers_read_no_change(people):
    alice = people.alice
    first = answer_phq9(alice, MILD_9, days_ago=5)
    last = answer_phq9(alice, MILD_9)
    text = preview_text(alice)
    assert (
        f"From 9 (mild) on {short_day(first.created)} to 9 (mild) on {short_day(last.created)}: "
        "no change." in text
    )
    assert "a change of 0" not in text


def test_two_different_answers_keep_from_to_and_the_change(people):
    alice = people.alice
    answer_phq9(alice, [2, 2, 2, 2, 2, 2, 2, 2, 0], days_ago=5)
    answer_phq9(alice, MILD_9)
    text = preview_text(alice)
    assert "From 16 (moderately severe) on" in text
    assert ": a change of -7." in text


def test_check_ins_none_one_and_several(people):
    alice = people.alice
    assert "No check-ins in this period." in preview_text(alice)
    check_in(alice, 1, mood=6, sleep=7)
    one = preview_text(alice)
    assert "One check-in in this period: mood 6/10, 7 hours of sleep." in one
    assert "average" not in one
    check_in(alice, 2, mood=8, sleep=6)
    assert "2 check-ins; average mood 7.0/10; average sleep 6.5 hours." in preview_text(alice)


# The theme grid's shading -------------------------------------------------------------------


def heat_values(css: str) -> list[dict[str, str]]:
    """Each set of `--heat-1` … `--heat-4` in a stylesheet, in order (heat.css: light, dark)."""
    found = re.findall(r"--(heat-\d):\s*(#[0-9a-fA-F]{6})", css)
    return [
        {name: value.lower() for name, value in found[i : i + 4]} for i in range(0, len(found), 4)
    ]


def grid_classes(html: str) -> list[str]:
    return re.findall(r'<td class="(heat heat-\d)"', html)


def stylesheets(html: str) -> list[str]:
    """The names of the stylesheets a page links (without a hashed suffix)."""
    link = r'<link rel="stylesheet" href="/static/css/([\w-]+)(?:\.[0-9a-f]{12})?\.css"'
    return re.findall(link, html)


def test_the_grid_has_the_same_classes_on_screen_and_in_the_pdf(people):
    alice = people.alice
    small_journal(alice)
    screen = client_for(alice).get(reverse("journal:theme_list")).content.decode()
    today = timezone.localdate()
    report = build_progress(
        viewer=alice, patient=alice, scope=Scope(start=today - dt.timedelta(days=30), end=today)
    )
    pdf_html = report_html(report, for_pdf=True)
    # Grief 4 and 0 between, Rest 3, Work 2, Sleep 1 and 1 between: every shade appears.
    assert set(grid_classes(screen)) == {f"heat heat-{level}" for level in range(5)}
    assert grid_classes(pdf_html) == grid_classes(screen)
    # Both read the shading from the one stylesheet that defines it.
    assert "heat" in stylesheets(screen)
    assert "heat" in stylesheets(pdf_html)
    assert "heat" in stylesheets(report_html(report, for_pdf=False))


def test_the_shading_is_defined_once():
    """heat.css holds the light and the dark shades and the classes; no other stylesheet sets
    them, so the screen, the PDF and the preview cannot drift apart."""
    heat = (CSS / "heat.css").read_text()
    light, dark = heat_values(heat)
    assert sorted(light) == sorted(dark) == ["heat-1", "heat-2", "heat-3", "heat-4"]
    assert light != dark
    for level in range(5):
        assert re.search(rf"^\.heat-{level} {{ background: ", heat, re.MULTILINE)
    for other in CSS.glob("*.css"):
        if other.name != "heat.css":
            css = other.read_text()
            assert heat_values(css) == [], other.name
            assert not re.search(r"^\.heat-\d\b", css, re.MULTILINE), other.name


def painted_cells(html: str) -> dict[str, tuple[str, float]]:
    """The background WeasyPrint paints in each grid cell, by shade."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TableCellBox

    from reports.pdf import BASE_URL, make_fetcher

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=make_fetcher()).render()

    def boxes(box):
        yield box
        for child in getattr(box, "children", ()):
            yield from boxes(child)

    painted = {}
    for page in document.pages:
        for box in boxes(page._page_box):  # WeasyPrint's laid-out boxes, with computed styles
            if isinstance(box, TableCellBox) and "heat" in box.element.get("class", "").split():
                *rgb, alpha = tuple(box.style["background_color"])
                level = box.element.get("class").split()[-1]
                painted[level] = ("#" + "".join(f"{round(c * 255):02x}" for c in rgb), alpha)
    return painted


def test_weasyprint_paints_the_cells_in_the_screens_colours(people, caplog):
    alice = people.alice
    small_journal(alice)
    today = timezone.localdate()
    report = build_progress(
        viewer=alice, patient=alice, scope=Scope(start=today - dt.timedelta(days=30), end=today)
    )
    with caplog.at_level("WARNING", logger="weasyprint"):
        painted = painted_cells(report_html(report, for_pdf=True))
    light = heat_values((CSS / "heat.css").read_text())[0]
    assert painted["heat-0"][1] == 0  # transparent: no shading
    assert {name: painted[name] for name in light} == {
        name: (hex_value, 1) for name, hex_value in light.items()
    }
    # The dark shades sit in a block for screens, which WeasyPrint skips without a warning.
    assert [r.getMessage() for r in caplog.records if "media" in r.getMessage().lower()] == []
