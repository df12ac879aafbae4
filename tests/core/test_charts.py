import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone, translation

from integration_journal.charts import Band, Marker, Series, line_chart


def test_line_chart_draws_points_bands_markers_and_a_table():
    chart = line_chart(
        [Series("Progress", [(dt.date(2026, 1, 1), 2), (dt.date(2026, 2, 1), 6)])],
        y_min=0,
        y_max=10,
        title="Progress <over> time",
        bands=[Band(0, 4, "Low", "band-1")],
        markers=[Marker(dt.date(2026, 1, 15), "Session 1")],
    )
    svg = str(chart.svg)
    assert svg.count("<circle") == 2
    assert "<polyline" in svg
    assert 'class="band band-1"' in svg
    assert 'class="marker"' in svg
    assert "Progress &lt;over&gt; time" in svg
    assert chart.rows == [["Jan 1, 2026", "2"], ["Feb 1, 2026", "6"]]
    assert chart.markers == [("Jan 15, 2026", "Session 1")]


def test_empty_chart_renders_a_message():
    chart = line_chart([Series("Mood", [])], y_min=0, y_max=10, title="Mood")
    assert chart.is_empty
    assert "Nothing to chart yet" in render_to_string("_partials/chart.html", {"chart": chart})


def test_chart_partial_includes_the_table_alternative():
    chart = line_chart(
        [Series("Mood", [(dt.date(2026, 3, 1), 7)])], y_min=0, y_max=10, title="Mood"
    )
    html = render_to_string("_partials/chart.html", {"chart": chart})
    assert "<svg" in html
    assert "Mood as a table" in html
    assert '<th scope="row">Mar 1, 2026</th><td>7</td>' in html


def test_values_outside_the_range_are_clamped():
    chart = line_chart(
        [Series("x", [(dt.date(2026, 1, 1), -5), (dt.date(2026, 1, 2), 50)])],
        y_min=0,
        y_max=10,
        title="x",
    )
    assert 'cy="-' not in str(chart.svg)


def test_the_table_alternative_escapes_every_cell_and_marks_gaps():
    chart = line_chart(
        [Series("<b>Mood</b>", [(dt.date(2026, 1, 1), 2)]), Series("Sleep", [])],
        y_min=0,
        y_max=10,
        title="Mood & sleep",
    )
    chart.rows.append(["<i>Feb</i>", "", "7 & up"])
    body = render_to_string("_partials/chart.html", {"chart": chart}).split("<tbody>")[1]
    assert '<tr><th scope="row">Jan 1, 2026</th><td>2</td>' in body
    feb = '<tr><th scope="row">&lt;i&gt;Feb&lt;/i&gt;</th><td>–</td><td>7 &amp; up</td></tr>'
    assert feb in body
    assert "<i>" not in body


def test_the_description_counts_one_value_in_the_singular():
    chart = line_chart(
        [
            Series("Mood", [(dt.date(2026, 1, 1), 5)]),
            Series("Sleep", [(dt.date(2026, 1, 1), 7), (dt.date(2026, 1, 2), 8)]),
        ],
        y_min=0,
        y_max=10,
        title="Mood and sleep",
    )
    svg = str(chart.svg)
    assert "Mood: 1 value;" in svg and "Sleep: 2 values" in svg


def test_dates_are_written_in_the_language_of_each_page():
    def first_row(moment):
        chart = line_chart([Series("Mood", [(moment, 7)])], y_min=0, y_max=10, title="Mood")
        return chart.rows[0][0], str(chart.svg)

    day = dt.date(2026, 3, 4)
    assert first_row(day)[0] == "Mar 4, 2026"
    with translation.override("es"):
        label, svg = first_row(day)
        assert label == "4 mar 2026"
        assert "Mood, 4 mar 2026: 7" in svg
    assert first_row(day)[0] == "Mar 4, 2026"


def test_a_moment_is_dated_in_the_current_time_zone():
    late = dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC)
    with timezone.override("UTC"):
        chart = line_chart([Series("PHQ-9", [(late, 7)])], y_min=0, y_max=27, title="PHQ-9")
    assert chart.rows == [["Mar 4, 2026", "7"]]
    with timezone.override("Pacific/Auckland"):
        chart = line_chart([Series("PHQ-9", [(late, 7)])], y_min=0, y_max=27, title="PHQ-9")
    assert chart.rows == [["Mar 5, 2026", "7"]]


def test_two_values_of_one_day_are_told_apart_by_their_time():
    morning = dt.datetime(2026, 3, 4, 9, 5, tzinfo=dt.UTC)
    series = Series("PHQ-9", [(morning + dt.timedelta(hours=8), 12), (morning, 7)])
    with timezone.override("UTC"):
        chart = line_chart([series], y_min=0, y_max=27, title="PHQ-9")
    assert chart.rows == [["Mar 4, 2026, 09:05", "7"], ["Mar 4, 2026, 17:05", "12"]]
