"""A measure's pages: the coordinator's form (one responsible party, required; only the
agreement's own parties, causes and commitments), removal while the plan is a draft, and
the measure's page with its status updates, newest first."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from actionplan.models import Measure
from samverkan.services import version_of
from situation.models import Cause, Problem, SituationReport
from tests.actionplan.factories import ActionPlanFactory, MeasureFactory, StatusUpdateFactory
from tests.helpers import INVALID_CHOICE, STALE, TODAY
from tests.html_helpers import field_errors, table_rows, text_of

RESPONSIBLE_REQUIRED = (
    "Ange vilken part som ansvarar för åtgärden. I planen ska det tydligt framgå vilken "
    "part som ansvarar för respektive åtgärd."
)


def party(agreement, short_name):
    return agreement.parties.get(short_name=short_name)


@pytest.fixture
def plan(laholm):
    report = SituationReport.objects.create(
        agreement=laholm,
        title="Lägesbild centrum",
        period_from=date(2024, 1, 1),
        period_to=date(2024, 12, 31),
        status=SituationReport.Status.PUBLISHED,
    )
    problem = Problem.objects.create(report=report, title="Skadegörelse", order=1)
    Cause.objects.create(problem=problem, side=Cause.Side.PLACE, description="Mörk gångtunnel.")
    return ActionPlanFactory(
        agreement=laholm, report=report, status="draft", decided_by="", decided_on=None
    )


def create_url(plan):
    return reverse("actionplan:measure_create", args=[plan.agreement_id, plan.pk])


def measure_url(measure, name="measure_detail"):
    return reverse(
        f"actionplan:{name}", args=[measure.plan.agreement_id, measure.plan_id, measure.pk]
    )


def form(agreement, **more):
    return {
        "title": "Belysning i gångtunneln",
        "goal": "Färre anmälda skadegörelsebrott.",
        "starts_on": "2025-04-01",
        "ends_on": "2025-09-30",
        "responsible": party(agreement, "Kommunen").pk,
        **more,
    }


def test_the_form_refuses_a_measure_without_a_responsible_party(laholm, client_as, plan):
    data = form(laholm)
    del data["responsible"]
    response = client_as("samordnare").post(create_url(plan), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "responsible") == [RESPONSIBLE_REQUIRED]
    assert 'value="Belysning i gångtunneln"' in html  # what was typed is kept
    assert not plan.measures.exists()


def test_the_form_offers_only_the_agreements_parties_causes_and_commitments(
    laholm, other_agreement, client_as, plan
):
    foreign_party = other_agreement.parties.first()
    foreign_cause = Cause.objects.exclude(problem__report=plan.report).first()
    client = client_as("samordnare")
    html = client.get(create_url(plan)).content.decode()
    assert "Mörk gångtunnel." in html
    assert foreign_cause.description not in html
    data = form(
        laholm,
        responsible=foreign_party.pk,
        contributors=[foreign_party.pk],
        cause=foreign_cause.pk,
    )
    html = client.post(create_url(plan), data).content.decode()
    assert field_errors(html, "responsible") == [INVALID_CHOICE]
    assert field_errors(html, "cause") == [INVALID_CHOICE]
    assert field_errors(html, "contributors") == [
        f"Välj ett giltigt alternativ. {foreign_party.pk} finns inte bland tillgängliga alternativ."
    ]
    assert not plan.measures.exists()


def test_the_form_refuses_an_end_before_the_start_and_the_responsible_party_contributing(
    laholm, client_as, plan
):
    data = form(laholm, ends_on="2025-03-01", contributors=[party(laholm, "Kommunen").pk])
    html = client_as("samordnare").post(create_url(plan), data).content.decode()
    assert field_errors(html, "ends_on") == ["Åtgärden kan inte sluta före den börjar."]
    assert field_errors(html, "contributors") == [
        "Den ansvariga parten kan inte samtidigt vara medverkande part."
    ]


def test_the_coordinator_adds_a_measure_with_its_cause_and_contributors(laholm, client_as, plan):
    cause = Cause.objects.get(problem__report=plan.report)
    data = form(
        laholm,
        responsible=party(laholm, "Kriminalvården").pk,
        contributors=[party(laholm, "Polisen").pk],
        cause=cause.pk,
        indicator="Återfall inom ett år",
    )
    response = client_as("samordnare").post(create_url(plan), data)
    measure = plan.measures.get()
    assert response["Location"] == measure_url(measure)
    assert (measure.number, measure.responsible.short_name, measure.cause) == (
        1,
        "Kriminalvården",
        cause,
    )
    assert [p.short_name for p in measure.contributors.all()] == ["Polisen"]


def test_an_edit_saved_by_someone_else_in_between_is_refused(laholm, client_as, user, plan):
    measure = MeasureFactory(plan=plan, title="Belysning")
    seen = version_of(measure)
    measure.title = "Belysning och röjning"
    measure._history_user = user("samordnare")
    measure.save()
    data = form(laholm, number=measure.number, version=seen)
    html = client_as("samordnare").post(measure_url(measure, "measure_edit"), data)
    assert STALE in html.content.decode()
    measure.refresh_from_db()
    assert measure.title == "Belysning och röjning"


def test_a_measure_is_removed_from_a_draft_but_stays_in_an_adopted_plan(laholm, client_as, plan):
    client = client_as("samordnare")
    draft_measure = MeasureFactory(plan=plan)
    response = client.post(measure_url(draft_measure, "measure_delete"))
    assert response["Location"] == reverse("actionplan:plan_detail", args=[laholm.pk, plan.pk])
    assert not Measure.objects.filter(pk=draft_measure.pk).exists()

    adopted = MeasureFactory(plan=ActionPlanFactory(agreement=laholm))
    response = client.post(measure_url(adopted, "measure_delete"), follow=True)
    assert response.redirect_chain[-1][0] == measure_url(adopted)
    assert "Rapportera åtgärden som avbruten i stället." in text_of(response.content.decode())
    assert Measure.objects.filter(pk=adopted.pk).exists()
    # Nor is it offered.
    assert measure_url(adopted, "measure_delete") not in response.content.decode()


def test_a_member_reads_the_measure_with_its_updates_newest_first(laholm, client_as, user):
    measure = MeasureFactory(
        plan=ActionPlanFactory(agreement=laholm),
        title="Kameraövervakning",
        responsible=party(laholm, "Polisen"),
    )
    for days, comment in ((20, "Upphandlingen startad."), (2, "Kamerorna är uppsatta.")):
        StatusUpdateFactory(
            measure=measure, on=TODAY - timedelta(days=days), comment=comment, by=user("lpo-chef")
        )
    response = client_as("ks-ordforande").get(measure_url(measure))
    assert response.status_code == 200
    html = response.content.decode()
    comments = [text_of(row[2]) for row in table_rows(html)]
    assert comments == ["Kamerorna är uppsatta.", "Upphandlingen startad."]
    assert "Polisen (" in text_of(html)
    # A signatory without a seat reads, but reports nothing.
    assert measure_url(measure, "measure_status") not in html
    html = client_as("lpo-chef").get(measure_url(measure)).content.decode()
    assert measure_url(measure, "measure_status") in html
