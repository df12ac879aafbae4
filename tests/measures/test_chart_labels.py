"""The labels inside a questionnaire chart (band names, the PCL-5's threshold) never overlap
each other, a point or the line, at the largest size they are shown at (on a phone)."""

import datetime as dt
import itertools
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from integration_journal.charts import HEIGHT, LABEL_FONT, PAD_LEFT, PAD_RIGHT, WIDTH, Label
from measures.charts import questionnaire_chart
from measures.instruments import INSTRUMENTS

LABEL = re.compile(
    r'<text class="(band-label|threshold-label)" x="([^"]*)" y="([^"]*)" '
    r'text-anchor="([^"]*)"[^>]*>([^<]*)</text>'
)
POINT = re.compile(r'<circle class="point[^"]*" cx="([^"]*)" cy="([^"]*)"')

# Scores as the chart reads them (the PEG's mean): falling, rising, flat on a band edge or the
# threshold, and one answer.
HISTORIES = {
    "phq9": [[16, 14, 11, 8, 6, 4], [4, 9, 14, 19, 24, 27], [10] * 6, [20], [0, 27, 0, 27]],
    "gad7": [[14, 12, 9, 7, 5, 3], [21, 15, 10, 5, 0], [5] * 4, [15]],
    "pcl5": [[46, 42, 37, 33, 29, 26], [33] * 5, [20, 31, 33, 35, 50], [80, 0], [33]],
    "peg": [[6.3, 5.7, 5.0, 4.3, 3.7, 3.3], [10, 0, 10], [5.0]],
}


def chart_of(code, scores):
    start = timezone.now() - dt.timedelta(days=13 * len(scores))
    responses = [
        SimpleNamespace(created=start + dt.timedelta(days=13 * index), score=score)
        for index, score in enumerate(scores)
    ]
    return str(questionnaire_chart(INSTRUMENTS[code], responses).svg)


def labels_of(svg):
    return [
        Label(text, css, "", float(x), float(y), anchor)
        for css, x, y, anchor, text in LABEL.findall(svg)
    ]


CASES = [(code, scores) for code, histories in HISTORIES.items() for scores in histories]


@pytest.mark.parametrize(("code", "scores"), CASES)
def test_labels_are_at_least_a_line_apart(code, scores):
    labels = labels_of(chart_of(code, scores))
    for a, b in itertools.combinations(labels, 2):
        assert abs(a.y - b.y) >= LABEL_FONT + 4, (a, b)


@pytest.mark.parametrize(("code", "scores"), CASES)
def test_labels_stay_inside_the_chart_and_cover_no_point(code, scores):
    svg = chart_of(code, scores)
    points = [(float(x), float(y)) for x, y in POINT.findall(svg)]
    for label in labels_of(svg):
        left, top, right, bottom = label.box()
        assert left >= PAD_LEFT and right <= WIDTH - PAD_RIGHT
        assert top >= 0 and bottom <= HEIGHT
        for x, y in points:
            assert not (left - 4 <= x <= right + 4 and top - 4 <= y <= bottom + 4), (label, x, y)


def test_the_demo_pcl5_keeps_its_threshold_label_clear_of_the_line():
    svg = chart_of("pcl5", HISTORIES["pcl5"][0])
    (label,) = labels_of(svg)
    assert label.text == "Provisional threshold (33)"
    line_y = float(re.search(r'<line class="threshold"[^>]*y1="([^"]*)"', svg)[1])
    _, top, _, bottom = label.box()
    assert bottom < line_y or top > line_y


def test_every_phq9_band_is_named_when_the_line_leaves_room():
    svg = chart_of("phq9", HISTORIES["phq9"][0])
    assert sorted(label.text for label in labels_of(svg)) == sorted(
        band.label for band in INSTRUMENTS["phq9"].bands
    )
