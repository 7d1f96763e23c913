"""The Laholm demo's åtgärdsplan and medborgarlöfte, loaded with the rest of the demo."""

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from actionplan.models import ActionPlan, CitizenPromise, FollowUp, Measure, PromiseReport
from councils.demo import load_demo
from tests.helpers import TODAY, at_ten
from tests.html_helpers import text_of

pytestmark = pytest.mark.django_db

PARTIES = {"Kommunen", "Polisen", "Kriminalvården"}
# Who updates each party's measures in the demo: the responsible party's own people, and
# the coordinator for the municipality.
UPDATERS = {
    "Kommunen": {"samordnare", "forvaltning"},
    "Polisen": {"kommunpolis"},
    "Kriminalvården": {"frivard"},
}


@pytest.fixture
def plan(laholm) -> ActionPlan:
    return laholm.action_plans.get(title="Åtgärdsplan 2024–2026")


@pytest.fixture
def promise(laholm) -> CitizenPromise:
    return laholm.citizen_promises.get(title="Medborgarlöfte 2024")


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("actionplan").get_models()
    }


def test_the_demo_loads_twice_without_adding_anything(laholm):
    before = _counts()
    assert before["Measure"] == 12
    load_demo()
    assert _counts() == before  # history rows included


def test_the_demo_loads_after_the_agreement_has_ended(laholm, time_machine):
    time_machine.move_to(at_ten(date(2027, 3, 1)))
    before = _counts()
    load_demo()
    assert _counts() == before


def test_the_plan_is_adopted_by_kommunstyrelsen_on_the_lagesbild_of_2024(plan):
    assert plan.status == ActionPlan.Status.ADOPTED
    assert (plan.decided_by, plan.decided_on, plan.case_number) == (
        "Kommunstyrelsen",
        date(2024, 3, 6),
        "KS 2024/87",
    )
    assert plan.report.title == "Lokal lägesbild Laholm 2024"
    assert plan.decided_on < TODAY


def test_the_plan_has_a_dozen_measures_over_all_three_parties_in_every_status(plan):
    measures = plan.measures.select_related("responsible")
    assert len(measures) == 12
    assert {m.responsible.short_name for m in measures} == PARTIES
    assert {m.status for m in measures} == set(Measure.Status.values)
    assert any(m.contributors.exists() for m in measures)
    assert [m.number for m in measures] == list(range(1, 13))


def test_one_measure_is_delayed_on_the_frozen_day(plan):
    [delayed] = plan.measures.delayed(TODAY)
    assert delayed.status == Measure.Status.ONGOING
    assert delayed.ends_on < TODAY
    assert delayed.light == "delayed"


def test_measures_are_linked_to_the_lagesbild_causes_and_the_promise_commitments(plan, promise):
    measures = plan.measures.all()
    causes = {m.cause for m in measures if m.cause}
    assert {c.problem.report_id for c in causes} == {plan.report_id}
    assert {c.side for c in causes} == {"victim", "offender", "place"}
    linked = {m.commitment for m in measures if m.commitment}
    assert linked and {c.promise for c in linked} == {promise}


def test_status_updates_are_by_the_responsible_partys_people_and_the_latest_is_kept(plan):
    for measure in plan.measures.select_related("responsible", "latest_update"):
        updates = list(measure.updates.select_related("by"))
        if measure.status == Measure.Status.PLANNED:
            assert updates == []
            continue
        assert updates, measure
        assert {u.by.username for u in updates} <= UPDATERS[measure.responsible.short_name]
        assert measure.latest_update == updates[0]  # newest first
        assert measure.latest_update.status == measure.status
        assert all(u.on < TODAY for u in updates)


def test_the_plan_has_a_completed_follow_up_with_an_outcome_per_measure(plan):
    [follow_up] = plan.follow_ups.all()
    assert follow_up.status == FollowUp.Status.COMPLETED
    assert date(2024, 9, 1) <= follow_up.held_on <= date(2024, 12, 31)
    assert follow_up.outcomes.count() == 12
    assert all(o.effect for o in follow_up.outcomes.all())


def test_the_promise_is_published_by_kommunen_and_polisen_with_its_basis(promise):
    assert promise.status == CitizenPromise.Status.PUBLISHED
    assert (promise.period_from, promise.period_to) == (date(2024, 1, 1), date(2025, 12, 31))
    assert promise.public_slug == "laholm"
    assert {p.short_name for p in promise.issuers.all()} == {"Kommunen", "Polisen"}
    commitments = promise.commitments.select_related("responsible")
    assert len(commitments) == 3
    assert {c.responsible.short_name for c in commitments} == {"Kommunen", "Polisen"}
    assert {d.kind for d in promise.dialogues.all()} == {"staff", "citizen", "survey"}
    assert all(d.participants and d.summary for d in promise.dialogues.all())
    assert list(promise.priorities.values_list("rank", flat=True)) == [1, 2, 3]
    assert promise.internal_notes


def test_the_promise_has_a_published_report_and_a_draft_with_internal_notes(promise):
    reports = {r.status: r for r in promise.reports.all()}
    assert set(reports) == {PromiseReport.Status.PUBLISHED, PromiseReport.Status.DRAFT}
    assert reports[PromiseReport.Status.DRAFT].internal_notes
    # The draft is the newer: the public page must choose by status, not by date.
    assert reports["draft"].reported_on > reports["published"].reported_on


def test_the_public_page_for_laholm_shows_the_promise_but_nothing_internal(client, promise):
    html = client.get(reverse("actionplan:public", args=["laholm"])).content.decode()
    text = text_of(html)
    assert "Medborgarlöfte 2024" in text
    assert "Tryggare kvällar kring resecentrum" in text
    published = promise.reports.get(status=PromiseReport.Status.PUBLISHED)
    draft = promise.reports.get(status=PromiseReport.Status.DRAFT)
    assert text_of(published.text) in text
    assert "Uppföljning 10 december 2024" in text
    for hidden in (promise.internal_notes, draft.text, draft.internal_notes):
        assert text_of(hidden) not in text
    for dialogue in promise.dialogues.all():
        assert text_of(dialogue.participants) not in text
        assert text_of(dialogue.summary) not in text
