"""Factories for the situation picture: areas, problem categories, requests for input,
situation input and its indicators. Dates are relative to the frozen date
(tests.helpers.TODAY), never to the real one.

Kept simple: an input's party, area and category belong to its agreement unless given;
`SituationInputFactory(agreement=laholm, party=polisen)` makes a submitted input of the
police with a fitting source. Pass `status="draft"` for a draft.
"""

from datetime import timedelta

import factory
from django.core.files.base import ContentFile

from situation.models import (
    Area,
    Attachment,
    Category,
    Indicator,
    InputRequest,
    SituationInput,
    attachment_name,
)
from situation.services.inputs import attachment_storage
from tests.factories import AgreementFactory, AgreementPartyFactory, UserFactory
from tests.helpers import NOW, TODAY

# The source an input of a party of this kind comes from by default.
SOURCE_OF_KIND = {
    "police": SituationInput.Source.POLICE,
    "prison_probation": SituationInput.Source.PRISON_PROBATION,
    "municipality": SituationInput.Source.MUNICIPAL_DEPARTMENT,
    "municipal_company": SituationInput.Source.MUNICIPAL_COMPANY,
}


def source_for(party) -> str:
    """The source that fits an AgreementParty's organisation."""
    return SOURCE_OF_KIND.get(party.party.kind, SituationInput.Source.MUNICIPAL_DEPARTMENT)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["agreement", "name"]

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Område {n}")
    order = factory.Sequence(lambda n: n)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["agreement", "name"]

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Kategori {n}")
    order = factory.Sequence(lambda n: n)


class InputRequestFactory(factory.django.DjangoModelFactory):
    """An open request for current information, due in a week."""

    class Meta:
        model = InputRequest

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Aktuell information inför möte {n}")
    message = "Ska inkomma med aktuell information."
    due_on = TODAY + timedelta(days=7)


class SituationInputFactory(factory.django.DjangoModelFactory):
    """A submitted input of a party of the agreement for last month."""

    class Meta:
        model = SituationInput

    agreement = factory.SubFactory(AgreementFactory)
    party = factory.LazyAttribute(
        lambda i: (
            i.agreement.parties.select_related("party").order_by("order", "pk").first()
            or AgreementPartyFactory(agreement=i.agreement)
        )
    )
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Underlag {n}")
    source = factory.LazyAttribute(lambda i: source_for(i.party))
    area = factory.SubFactory(AreaFactory, agreement=factory.SelfAttribute("..agreement"))
    category = factory.SubFactory(CategoryFactory, agreement=factory.SelfAttribute("..agreement"))
    period_from = TODAY - timedelta(days=40)
    period_to = TODAY - timedelta(days=10)
    narrative = "Fler anmälningar om skadegörelse i centrum under kvällstid."
    sensitivity = SituationInput.Sensitivity.INTERNAL
    status = SituationInput.Status.SUBMITTED
    submitted_at = factory.LazyAttribute(
        lambda i: NOW if i.status != SituationInput.Status.DRAFT else None
    )


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    situation_input = factory.SubFactory(SituationInputFactory)
    name = factory.Sequence(lambda n: f"Anmälda brott {n}")
    value = 42
    unit = "st"
    comparison_value = 35
    comparison_period = "2023"
    order = factory.Sequence(lambda n: n)


def add_attachment(situation_input, name: str = "anmalningar.csv", content: bytes = b""):
    """An attachment of the input (a CSV file unless given), its file in the attachments
    storage."""
    content = content or "Område;Anmälningar\nMellbystrand;14\nCentrum;9\n".encode()
    stored = attachment_storage().save(attachment_name(None, name), ContentFile(content, name=name))
    return Attachment.objects.create(
        situation_input=situation_input,
        file=stored,
        original_name=name,
        content_type="text/csv",
        size=len(content),
        sha256="0" * 64,
    )
