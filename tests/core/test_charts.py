import datetime as dt

from django.template.loader import render_to_string

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
