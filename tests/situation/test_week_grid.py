"""The week's grid (situation/selectors_weekly.py week_grid): what a week's reports add up
to per area and checklist category, compared with the four weeks before, at a year
boundary with ISO week 53 too; in a fixed number of queries however many weeks of reports
there are."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from situation import weeks
from situation.models import Observation, ObservationCategory, WeeklyReport
from situation.selectors_weekly import week_grid, week_in_agreement
from tests.factories import AgreementFactory, UserFactory
from tests.helpers import NOW, TODAY
from tests.situation.factories import AreaFactory
from tests.situation.weekly_factories import WeeklyReportFactory

pytestmark = pytest.mark.django_db

THIS_WEEK = weeks.monday(TODAY)  # 2025-03-10, 2025-W11


def _lines(agreement):
    """The first count line and the first scale line of the default checklist."""
    lines = agreement.observation_categories.filter(active=True).order_by("order")
    count = next(c for c in lines if c.measure == ObservationCategory.Measure.COUNT)
    scale = next(c for c in lines if c.measure == ObservationCategory.Measure.SCALE)
    return count, scale


def _cell(grid, area, category):
    [row] = [row for row in grid.rows if row.area == area]
    [cell] = [cell for cell in row.cells if cell.category == category]
    return row, cell


def _report(agreement, area, week, values: dict, **more):
    return WeeklyReportFactory(
        agreement=agreement, area=area, week=week, observations=values, **more
    )


@pytest.fixture
def area(laholm):
    return AreaFactory(agreement=laholm, name="Hamnen")


def test_the_grid_counts_what_was_reported_in_the_week_including_a_late_report(laholm, area):
    count, scale = _lines(laholm)
    _report(laholm, area, THIS_WEEK, {count: 3, scale: 1})
    _report(laholm, area, THIS_WEEK, {count: 2, scale: 2})
    # Reported after the week's check-in: still this week's.
    late = _report(
        laholm,
        area,
        THIS_WEEK,
        {count: 4, scale: 3},
        submitted_at=NOW + timedelta(days=8),
    )
    assert late.late
    row, cell = _cell(week_grid(laholm, THIS_WEEK), area, count)
    assert (cell.value, cell.reports) == (Decimal(9), 3)
    assert (row.reports, row.late) == (3, 1)
    _row, cell = _cell(week_grid(laholm, THIS_WEEK), area, scale)
    assert cell.value == Decimal("2.0")  # (1 + 2 + 3) / 3


def test_the_grid_counts_nothing_outside_the_week_the_area_or_the_agreement(
    laholm, area, other_agreement
):
    count, _scale = _lines(laholm)
    _report(laholm, area, THIS_WEEK, {count: 5})
    # The week after, another area, and another agreement's area of the same name.
    _report(laholm, area, THIS_WEEK + weeks.WEEK, {count: 100})
    neighbour = AreaFactory(agreement=laholm, name="Grannområdet")
    _report(laholm, neighbour, THIS_WEEK, {count: 100})
    far_count, _ = _lines(other_agreement)
    far_area = AreaFactory(agreement=other_agreement, name="Hamnen")
    _report(other_agreement, far_area, THIS_WEEK, {far_count: 100})
    grid = week_grid(laholm, THIS_WEEK)
    _row, cell = _cell(grid, area, count)
    assert (cell.value, cell.reports) == (Decimal(5), 1)
    assert far_area not in [row.area for row in grid.rows]
    # Only the four weeks before are averaged: the week after counts nowhere.
    _row, earlier = _cell(week_grid(laholm, THIS_WEEK - weeks.WEEK), area, count)
    assert earlier.value == Decimal(0)


def test_a_count_is_compared_with_the_average_of_the_four_weeks_before_counting_empty_weeks_as_0(
    laholm, area
):
    count, _scale = _lines(laholm)
    w1, w2, w3, w4 = weeks.weeks_before(THIS_WEEK, 4)
    _report(laholm, area, w1, {count: 4})
    _report(laholm, area, w2, {count: 2})
    _report(laholm, area, w2, {count: 1})
    # w3 has no report at all, w4 one without this line.
    _report(laholm, area, w4, {})
    _report(laholm, area, w1 - weeks.WEEK, {count: 50})  # five weeks back: not averaged
    _report(laholm, area, THIS_WEEK, {count: 1})
    _row, cell = _cell(week_grid(laholm, THIS_WEEK), area, count)
    assert cell.average == Decimal("1.8")  # (4 + 3 + 0 + 0) / 4 = 1.75
    assert cell.change == Decimal("-0.8")
    assert (cell.change_text, cell.trend_label) == ("-0,8", "minskning")
    assert (cell.average_text, cell.value_text) == ("1,8", "1")


def test_a_scale_is_averaged_over_the_reports_there_are(laholm, area):
    _count, scale = _lines(laholm)
    w1, _w2, _w3, w4 = weeks.weeks_before(THIS_WEEK, 4)
    _report(laholm, area, w1, {scale: 1})
    _report(laholm, area, w4, {scale: 2})
    _report(laholm, area, w4, {scale: 2})
    _report(laholm, area, THIS_WEEK, {scale: 3})
    _row, cell = _cell(week_grid(laholm, THIS_WEEK), area, scale)
    assert cell.average == Decimal("1.7")  # (1 + 2 + 2) / 3, not over four weeks
    assert (cell.value, cell.change_text, cell.trend_label) == (Decimal(3), "+1,3", "ökning")


def test_a_scale_without_reports_has_no_value_and_no_comparison(laholm, area):
    _count, scale = _lines(laholm)
    _row, cell = _cell(week_grid(laholm, THIS_WEEK), area, scale)
    assert (cell.value, cell.average, cell.change) == (None, None, None)
    assert (cell.value_text, cell.change_text, cell.trend_label) == ("—", "—", "")


def test_an_unchanged_count_reads_oforandrat(laholm, area):
    count, _scale = _lines(laholm)
    for week in [*weeks.weeks_before(THIS_WEEK, 4), THIS_WEEK]:
        _report(laholm, area, week, {count: 2})
    _row, cell = _cell(week_grid(laholm, THIS_WEEK), area, count)
    assert (cell.change, cell.change_text, cell.trend_label) == (0, "0", "oförändrat")


def test_each_cell_links_to_the_reports_behind_it(laholm, area):
    count, _scale = _lines(laholm)
    _row, cell = _cell(week_grid(laholm, THIS_WEEK), area, count)
    assert cell.url == (
        f"/overenskommelser/{laholm.pk}/lagesbild/veckor/rapporter/"
        f"?vecka=2025-W11&omrade={area.pk}&kategori={count.pk}"
    )


def test_the_rows_are_the_active_areas_and_an_unused_area_with_reports_that_week(laholm, area):
    count, _scale = _lines(laholm)
    unused = AreaFactory(agreement=laholm, name="Gamla hamnen", active=False)
    quiet = AreaFactory(agreement=laholm, name="Nedlagt område", active=False)
    _report(laholm, unused, THIS_WEEK, {count: 1})
    _report(laholm, quiet, THIS_WEEK - weeks.WEEK, {count: 1})
    areas = [row.area for row in week_grid(laholm, THIS_WEEK).rows]
    assert area in areas and unused in areas and quiet not in areas
    assert set(laholm.areas.filter(active=True)) <= set(areas)


def test_the_columns_are_the_active_checklist_lines(laholm):
    count, _scale = _lines(laholm)
    count.active = False
    count.save()
    grid = week_grid(laholm, THIS_WEEK)
    assert count not in grid.categories
    assert grid.categories == list(
        laholm.observation_categories.filter(active=True).order_by("order", "name")
    )
    assert all(len(row.cells) == len(grid.categories) for row in grid.rows)


# --- ISO week 53 and the year boundary ---------------------------------------------------


@pytest.fixture
def agreement_2020():
    """An agreement over 2020–2021: 2020 has an ISO week 53 (2020-12-28)."""
    return AgreementFactory(valid_from=date(2020, 1, 1), valid_to=date(2021, 12, 31))


def test_the_four_weeks_before_2021_w01_include_2020_w53(agreement_2020):
    area = AreaFactory(agreement=agreement_2020, name="Centrum")
    count, scale = _lines(agreement_2020)
    w01 = weeks.from_iso(2021, 1)
    assert w01 == date(2021, 1, 4)
    by_label = {
        "2020-W49": 100,  # five weeks back: not averaged
        "2020-W50": 1,
        "2020-W51": 2,
        "2020-W52": 3,
        "2020-W53": 6,
        "2021-W01": 5,
        "2021-W02": 100,  # the week after: not counted
    }
    for label, value in by_label.items():
        year, week = int(label[:4]), int(label[-2:])
        _report(agreement_2020, area, weeks.from_iso(year, week), {count: value, scale: value % 4})
    grid = week_grid(agreement_2020, w01)
    assert grid.compared_span == "2020-W50–2020-W53"
    _row, cell = _cell(grid, area, count)
    assert (cell.value, cell.average, cell.change) == (Decimal(5), Decimal(3), Decimal(2))
    assert cell.trend_label == "ökning"
    _row, cell = _cell(grid, area, scale)
    # Levels 1, 2, 3, 2 (6 % 4) before; 1 (5 % 4) this week.
    assert (cell.value, cell.average, cell.change_text) == (Decimal(1), Decimal(2), "-1")


def test_the_week_after_week_53_compares_with_weeks_on_both_sides_of_new_year(agreement_2020):
    area = AreaFactory(agreement=agreement_2020, name="Centrum")
    count, _scale = _lines(agreement_2020)
    w02 = weeks.from_iso(2021, 2)
    for year, week, value in [(2020, 51, 4), (2020, 52, 4), (2020, 53, 8), (2021, 1, 0)]:
        _report(agreement_2020, area, weeks.from_iso(year, week), {count: value})
    grid = week_grid(agreement_2020, w02)
    assert grid.compared_span == "2020-W51–2021-W01"
    _row, cell = _cell(grid, area, count)
    assert (cell.value, cell.average, cell.change_text) == (Decimal(0), Decimal(4), "-4")


def test_laholms_last_week_is_2026_w53_and_is_compared_with_december(laholm, area):
    count, _scale = _lines(laholm)
    w53 = weeks.from_iso(2026, 53)
    assert w53 == date(2026, 12, 28) and week_in_agreement(laholm, w53)
    assert not week_in_agreement(laholm, weeks.from_iso(2027, 1))
    for monday in weeks.weeks_before(w53, 4):
        _report(laholm, area, monday, {count: 2})
    _report(laholm, area, w53, {count: 3})
    grid = week_grid(laholm, w53)
    assert grid.compared_span == "2026-W49–2026-W52"
    _row, cell = _cell(grid, area, count)
    assert (cell.average, cell.change_text) == (Decimal(2), "+1")


def test_the_first_week_compares_only_with_weeks_inside_the_agreement(agreement_2020):
    area = AreaFactory(agreement=agreement_2020, name="Centrum")
    count, _scale = _lines(agreement_2020)
    first = weeks.monday(agreement_2020.valid_from)  # 2019-12-30, 2020-W01
    _report(agreement_2020, area, first, {count: 2})
    grid = week_grid(agreement_2020, first)
    assert grid.compared_with == []
    _row, cell = _cell(grid, area, count)
    assert (cell.value, cell.average, cell.trend_label) == (Decimal(2), None, "")
    # Two weeks in: one week before it to compare with.
    second = first + weeks.WEEK
    assert week_grid(agreement_2020, second).compared_with == [first]


# --- queries ---------------------------------------------------------------------------


def bulk_weeks(agreement, areas, count: int, *, last=THIS_WEEK) -> None:
    """A report per area in each of `count` weeks up to `last`, with a line for every
    checklist category: made in three INSERTs."""
    author = UserFactory()
    party = agreement.parties.order_by("order", "pk").first()
    lines = list(agreement.observation_categories.filter(active=True))
    mondays = [*weeks.weeks_before(last, count - 1), last]
    reports = WeeklyReport.objects.bulk_create(
        [
            WeeklyReport(
                agreement=agreement,
                party=party,
                author=author,
                area=area,
                week=monday,
                submitted_at=timezone.now(),
            )
            for monday in mondays
            for area in areas
        ]
    )
    Observation.objects.bulk_create(
        [
            Observation(report=report, category=line, value=(report.week.toordinal() // 7) % 5)
            for report in reports
            for line in lines
        ]
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_grid_takes_four_queries_with_10_or_1000_weeks_of_reports(
    laholm, area, django_assert_num_queries, count
):
    bulk_weeks(laholm, [area], count)
    with django_assert_num_queries(4):
        grid = week_grid(laholm, THIS_WEEK)
    _row, cell = _cell(grid, area, _lines(laholm)[0])
    assert cell.reports == 1
