"""Trends of the weekly reports (situation/views/checkin.py trends): per area and checklist
category a 12- and a 52-week chart with its data table, and the risk levels over time per
area, as text and as a chart; a fixed number of queries however many weeks there are."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from situation import weeks
from situation.models import RiskAssessment
from situation.selectors_weekly import trend_values
from tests.helpers import TODAY
from tests.html_helpers import section, table_rows, text_of
from tests.situation.factories import AreaFactory
from tests.situation.test_week_grid import bulk_weeks
from tests.situation.weekly_factories import RiskAssessmentFactory, WeeklyReportFactory

pytestmark = pytest.mark.django_db

THIS_WEEK = weeks.monday(TODAY)  # 2025-W11


def trends_path(agreement, **query) -> str:
    path = reverse("situation:trends", args=[agreement.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def area(laholm):
    return AreaFactory(agreement=laholm, name="Hamnen")


@pytest.fixture
def klotter(laholm):
    return laholm.observation_categories.get(name="Klotter")


@pytest.fixture
def otrygghet(laholm):
    return laholm.observation_categories.get(name="Otrygghet")


def test_a_count_is_the_weeks_sum_and_0_in_a_week_without_reports(laholm, area, klotter):
    two_back = THIS_WEEK - 2 * weeks.WEEK
    WeeklyReportFactory(agreement=laholm, area=area, week=two_back, observations={klotter: 2})
    WeeklyReportFactory(agreement=laholm, area=area, week=two_back, observations={klotter: 3})
    WeeklyReportFactory(agreement=laholm, area=area, observations={klotter: 1})
    mondays = [two_back, THIS_WEEK - weeks.WEEK, THIS_WEEK]
    values = trend_values(laholm, category=klotter, areas=[area], mondays=mondays)
    assert values == {area.pk: [Decimal(5), Decimal(0), Decimal(1)]}


def test_a_scale_is_the_weeks_average_and_missing_in_a_week_without_reports(
    laholm, area, otrygghet
):
    last = THIS_WEEK - weeks.WEEK
    WeeklyReportFactory(agreement=laholm, area=area, week=last, observations={otrygghet: 1})
    WeeklyReportFactory(agreement=laholm, area=area, week=last, observations={otrygghet: 2})
    values = trend_values(laholm, category=otrygghet, areas=[area], mondays=[last, THIS_WEEK])
    assert values == {area.pk: [Decimal("1.5"), None]}


def test_the_trends_show_12_and_52_weeks_of_the_chosen_area_and_category_with_tables(
    client_as, laholm, area, klotter
):
    # The trends end with last week: this week, still being reported, would show a drop.
    WeeklyReportFactory(agreement=laholm, area=area, observations={klotter: 9})
    WeeklyReportFactory(
        agreement=laholm, area=area, week=THIS_WEEK - weeks.WEEK, observations={klotter: 4}
    )
    WeeklyReportFactory(
        agreement=laholm, area=area, week=THIS_WEEK - 20 * weeks.WEEK, observations={klotter: 7}
    )
    response = client_as("sakerhetschef").get(
        trends_path(laholm, omrade=area.pk, kategori=klotter.pk)
    )
    short, long = response.context["charts"]
    assert short.title == "Klotter i Hamnen, de senaste 12 veckorna"
    assert short.table.headers[1] == "2024-W51" and short.table.headers[-1] == "2025-W10"
    assert len(short.table.headers) == 1 + 12
    assert short.table.rows == [["Hamnen", *["0"] * 11, "4"]]
    assert len(long.table.headers) == 1 + 52 and long.table.headers[1] == "2024-W11"
    assert long.table.rows[0][-20] == "7"
    html = response.content.decode()
    assert html.count("<svg") >= 2 and 'class="table chart__table"' in html


def test_all_areas_give_a_line_per_area(client_as, laholm, area, klotter):
    response = client_as("sakerhetschef").get(
        trends_path(laholm, omrade="alla", kategori=klotter.pk)
    )
    short, _long = response.context["charts"]
    assert [row[0] for row in short.table.rows] == [
        a.name for a in laholm.areas.order_by("-active", "order", "name", "pk")
    ]
    assert "alla områden" in short.title


def test_without_a_choice_the_first_area_and_the_first_category_are_shown(client_as, laholm):
    response = client_as("sakerhetschef").get(trends_path(laholm))
    first_area = laholm.areas.order_by("-active", "order", "name", "pk").first()
    first_line = laholm.observation_categories.order_by("-active", "order", "name", "pk").first()
    short, _long = response.context["charts"]
    assert short.title.startswith(f"{first_line.name} i {first_area.name}")


def test_a_choice_that_does_not_exist_falls_back_to_the_first_and_says_so(
    client_as, laholm, other_agreement
):
    far = other_agreement.observation_categories.first()
    response = client_as("sakerhetschef").get(trends_path(laholm, kategori=far.pk))
    assert response.status_code == 200
    assert "Valet kunde inte användas" in response.content.decode()
    first_line = laholm.observation_categories.order_by("-active", "order", "name", "pk").first()
    assert response.context["charts"][0].title.startswith(f"{first_line.name} i ")


def test_a_scale_is_drawn_from_0_to_3(client_as, laholm, area, otrygghet):
    response = client_as("sakerhetschef").get(
        trends_path(laholm, omrade=area.pk, kategori=otrygghet.pk)
    )
    short, _long = response.context["charts"]
    assert short.unit == "nivå 0–3"
    assert short.table.rows == [["Hamnen", *["saknas"] * 12]]


def test_the_risk_levels_over_time_read_as_words_in_a_table_and_as_1_2_3_in_a_chart(
    client_as, laholm, area
):
    for weeks_back, level in ((0, "high"), (1, "elevated"), (3, "low")):
        RiskAssessmentFactory(
            agreement=laholm, area=area, week=THIS_WEEK - weeks_back * weeks.WEEK, level=level
        )
    response = client_as("sakerhetschef").get(trends_path(laholm))
    risk = response.context["risk"]
    assert area in risk["areas"]
    html = response.content.decode()
    table = section(html, 'id="risk-table-caption"').split("</table>")[0]
    column = 1 + risk["areas"].index(area)
    rows = {text_of(row[0]): text_of(row[column]) for row in table_rows(table)}
    assert len(rows) == 12
    assert (rows["2025-W11"], rows["2025-W10"], rows["2025-W09"], rows["2025-W08"]) == (
        "Hög",
        "Förhöjd",
        "Inte bedömd",
        "Låg",
    )
    [line] = [row for row in risk["chart"].table.rows if row[0] == "Hamnen"]
    assert line[-4:] == ["1", "saknas", "2", "3"]


def test_an_unused_area_appears_in_the_risk_levels_only_if_it_was_assessed(laholm, client_as):
    assessed = AreaFactory(agreement=laholm, name="Gamla hamnen", active=False)
    quiet = AreaFactory(agreement=laholm, name="Nedlagt område", active=False)
    RiskAssessmentFactory(agreement=laholm, area=assessed, level=RiskAssessment.Level.LOW)
    areas = client_as("sakerhetschef").get(trends_path(laholm)).context["risk"]["areas"]
    assert assessed in areas and quiet not in areas


def test_a_signatory_without_a_seat_may_not_read_the_trends_and_the_outsider_does_not_find_them(
    client_as, laholm
):
    assert client_as("ks-ordforande").get(trends_path(laholm)).status_code == 403
    assert client_as("annan-kommun").get(trends_path(laholm)).status_code == 404


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("omrade", ["one", "alla"])
def test_the_trends_run_as_many_queries_with_10_as_with_1000_weeks_of_reports(
    client_as, laholm, klotter, omrade
):
    client = client_as("kommunpolis")
    few, many = (
        AreaFactory(agreement=laholm, name="Få"),
        AreaFactory(agreement=laholm, name="Många"),
    )
    path = trends_path(laholm, omrade=many.pk if omrade == "one" else "alla", kategori=klotter.pk)
    bulk_weeks(laholm, [few], 10)
    client.get(path)  # warm per-process caches
    with_ten = _queries(client, path)
    bulk_weeks(laholm, [many], 1000)
    for n in range(60):
        RiskAssessmentFactory(agreement=laholm, area=many, week=THIS_WEEK - n * weeks.WEEK)
    assert _queries(client, path) == with_ten
    assert laholm.weekly_reports.filter(area=many).count() == 1000
