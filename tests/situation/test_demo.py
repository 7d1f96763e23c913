"""The Laholm demo's situation picture, loaded with the rest of the demo."""

import pytest

from councils.demo import load_demo
from samverkan.access import Rights
from situation.models import SituationInput, SituationReport
from situation.selectors import open_requests_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_input_from_all_three_parties_with_a_police_draft_and_a_confidential_one(
    laholm,
):
    inputs = laholm.situation_inputs.select_related("party")
    submitted = {i.party.short_name for i in inputs if i.status == "submitted"}
    assert submitted == {"Kommunen", "Polisen", "Kriminalvården"}
    [draft] = inputs.filter(status=SituationInput.Status.DRAFT)
    assert draft.party.short_name == "Polisen"
    [confidential] = inputs.filter(sensitivity=SituationInput.Sensitivity.CONFIDENTIAL)
    assert confidential.status == SituationInput.Status.SUBMITTED
    assert list(laholm.areas.values_list("name", flat=True)) == [
        "Laholm centrum",
        "Mellbystrand",
        "Skummeslövsstrand",
        "Knäred",
        "Veinge",
        "Ysby",
        "Våxtorp",
    ]


def test_the_demo_has_an_answered_and_an_open_request(laholm, user):
    answered = laholm.input_requests.get(closed=True)
    assert set(answered.inputs.values_list("party__short_name", flat=True)) == {
        "Polisen",
        "Kriminalvården",
    }
    [still_open] = open_requests_for(Rights(user("kommunpolis"), laholm))
    assert not still_open.closed


def test_the_demo_has_three_years_of_survey_results_for_two_areas(laholm):
    results = laholm.survey_results.all()
    assert {r.year for r in results} == {2022, 2023, 2024}
    assert {r.area.name for r in results} == {"Laholm centrum", "Mellbystrand"}


def test_the_demo_has_a_published_lagesbild_with_an_orsaksanalys(laholm):
    report = laholm.situation_reports.get()
    assert report.status == SituationReport.Status.PUBLISHED
    assert report.fully_updated_on is not None
    [problem] = report.problems.all()
    assert {c.side for c in problem.causes.all()} == {"victim", "offender", "place"}
    assert all(c.evidence.exists() for c in problem.causes.all())


def test_the_renewal_keeps_the_areas(laholm, laholm_renewal):
    assert list(laholm_renewal.areas.values_list("name", flat=True)) == list(
        laholm.areas.values_list("name", flat=True)
    )


def test_reloading_the_demo_adds_no_situation_rows(laholm):
    counts = (
        SituationInput.objects.count(),
        laholm.input_requests.count(),
        laholm.survey_results.count(),
        SituationReport.objects.count(),
        laholm.areas.count(),
    )
    load_demo()
    assert counts == (
        SituationInput.objects.count(),
        laholm.input_requests.count(),
        laholm.survey_results.count(),
        SituationReport.objects.count(),
        laholm.areas.count(),
    )


def test_the_demo_has_26_weeks_of_reports_up_to_last_week_with_a_rise_in_one_area(laholm):
    from django.db.models import Sum

    from situation import weeks
    from situation.models import Observation

    mondays = sorted(set(laholm.weekly_reports.values_list("week", flat=True)))
    assert len(mondays) == 26
    assert mondays[-1] == weeks.current(laholm) - weeks.WEEK

    def total(area, week_list):
        return Observation.objects.filter(
            report__area__name=area, report__week__in=week_list
        ).aggregate(total=Sum("value"))["total"]

    assert total("Laholm centrum", mondays[-3:]) > 1.5 * total("Laholm centrum", mondays[:3])
    assert total("Mellbystrand", mondays[-3:]) < 1.5 * total("Mellbystrand", mondays[:3])
    last = laholm.risk_assessments.get(area__name="Laholm centrum", week=mondays[-1])
    assert last.level == "high"
    assert laholm.quick_actions.filter(status="open").count() == 1
    assert laholm.quick_actions.exclude(outcome="").count() == 2
