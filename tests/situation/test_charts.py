"""The server-side charts (situation/charts.py): valid SVG with a title and a description,
one line per series told apart by more than colour, every text escaped, gaps, one point,
zeros and negative values, and a data table that holds the same values."""

import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from situation.charts import INK, MUTED, STYLE_COUNT, Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def parse(chart):
    """The chart's SVG as an element tree (fails on anything that is not well-formed)."""
    return ET.fromstring(str(chart.svg))


def series_groups(root):
    return root.findall(f".//{SVG}g[@class='chart__series']")


def markers(group):
    """The point markers of a series: each a <g> with a <title> and a shape."""
    return group.findall(f"{SVG}g")


def safe(year_values):
    return [(str(year), value) for year, value in year_values]


AREAS = [
    Series("Laholm centrum", safe([(2022, 61), (2023, 64.5), (2024, 70)])),
    Series("Mellbystrand", safe([(2022, 55), (2023, 58), (2024, 57.25)])),
    Series("Veinge", safe([(2022, 72), (2023, 71), (2024, 75)])),
]


def test_the_svg_is_an_image_with_a_title_and_a_description():
    chart = line_chart(AREAS, title="Känner sig trygg på kvällen", unit="%")
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Känner sig trygg på kvällen"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert desc.text == (
        "Linjediagram över 2022–2024 med en linje per serie: Laholm centrum, Mellbystrand och "
        "Veinge. Samma värden står i tabellen."
    )
    # It scales: sizes only in the viewBox.
    assert root.get("viewBox").startswith("0 0 640 ")
    assert root.get("width") is None and root.get("height") is None


def test_a_description_given_replaces_the_generated_one():
    chart = line_chart(AREAS, title="Trygghet", description="Tryggheten ökar i alla områden.")
    assert parse(chart).find(f"{SVG}desc").text == "Tryggheten ökar i alla områden."
    assert chart.description == "Tryggheten ökar i alla områden."


def test_each_series_is_one_polyline_with_a_marker_per_value():
    root = parse(line_chart(AREAS, title="Trygghet"))
    groups = series_groups(root)
    assert len(groups) == 3
    for group in groups:
        assert len(group.findall(f"{SVG}polyline")) == 1
        assert len(group.find(f"{SVG}polyline").get("points").split()) == 3
        assert len(markers(group)) == 3
    assert [g.text for g in root.findall(f".//{SVG}g[@class='chart__x']/{SVG}text")] == [
        "2022",
        "2023",
        "2024",
    ]


def test_a_marker_says_its_series_year_and_value_on_hover():
    root = parse(line_chart(AREAS, title="Trygghet", unit="%"))
    titles = [m.find(f"{SVG}title").text for m in markers(series_groups(root)[1])]
    assert titles == [
        "Mellbystrand, 2022: 55 %",
        "Mellbystrand, 2023: 58 %",
        "Mellbystrand, 2024: 57,25 %",
    ]


def marker_kind(marker):
    """What a marker looks like, whatever its colour and place: its shape and whether it is
    hollow; a polygon by its corners relative to the first."""
    shape = marker[1]  # after its <title>
    if shape.tag == f"{SVG}polygon":
        corners = [tuple(map(float, p.split(","))) for p in shape.get("points").split()]
        x0, y0 = corners[0]
        return tuple((round(x - x0, 1), round(y - y0, 1)) for x, y in corners)
    return (shape.tag, shape.get("fill") == "#ffffff")


