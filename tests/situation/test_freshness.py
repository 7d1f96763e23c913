"""The freshness clock of the lägesbild: the agreement says it is updated in full at least
every second year. "Soon" from 22 months, "overdue" once 24 months have passed; shown
on the lägesbild and on the agreement page."""

from datetime import date

import pytest
from django.urls import reverse

from samverkan import panels
from situation.freshness import agreement_freshness, agreement_panel, freshness
from situation.models import SituationReport
from tests.html_helpers import text_of
from tests.pages import Objects, page

LAST = date(2023, 3, 15)


@pytest.fixture(autouse=True)
def panel_registered():
    """situation/apps.py registers the panel; registering again changes nothing."""
    panels.register(100, agreement_panel)


@pytest.fixture
def laholm(laholm):
    """Laholm without the demo's lägesbild: each test sets the clock's dates itself."""
    # The demo's action plan is based on its lägesbild (protected): it goes first.
    laholm.action_plans.all().delete()
    laholm.situation_reports.all().delete()
    return laholm


def test_at_21_months_the_lagesbild_is_fresh():
    result = freshness(LAST, date(2024, 12, 15))
    assert result.state == "ok"
    assert (result.soon_from, result.due_on) == (date(2025, 1, 15), date(2025, 3, 15))


def test_at_23_months_it_is_soon_due():
    result = freshness(LAST, date(2025, 2, 15))
    assert result.state == "soon"
    assert result.days_left == 28


def test_at_25_months_it_is_overdue():
    result = freshness(LAST, date(2025, 4, 15))
    assert result.state == "overdue"
    assert result.days_overdue == 31


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (date(2025, 1, 14), "ok"),  # the day before 22 months
        (date(2025, 1, 15), "soon"),  # 22 months to the day
        (date(2025, 3, 15), "soon"),  # 24 months to the day: the last day in time
        (date(2025, 3, 16), "overdue"),  # the day after
    ],
)
def test_the_boundaries_lie_at_22_and_24_months_to_the_day(on, state):
    assert freshness(LAST, on).state == state


def test_month_arithmetic_keeps_to_the_last_day_of_a_shorter_month():
    result = freshness(date(2022, 8, 31), date(2024, 6, 1))
    assert (result.soon_from, result.due_on) == (date(2024, 6, 30), date(2024, 8, 31))
    assert freshness(date(2022, 2, 28), date(2024, 2, 28)).due_on == date(2024, 2, 28)
    assert freshness(date(2021, 12, 31), date(2023, 1, 1)).soon_from == date(2023, 10, 31)


def test_a_lagesbild_never_updated_in_full_says_so():
    result = freshness(None, date(2025, 3, 12))
    assert result.state == "never"
    assert (result.due_on, result.soon_from, result.days_left) == (None, None, None)


def _report(agreement, status, fully_updated_on, title="Lägesbild"):
    return SituationReport.objects.create(
        agreement=agreement,
        title=title,
        period_from=date(2023, 1, 1),
        period_to=date(2023, 12, 31),
        status=status,
        fully_updated_on=fully_updated_on,
    )


def test_the_agreement_clock_runs_from_the_latest_full_update_of_a_published_report(laholm):
    published = SituationReport.Status.PUBLISHED
    _report(laholm, published, date(2023, 2, 1))
    _report(laholm, published, date(2023, 6, 1))
    _report(laholm, published, None)
    # A draft's date does not count: nobody reads it yet.
    _report(laholm, SituationReport.Status.DRAFT, date(2025, 1, 1))
    result = agreement_freshness(laholm, date(2025, 3, 12))
    assert result.last_full_update == date(2023, 6, 1)
    assert result.state == "ok"


def test_another_agreements_reports_do_not_count(laholm, other_agreement):
    _report(other_agreement, SituationReport.Status.PUBLISHED, date(2025, 1, 1))
    assert agreement_freshness(laholm, date(2025, 3, 12)).state == "never"


# --- on the agreement page (samverkan.panels) -------------------------------------------


def _overview(client_as, laholm, username):
    response = client_as(username).get(reverse("samverkan:agreement", args=[laholm.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_agreement_page_shows_the_freshness_line_in_words(client_as, laholm):
    _report(laholm, SituationReport.Status.PUBLISHED, date(2023, 4, 1))
    html = _overview(client_as, laholm, "sakerhetschef")
    line = text_of(html.split('class="freshness ')[1].split("</p>")[0])
    assert "Snart dags för en fullständig uppdatering." in line
    assert "Senast helt uppdaterad 2023-04-01." in line
    assert "Ska uppdateras i sin helhet senast 2025-04-01, om 20 dagar." in line
    assert reverse("situation:home", args=[laholm.pk]) in html


def test_an_overdue_lagesbild_says_so_on_the_agreement_page(client_as, laholm):
    _report(laholm, SituationReport.Status.PUBLISHED, date(2023, 1, 10))
    html = _overview(client_as, laholm, "kommunpolis")
    assert "freshness--overdue" in html
    assert "Försenad." in html
    assert "Skulle ha uppdaterats i sin helhet senast 2025-01-10, för 61 dagar sedan." in html


def test_a_signatory_without_a_seat_sees_no_freshness_line(client_as, laholm):
    html = _overview(client_as, laholm, "ks-ordforande")
    # The lägesbild's panel; the action plan's clocks (every member's) are another.
    assert "situation-freshness-heading" not in html


def test_the_agreement_page_runs_as_many_queries_with_many_reports(
    client_as, laholm, django_assert_max_num_queries
):
    row = page("samverkan:agreement")
    client = client_as("samordnare")
    url = row.path(Objects(laholm))
    client.get(url)
    with django_assert_max_num_queries(row.queries) as few:
        client.get(url)
    for n in range(30):
        _report(laholm, SituationReport.Status.PUBLISHED, date(2023, 1, 1 + n), title=f"L {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "2023-01-30" in client.get(url).content.decode()
