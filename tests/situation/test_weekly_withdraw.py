"""A weekly report that was wrong or sent twice is withdrawn by its author: it no longer
counts in the week's grid, and its history keeps it."""

import pytest
from django.urls import reverse

from situation.models import WeeklyReport
from situation.selectors_weekly import week_grid
from situation.services.weekly import weekly_report_withdraw
from tests.helpers import AFTER_THE_END, at_ten, refusal
from tests.situation.factories import AreaFactory
from tests.situation.weekly_factories import THIS_WEEK, WeeklyReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twice(laholm, user):
    area = AreaFactory(agreement=laholm, name="Hamnen")
    polisen = laholm.parties.get(short_name="Polisen")
    return [
        WeeklyReportFactory(
            agreement=laholm,
            party=polisen,
            author=user("kommunpolis"),
            area=area,
            week=THIS_WEEK,
            observations={"Klotter": 3},
        )
        for _ in range(2)
    ]


def _klotter(laholm, area) -> str:
    grid = week_grid(laholm, THIS_WEEK)
    [row] = [row for row in grid.rows if row.area == area]
    [cell] = [cell for cell in row.cells if cell.category.name == "Klotter"]
    return cell.value_text


def test_a_report_sent_twice_is_withdrawn_and_counts_once(laholm, user, twice):
    area = twice[0].area
    assert _klotter(laholm, area) == "6"
    weekly_report_withdraw(report=twice[1], by=user("kommunpolis"))
    assert _klotter(laholm, area) == "3"
    assert WeeklyReport.history.filter(id=twice[1].pk, history_type="-").exists()


def test_only_the_author_withdraws_a_report(laholm, user, twice, client_as):
    error = refusal(weekly_report_withdraw, report=twice[0], by=user("lpo-chef"))
    assert error.messages == ["Bara den som lämnade rapporten kan dra tillbaka den."]
    url = reverse("situation:weekly_report_withdraw", args=[laholm.pk, twice[0].pk])
    assert client_as("samordnare").post(url).status_code == 403
    assert WeeklyReport.objects.filter(pk=twice[0].pk).exists()


@pytest.mark.parametrize("day", AFTER_THE_END)
def test_no_report_is_withdrawn_after_the_agreement_has_ended(
    laholm, user, twice, time_machine, day
):
    time_machine.move_to(at_ten(day))
    error = refusal(weekly_report_withdraw, report=twice[0], by=user("kommunpolis"))
    assert error.messages == [
        "Överenskommelsen har upphört; veckorapporter kan inte längre ändras."
    ]