def test_series_differ_in_colour_marker_and_dash_not_in_colour_alone():
    many = [Series(f"Område {n}", safe([(2023, n), (2024, n + 1)])) for n in range(STYLE_COUNT)]
    groups = series_groups(parse(line_chart(many, title="Åtta områden")))
    lines = [g.find(f"{SVG}polyline") for g in groups]
    assert len({line.get("stroke") for line in lines}) == STYLE_COUNT
    assert len({line.get("stroke-dasharray") for line in lines}) == STYLE_COUNT
    assert len({marker_kind(markers(g)[0]) for g in groups}) == STYLE_COUNT
    # The legend shows the same: a line sample with the dash and a marker per series.
    legend = parse(line_chart(many, title="Åtta områden")).find(
        f".//{SVG}g[@class='chart__legend']"
    )
    assert len(legend.findall(f"{SVG}line")) == STYLE_COUNT


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def test_lines_and_text_contrast_with_white():
    many = [Series(f"Område {n}", safe([(2023, n), (2024, n + 1)])) for n in range(STYLE_COUNT)]
    root = parse(line_chart(many, title="Åtta områden", unit="%"))
    line_colours = {g.find(f"{SVG}polyline").get("stroke") for g in series_groups(root)}
    assert min(map(contrast_on_white, line_colours)) >= 4.5  # graphics need 3:1; as text
    text_colours = {t.get("fill") for t in root.iter(f"{SVG}text")}
    assert text_colours == {INK, MUTED}
    assert min(map(contrast_on_white, text_colours)) >= 4.5


def test_every_text_is_escaped():
    evil = "<script>alert('x')</script> & co"
    chart = line_chart(
        [Series(evil, [(evil, 1), ("2024", 2)])], title=evil, unit="<b>", description=evil
    )
    svg = str(chart.svg)
    assert "<script" not in svg and "<b>" not in svg
    root = parse(chart)
    assert root.find(f"{SVG}title").text == evil
    assert root.find(f"{SVG}desc").text == evil
    legend = root.find(f".//{SVG}g[@class='chart__legend']/{SVG}text")
    assert legend.text == evil
    assert evil in [t.text for t in root.iter(f"{SVG}text")]
    html = render_to_string("situation/_chart.html", {"chart": chart})
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_the_table_holds_the_same_values_as_the_chart():
    chart = line_chart(
        [*AREAS[:2], Series("Ysby", safe([(2022, None), (2023, Decimal("48.50"))]))],
        title="Känner sig trygg på kvällen",
        unit="%",
        series_name="Område",
    )
    assert chart.table.caption == "Känner sig trygg på kvällen (%)"
    assert chart.table.headers == ["Område", "2022", "2023", "2024"]
    assert chart.table.rows == [
        ["Laholm centrum", "61", "64,5", "70"],
        ["Mellbystrand", "55", "58", "57,25"],
        ["Ysby", "saknas", "48,5", "saknas"],
    ]


def test_numbers_are_written_as_the_readers_language_writes_them():
    with translation.override("en"):
        chart = line_chart(AREAS, title="Safety")
    assert chart.table.rows[0] == ["Laholm centrum", "61", "64.5", "70"]


def test_a_missing_value_breaks_the_line_and_leaves_no_marker():
    gap = Series("Knäred", safe([(2020, 40), (2021, 42), (2022, None), (2023, 45), (2024, 47)]))
    root = parse(line_chart([gap], title="Trygghet"))
    [group] = series_groups(root)
    lines = group.findall(f"{SVG}polyline")
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert len(markers(group)) == 4
    # The second line starts right of where the first ends: nothing drawn across the gap.
    end_of_first = float(lines[0].get("points").split()[-1].split(",")[0])
    start_of_second = float(lines[1].get("points").split()[0].split(",")[0])
    assert start_of_second - end_of_first > 200


def test_one_point_is_a_marker_without_a_line():
    chart = line_chart([Series("Våxtorp", [("2024", 66)])], title="Trygghet")
    [group] = series_groups(parse(chart))
    assert group.findall(f"{SVG}polyline") == []
    assert len(markers(group)) == 1
    assert chart.table.rows == [["Våxtorp", "66"]]


