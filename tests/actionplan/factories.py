"""Factories for the action plan and the medborgarlöften. Dates are relative to the frozen
date (tests.helpers.TODAY), never to the real one.

Pass the agreement's own parties: `MeasureFactory(plan=plan, responsible=polisen)` where
`polisen = laholm.parties.get(short_name="Polisen")`. A plan is adopted unless given
`status="draft"`; a promise is a draft unless given `status="published"`.
"""

from datetime import timedelta

import factory

from actionplan.models import (
    ActionPlan,
    CitizenPromise,
    Commitment,
    Dialogue,
    FollowUp,
    Measure,
    Priority,
    PromiseReport,
    StatusUpdate,
)
from tests.factories import AgreementFactory
from tests.helpers import TODAY


class ActionPlanFactory(factory.django.DjangoModelFactory):
    """An adopted plan for this year and the next."""

    class Meta:
        model = ActionPlan

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Åtgärdsplan {n}")
    period_from = TODAY.replace(month=1, day=1)
    period_to = TODAY.replace(year=TODAY.year + 1, month=12, day=31)
    status = ActionPlan.Status.ADOPTED
    decided_by = "Kommunstyrelsen"
    decided_on = TODAY - timedelta(days=60)
    case_number = factory.Sequence(lambda n: f"KS 2025/{n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    """An ongoing measure of the plan that ends in three months; give `responsible`."""

    class Meta:
        model = Measure

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Åtgärd {n}")
    goal = "Färre anmälda brott i området."
    starts_on = TODAY - timedelta(days=30)
    ends_on = TODAY + timedelta(days=90)
    status = Measure.Status.ONGOING

    @factory.lazy_attribute
    def responsible(self):
        return self.plan.agreement.parties.order_by("order", "pk").first()


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    measure = factory.SubFactory(MeasureFactory)
    on = TODAY
    status = Measure.Status.ONGOING
    comment = "Arbetet pågår enligt plan."


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    plan = factory.SubFactory(ActionPlanFactory)
    held_on = TODAY - timedelta(days=30)
    summary = "Planen följdes upp i strategiska rådet."
    status = FollowUp.Status.COMPLETED


class CitizenPromiseFactory(factory.django.DjangoModelFactory):
    """A draft promise for this year and the next; its public address is the agreement's
    municipality's. Add issuers with `promise.issuers.set([...])`."""

    class Meta:
        model = CitizenPromise

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Medborgarlöfte {n}")
    period_from = TODAY.replace(month=1, day=1)
    period_to = TODAY.replace(year=TODAY.year + 1, month=12, day=31)
    summary = "Vi gör centrum tryggare på kvällstid."
    internal_notes = "Internt: polisens resurser är osäkra under sommaren."

    @factory.lazy_attribute
    def public_slug(self):
        from django.utils.text import slugify

        return slugify(self.agreement.municipality)


class CommitmentFactory(factory.django.DjangoModelFactory):
    """Give `responsible` (the municipality or the police of the promise's agreement)."""

    class Meta:
        model = Commitment

    promise = factory.SubFactory(CitizenPromiseFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Åtagande {n}")
    activities = "Trygghetsvandringar varje månad."
    follow_up_method = "Antal genomförda vandringar och trygghetsenkäten."

    @factory.lazy_attribute
    def responsible(self):
        return self.promise.agreement.parties.order_by("order", "pk").first()


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue

    promise = factory.SubFactory(CitizenPromiseFactory)
    kind = Dialogue.Kind.CITIZEN
    held_on = TODAY - timedelta(days=200)
    participants = "Ett fyrtiotal boende i centrum"
    summary = "Boende upplever otrygghet vid resecentrum på kvällstid."


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    promise = factory.SubFactory(CitizenPromiseFactory)
    rank = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Otrygghet {n}")


class PromiseReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromiseReport

    promise = factory.SubFactory(CitizenPromiseFactory)
    reported_on = TODAY - timedelta(days=10)
    text = "Trygghetsvandringarna har genomförts varje månad."
    internal_notes = "Internt: en vandring ställdes in på grund av sjukdom."
    status = PromiseReport.Status.DRAFT
