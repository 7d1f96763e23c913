"""Factories for the weekly follow-up (EST): weekly reports with their observations, risk
assessments and quick actions. Weeks are Mondays; the default week is the frozen date's
(2025-03-10, ISO week 11), never the real one.

    WeeklyReportFactory(agreement=laholm, area=area, week=monday(TODAY) - WEEK,
                        observations={"Klotter": 3, "Otrygghet": (2, "Mörkt vid stationen")})

makes a report with two observations (categories by name, pk or object; a value or
(value, note)). `late` follows from the week and `submitted_at` unless given.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from situation.models import (
    Observation,
    ObservationCategory,
    QuickAction,
    RiskAssessment,
    WeeklyReport,
)
from situation.weeks import is_late, monday
from tests.factories import AgreementFactory, AgreementPartyFactory, UserFactory
from tests.helpers import NOW, TODAY
from tests.situation.factories import AreaFactory

THIS_WEEK = monday(TODAY)


def _first_party(agreement):
    return agreement.parties.select_related("party").order_by(
        "order", "pk"
    ).first() or AgreementPartyFactory(agreement=agreement)


def checklist_category(agreement, key=None) -> ObservationCategory:
    """A line of the agreement's checklist: by object, pk or name; the first active line
    without a key (every agreement starts with the default checklist)."""
    if isinstance(key, ObservationCategory):
        return key
    lines = agreement.observation_categories.all()
    if key is None:
        return lines.filter(active=True).order_by("order", "pk").first() or lines.create(
            name="Skadegörelse", measure=ObservationCategory.Measure.COUNT
        )
    if isinstance(key, int):
        return lines.get(pk=key)
    return lines.get(name=key)


class ObservationCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObservationCategory
        django_get_or_create = ["agreement", "name"]

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Punkt {n}")
    measure = ObservationCategory.Measure.COUNT
    order = factory.Sequence(lambda n: 100 + n)


class WeeklyReportFactory(factory.django.DjangoModelFactory):
    """A report of the agreement's first party for this week (the frozen date's)."""

    class Meta:
        model = WeeklyReport
        skip_postgeneration_save = True

    agreement = factory.SubFactory(AgreementFactory)
    party = factory.LazyAttribute(lambda r: _first_party(r.agreement))
    author = factory.SubFactory(UserFactory)
    area = factory.SubFactory(AreaFactory, agreement=factory.SelfAttribute("..agreement"))
    week = THIS_WEEK
    note = ""
    submitted_at = NOW
    late = factory.LazyAttribute(
        lambda r: is_late(r.week, timezone.localtime(r.submitted_at).date())
    )

    @factory.post_generation
    def observations(self, create, extracted, **kwargs):
        """{category (object, pk or name): value or (value, note)}."""
        if not create or not extracted:
            return
        rows = []
        for key, given in extracted.items():
            value, note = given if isinstance(given, tuple) else (given, "")
            rows.append(
                Observation(
                    report=self,
                    category=checklist_category(self.agreement, key),
                    value=value,
                    note=note,
                )
            )
        Observation.objects.bulk_create(rows)


class ObservationFactory(factory.django.DjangoModelFactory):
    """A count (or level) of 1 on the first line of the report's checklist."""

    class Meta:
        model = Observation

    report = factory.SubFactory(WeeklyReportFactory)
    category = factory.LazyAttribute(lambda o: checklist_category(o.report.agreement))
    value = 1
    note = ""


class RiskAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskAssessment
        django_get_or_create = ["area", "week"]

    agreement = factory.SubFactory(AgreementFactory)
    area = factory.SubFactory(AreaFactory, agreement=factory.SelfAttribute("..agreement"))
    week = THIS_WEEK
    level = RiskAssessment.Level.LOW
    reason = "Lugnt i området enligt veckans rapporter."
    set_by = None


class QuickActionFactory(factory.django.DjangoModelFactory):
    """An open action of the agreement's first party, followed up a week later."""

    class Meta:
        model = QuickAction

    agreement = factory.SubFactory(AgreementFactory)
    area = factory.SubFactory(AreaFactory, agreement=factory.SelfAttribute("..agreement"))
    week = THIS_WEEK
    what = "Extra tillsyn vid stationen på kvällarna."
    responsible_party = factory.LazyAttribute(lambda a: _first_party(a.agreement))
    follow_up_on = factory.LazyAttribute(lambda a: a.week + timedelta(days=7))
    status = QuickAction.Status.OPEN
    outcome = ""
    created_by = None
