"""The weekly follow-up as evidence when the lägesbild is updated in full: what was
reported per area and checklist line over the report's period, and the risk levels."""

from datetime import date

import pytest

from situation import weeks
from situation.selectors_weekly import period_summary
from tests.situation.factories import AreaFactory
from tests.situation.weekly_factories import RiskAssessmentFactory, WeeklyReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    from tests.factories import AgreementFactory

    return AgreementFactory(valid_from=date(2024, 1, 1), valid_to=date(2026, 12, 31))


def test_the_period_sums_counts_averages_scales_and_counts_weeks_per_risk_level(agreement):
    area = AreaFactory(agreement=agreement, name="Hamnen")
    inside = [weeks.from_iso(2024, 10), weeks.from_iso(2024, 11)]
    for week, (klotter, otrygghet) in zip(inside, [(3, 1), (5, 2)], strict=True):
        WeeklyReportFactory(
            agreement=agreement,
            area=area,
            week=week,
            observations={"Klotter": klotter, "Otrygghet": otrygghet},
        )
    WeeklyReportFactory(  # the week after the period: not counted
        agreement=agreement, area=area, week=weeks.from_iso(2025, 2), observations={"Klotter": 99}
    )
    RiskAssessmentFactory(agreement=agreement, area=area, week=inside[0], level="low")
    RiskAssessmentFactory(agreement=agreement, area=area, week=inside[1], level="high")

    summary = period_summary(agreement, date(2024, 1, 1), date(2024, 12, 31))

    assert summary.reports == 2
    assert [c.name for c in summary.categories] == ["Klotter", "Otrygghet"]
    assert summary.rows == [(area, ["8", "1,5"])]
    assert summary.risks == [(area, [1, 0, 1])]
    assert summary.levels == ["Låg", "Förhöjd", "Hög"]


def test_the_period_summary_runs_five_queries_however_many_weeks(
    agreement, django_assert_num_queries
):
    area = AreaFactory(agreement=agreement, name="Hamnen")
    for week in range(1, 53):
        WeeklyReportFactory(
            agreement=agreement,
            area=area,
            week=weeks.from_iso(2024, week),
            observations={"Klotter": 1},
        )
    with django_assert_num_queries(5):
        summary = period_summary(agreement, date(2024, 1, 1), date(2024, 12, 31))
    assert summary.rows == [(area, ["52"])]


def test_the_demo_lagesbild_shows_the_weekly_follow_up(laholm, client_as):
    from django.urls import reverse

    report = laholm.situation_reports.get()
    page = client_as("forvaltning").get(
        reverse("situation:report_detail", args=[laholm.pk, report.pk])
    )
    html = page.content.decode()
    assert "Veckouppföljningen under perioden" in html
    assert "Gruppens riskbedömning" in html