def _numbers(root) -> list[float]:
    found = []
    for element in root.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height", "points"):
            found += [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", element.get(name, ""))]
    return found


def test_all_zeros_draw_a_flat_line_on_the_zero_axis():
    chart = line_chart([Series("Ysby", safe([(2023, 0), (2024, 0)]))], title="Anmälda brott")
    root = parse(chart)
    assert all(math.isfinite(n) for n in _numbers(root))
    assert "nan" not in str(chart.svg).lower()
    grid = root.find(f".//{SVG}g[@class='chart__grid']")
    zero = next(t for t in grid.iter(f"{SVG}text") if t.text == "0")
    [line] = series_groups(root)[0].findall(f"{SVG}polyline")
    ys = {float(p.split(",")[1]) for p in line.get("points").split()}
    assert ys == {float(zero.get("y")) - 4}
    assert chart.table.rows == [["Ysby", "0", "0"]]


def test_negative_values_fall_below_the_zero_axis():
    change = Series("Förändring", safe([(2023, -12.5), (2024, 8)]))
    chart = line_chart([change], title="Förändring mot året innan", unit="procentenheter")
    root = parse(chart)
    labels = [t.text for t in root.find(f".//{SVG}g[@class='chart__grid']").iter(f"{SVG}text")]
    assert labels[0].startswith("-") and "0" in labels
    zero_line = next(
        line for line in root.iter(f"{SVG}line") if line.get("stroke") == INK
    )  # the zero axis is drawn dark
    zero_y = float(zero_line.get("y1"))
    [first, second] = [
        float(p.split(",")[1])
        for p in series_groups(root)[0].find(f"{SVG}polyline").get("points").split()
    ]
    assert first > zero_y > second  # below, then above (SVG's y grows downwards)
    assert chart.table.rows == [["Förändring", "-12,5", "8"]]


def test_a_chart_without_values_still_renders():
    chart = line_chart([], title="Tomt")
    root = parse(chart)
    assert root.find(f"{SVG}desc").text == "Diagrammet har inga värden."
    assert chart.table.rows == []


def test_a_share_axis_can_run_from_0_to_100():
    chart = line_chart(AREAS, title="Trygghet", unit="%", y_range=(0, 100))
    grid = parse(chart).find(f".//{SVG}g[@class='chart__grid']")
    assert [t.text for t in grid.iter(f"{SVG}text")] == ["0", "20", "40", "60", "80", "100"]


def test_bar_chart_draws_a_patterned_bar_per_value():
    chart = bar_chart(
        [
            Series("Anmälda inbrott", safe([(2023, 42), (2024, 35)])),
            Series("Jämförelse", safe([(2023, 38), (2024, None)])),
        ],
        title="Inbrott <per år>",
        unit="st",
    )
    root = parse(chart)
    groups = series_groups(root)
    assert [len(g.findall(f"{SVG}g/{SVG}rect")) for g in groups] == [2, 1]
    fills = [g.find(f"{SVG}g/{SVG}rect").get("fill") for g in groups]
    assert fills[0].startswith("#") and fills[1].startswith("url(#")
    pattern_id = fills[1][len("url(#") : -1]
    assert root.find(f".//{SVG}pattern[@id='{pattern_id}']") is not None
    assert chart.table.rows == [["Anmälda inbrott", "42", "35"], ["Jämförelse", "38", "saknas"]]
    assert root.find(f"{SVG}desc").text.startswith("Stapeldiagram över 2023–2024")


def test_two_charts_on_one_page_have_ids_of_their_own():
    first, second = line_chart(AREAS, title="A"), line_chart(AREAS, title="A")
    assert first.id != second.id
    assert parse(first).find(f"{SVG}title").get("id") != parse(second).find(f"{SVG}title").get("id")


def test_the_partial_shows_the_chart_in_a_figure_with_its_data_table():
    chart = line_chart(AREAS, title="Känner sig trygg", unit="%", series_name="Område")
    html = render_to_string("situation/_chart.html", {"chart": chart, "heading": 2})
    assert html.count("<figure") == 1 and "<figcaption" in html
    assert re.search(r"<figcaption[^>]*><h2[^>]*>Känner sig trygg", html)
    assert str(chart.svg) in html
    assert f'<caption id="{chart.id}-caption"' in html
    assert html.count('<th scope="col">') == 4
    assert html.count('<th scope="row">') == 3
    cells = re.findall(r'<td class="number">([^<]*)</td>', html)
    assert cells == [cell for row in chart.table.rows for cell in row[1:]]
    assert 'aria-labelledby="' + chart.id + '-caption"' in html
    # Four columns fit beside the chart; more go below it.
    assert "chart--stacked" not in html
    long = line_chart([Series("A", safe([(y, 1) for y in range(2015, 2025)]))], title="B")
    assert "chart--stacked" in render_to_string("situation/_chart.html", {"chart": long})
