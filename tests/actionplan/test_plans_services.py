"""The åtgärdsplan's services: a draft based on a published lägesbild, the municipal
decision that adopts it, and its measures, each with exactly one responsible party."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from actionplan.models import ActionPlan, Measure
from actionplan.services import plans as services
from samverkan.models import Event
from samverkan.services import version_of
from situation.models import Cause, Problem, SituationReport
from tests.actionplan.factories import (
    ActionPlanFactory,
    CitizenPromiseFactory,
    CommitmentFactory,
    MeasureFactory,
    StatusUpdateFactory,
)
from tests.helpers import STALE, TODAY, at_ten, refusal

IDENTITY_NUMBER = "19121212-1212"  # the Tax Agency's example: a valid check digit
RESPONSIBLE_REQUIRED = (
    "Ange vilken part som ansvarar för åtgärden. I planen ska det tydligt framgå vilken "
    "part som ansvarar för respektive åtgärd."
)
ENDED = "Överenskommelsen har upphört; åtgärdsplanen kan inte längre ändras."


@pytest.fixture
def coordinator(user):
    return user("samordnare")


def party(agreement, short_name):
    return agreement.parties.get(short_name=short_name)


def lagesbild(agreement, status=SituationReport.Status.PUBLISHED, title="Lägesbild centrum"):
    report = SituationReport.objects.create(
        agreement=agreement,
        title=title,
        period_from=date(2024, 1, 1),
        period_to=date(2024, 12, 31),
        mapping="Skadegörelse vid resecentrum.",
        other_information="Trygghetsvandringen pekade ut gångtunneln.",
        analysis="Platsen bör prioriteras.",
        status=status,
    )
    problem = Problem.objects.create(report=report, title="Skadegörelse", order=1)
    Cause.objects.create(problem=problem, side=Cause.Side.PLACE, description="Mörk gångtunnel.")
    return report


@pytest.fixture
def report(laholm):
    return lagesbild(laholm)


@pytest.fixture
def plan_data(report):
    return {
        "title": "Åtgärdsplan 2025–2026",
        "period_from": date(2025, 1, 1),
        "period_to": date(2026, 12, 31),
        "report": report,
        "summary": "Planen riktar sig mot resecentrum.",
    }


@pytest.fixture
def draft(laholm, coordinator, plan_data):
    return services.plan_create(agreement=laholm, by=coordinator, data=plan_data)


def measure_data(agreement, **more):
    return {
        "title": "Belysning i gångtunneln",
        "goal": "Färre anmälda skadegörelsebrott.",
        "starts_on": date(2025, 4, 1),
        "ends_on": date(2025, 9, 30),
        "responsible": party(agreement, "Kommunen"),
        **more,
    }


def events(agreement, action):
    return list(Event.objects.filter(agreement=agreement, action=action).order_by("pk"))


# --- the plan ---------------------------------------------------------------------------


def test_a_new_plan_is_a_draft_on_its_lagesbild_and_its_start_is_logged(
    laholm, coordinator, draft, report
):
    assert draft.status == ActionPlan.Status.DRAFT
    assert draft.report == report
    assert draft.created_by == coordinator
    assert draft.history.get().history_user == coordinator
    [event] = [e for e in events(laholm, "actionplan.plan.created") if e.object_id == draft.pk]
    assert event.data == {"plan": "Åtgärdsplan 2025–2026"}


@pytest.mark.parametrize("status", ["draft", "another agreement"])
def test_a_plan_rests_only_on_a_published_lagesbild_of_its_agreement(
    laholm, other_agreement, coordinator, plan_data, status
):
    if status == "draft":
        plan_data["report"] = lagesbild(laholm, status=SituationReport.Status.DRAFT)
    else:
        plan_data["report"] = lagesbild(other_agreement)
    error = refusal(services.plan_create, agreement=laholm, by=coordinator, data=plan_data)
    assert error.message_dict == {
        "report": ["Välj en publicerad lägesbild i den här överenskommelsen."]
    }


def test_a_plan_cannot_end_before_it_starts(laholm, coordinator, plan_data):
    plan_data["period_to"] = date(2024, 12, 31)
    error = refusal(services.plan_create, agreement=laholm, by=coordinator, data=plan_data)
    assert error.message_dict == {"period_to": ["Perioden kan inte sluta före den börjar."]}


def test_a_personnummer_in_the_plans_text_is_refused_on_its_field(laholm, coordinator, plan_data):
    plan_data["summary"] = f"Gäller {IDENTITY_NUMBER}."
    error = refusal(services.plan_create, agreement=laholm, by=coordinator, data=plan_data)
    assert list(error.message_dict) == ["summary"]


def test_only_the_coordinator_keeps_the_plan(laholm, user, plan_data):
    with pytest.raises(PermissionDenied):
        services.plan_create(agreement=laholm, by=user("kommunpolis"), data=plan_data)


def test_an_edit_saved_by_someone_else_in_between_is_refused(coordinator, draft):
    seen = version_of(draft)
    services.plan_update(plan=draft, by=coordinator, data={"title": "Ny rubrik"})
    error = refusal(
        services.plan_update,
        plan=draft,
        by=coordinator,
        data={"summary": "Annat"},
        expected_version=seen,
    )
    assert error.messages == [STALE]


def test_a_change_is_logged_with_its_fields(laholm, coordinator, draft):
    services.plan_update(
        plan=draft, by=coordinator, data={"title": "Åtgärdsplan för centrum"}, expected_version=None
    )
    [event] = events(laholm, "actionplan.plan.changed")
    assert event.data["plan"] == "Åtgärdsplan för centrum"
    assert event.data["changes"]["title"]["old"] == "Åtgärdsplan 2025–2026"


def test_the_lagesbild_is_not_swapped_under_measures_that_name_its_causes(
    laholm, coordinator, draft, report
):
    cause = Cause.objects.get(problem__report=report)
    services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm, cause=cause))
    error = refusal(
        services.plan_update,
        plan=draft,
        by=coordinator,
        data={"report": lagesbild(laholm, title="Lägesbild 2025")},
    )
    assert list(error.message_dict) == ["report"]


# --- the decision -----------------------------------------------------------------------


def adopt(plan, by, **more):
    decision = {
        "decided_by": "Kommunstyrelsen",
        "decided_on": TODAY - timedelta(days=3),
        "case_number": "KS 2025/88",
    }
    return services.plan_adopt(plan=plan, by=by, **(decision | more))


def test_the_municipal_decision_adopts_the_plan_and_is_logged(laholm, coordinator, draft):
    services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm))
    adopted = adopt(draft, coordinator)
    assert adopted.status == ActionPlan.Status.ADOPTED
    assert (adopted.decided_by, adopted.case_number) == ("Kommunstyrelsen", "KS 2025/88")
    [event] = events(laholm, "actionplan.plan.adopted")
    assert event.data == {
        "plan": "Åtgärdsplan 2025–2026",
        "body": "Kommunstyrelsen",
        "day": (TODAY - timedelta(days=3)).isoformat(),
        "case": "KS 2025/88",
    }


def test_the_decision_needs_its_body_day_and_diarienummer(laholm, coordinator, draft):
    services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm))
    error = refusal(adopt, draft, coordinator, decided_by=" ", decided_on=None, case_number="")
    assert error.message_dict == {
        "decided_by": ["Ange vilket organ som beslutade om planen."],
        "decided_on": ["Ange vilken dag planen beslutades."],
        "case_number": ["Ange beslutets diarienummer."],
    }
    error = refusal(adopt, draft, coordinator, decided_on=TODAY + timedelta(days=1))
    assert error.message_dict == {"decided_on": ["Beslutsdagen kan inte ligga i framtiden."]}


def test_a_plan_without_a_lagesbild_or_without_measures_is_not_adopted(laholm, coordinator, draft):
    assert refusal(adopt, draft, coordinator).messages == [
        "Lägg till planens åtgärder innan den beslutas."
    ]
    services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm))
    services.plan_update(plan=draft, by=coordinator, data={"report": None})
    assert refusal(adopt, draft, coordinator).messages == [
        "Kommunen beslutar om planen med lägesbilden som underlag. "
        "Välj lägesbilden innan planen beslutas."
    ]


def test_a_plan_is_adopted_once(laholm, coordinator):
    plan = ActionPlanFactory(agreement=laholm)
    assert refusal(adopt, plan, coordinator).messages == ["Planen är redan beslutad."]


# --- measures ---------------------------------------------------------------------------


def test_a_measure_without_a_responsible_party_is_refused(laholm, coordinator, draft):
    data = measure_data(laholm)
    del data["responsible"]
    error = refusal(services.measure_add, plan=draft, by=coordinator, data=data)
    assert error.message_dict == {"responsible": [RESPONSIBLE_REQUIRED]}
    error = refusal(
        services.measure_add, plan=draft, by=coordinator, data=data | {"responsible": None}
    )
    assert error.message_dict == {"responsible": [RESPONSIBLE_REQUIRED]}
    assert not draft.measures.exists()


def test_a_measure_names_its_party_and_comes_last_and_its_addition_is_logged(
    laholm, coordinator, draft
):
    first = services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm))
    second = services.measure_add(
        plan=draft,
        by=coordinator,
        data=measure_data(
            laholm,
            title="Återfallsprevention",
            responsible=party(laholm, "Kriminalvården"),
            contributors=[party(laholm, "Kommunen"), party(laholm, "Polisen")],
        ),
    )
    assert (first.number, second.number) == (1, 2)
    assert first.status == Measure.Status.PLANNED
    assert {p.short_name for p in second.contributors.all()} == {"Kommunen", "Polisen"}
    added = events(laholm, "actionplan.measure.added")
    assert [e.data for e in added] == [
        {"measure": "Belysning i gångtunneln", "party": "Kommunen"},
        {"measure": "Återfallsprevention", "party": "Kriminalvården"},
    ]


def test_a_measure_points_only_at_its_own_agreement_and_plan(
    laholm, other_agreement, coordinator, draft
):
    foreign_party = other_agreement.parties.first()
    foreign_cause = Cause.objects.get(problem__report=lagesbild(laholm, title="Annan"))
    foreign_commitment = CommitmentFactory(
        promise=CitizenPromiseFactory(agreement=other_agreement),
        responsible=foreign_party,
    )
    data = measure_data(
        laholm,
        responsible=foreign_party,
        contributors=[foreign_party],
        cause=foreign_cause,
        commitment=foreign_commitment,
    )
    error = refusal(services.measure_add, plan=draft, by=coordinator, data=data)
    assert error.message_dict == {
        "responsible": ["Välj en av överenskommelsens parter."],
        "contributors": ["Välj bland överenskommelsens parter."],
        "cause": ["Välj en orsak ur orsaksanalysen i planens lägesbild."],
        "commitment": ["Välj ett åtagande i ett av överenskommelsens medborgarlöften."],
    }


def test_the_responsible_party_is_not_also_contributing(laholm, coordinator, draft):
    kommunen = party(laholm, "Kommunen")
    data = measure_data(laholm, contributors=[kommunen])
    error = refusal(services.measure_add, plan=draft, by=coordinator, data=data)
    assert error.message_dict == {
        "contributors": ["Den ansvariga parten kan inte samtidigt vara medverkande part."]
    }
    measure = services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm))
    error = refusal(
        services.measure_update, measure=measure, by=coordinator, data={"contributors": [kommunen]}
    )
    assert list(error.message_dict) == ["contributors"]


def test_a_measure_cannot_end_before_it_starts_nor_take_a_number_in_use(laholm, coordinator, draft):
    services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm, number=4))
    error = refusal(
        services.measure_add,
        plan=draft,
        by=coordinator,
        data=measure_data(laholm, number=4, ends_on=date(2025, 3, 1)),
    )
    assert error.message_dict == {"ends_on": ["Åtgärden kan inte sluta före den börjar."]}
    error = refusal(
        services.measure_add, plan=draft, by=coordinator, data=measure_data(laholm, number=4)
    )
    assert error.message_dict == {"number": ["Planen har redan en åtgärd med nummer 4."]}


def test_a_measure_changes_its_columns_and_its_responsible_party(laholm, coordinator, draft):
    measure = services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm))
    seen = version_of(measure)
    services.measure_update(
        measure=measure,
        by=coordinator,
        data={"responsible": party(laholm, "Polisen"), "indicator": "Anmälda brott"},
        expected_version=seen,
    )
    measure.refresh_from_db()
    assert measure.responsible.short_name == "Polisen"
    [event] = events(laholm, "actionplan.measure.changed")
    assert set(event.data["changes"]) == {"responsible", "indicator"}
    error = refusal(
        services.measure_update,
        measure=measure,
        by=coordinator,
        data={"title": "Ny"},
        expected_version=seen,
    )
    assert error.messages == [STALE]


def test_a_measure_is_removed_only_while_the_plan_is_a_draft(laholm, coordinator, draft):
    measure = services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm))
    services.measure_remove(measure=measure, by=coordinator)
    assert not draft.measures.exists()
    [event] = events(laholm, "actionplan.measure.removed")
    assert event.data == {"measure": "Belysning i gångtunneln"}

    adopted = MeasureFactory(plan=ActionPlanFactory(agreement=laholm))
    StatusUpdateFactory(measure=adopted)
    error = refusal(services.measure_remove, measure=adopted, by=coordinator)
    assert error.messages == [
        "Planen är beslutad: dess åtgärder kan inte tas bort. "
        "Rapportera åtgärden som avbruten i stället."
    ]
    assert Measure.objects.filter(pk=adopted.pk).exists()


def test_nothing_changes_after_the_agreement_has_ended(
    laholm, coordinator, draft, plan_data, time_machine
):
    measure = services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm))
    time_machine.move_to(at_ten(laholm.valid_to + timedelta(days=1)))
    calls = [
        lambda: services.plan_create(agreement=laholm, by=coordinator, data=plan_data),
        lambda: services.plan_update(plan=draft, by=coordinator, data={"title": "Ny"}),
        lambda: adopt(draft, coordinator, decided_on=laholm.valid_to),
        lambda: services.measure_add(plan=draft, by=coordinator, data=measure_data(laholm)),
        lambda: services.measure_update(measure=measure, by=coordinator, data={"title": "Ny"}),
        lambda: services.measure_remove(measure=measure, by=coordinator),
    ]
    for call in calls:
        assert refusal(call).messages == [ENDED]
