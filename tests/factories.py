"""Factories for an isolated agreement with its bodies; dates are relative to the frozen
date (tests.helpers.TODAY), never to the real one."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model

from councils.models import Body, Function, Seat, Substitute
from samverkan.models import Agreement, AgreementParty, Annex, Clause, Party, Person
from samverkan.validators import luhn_check_digit
from tests.helpers import TODAY


def _orgnr(n: int) -> str:
    """A valid, unique organisation number for the n-th party."""
    nine = f"{2}{(n // 1000) % 10}{20 + n % 80:02d}{n % 100000:05d}"[:9]
    return f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    password = factory.django.Password("samverkan")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Organisation {n}")
    organisation_number = factory.Sequence(_orgnr)
    address = "Storgatan 1, 123 45 Staden"
    kind = Party.Kind.MUNICIPALITY


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Samverkansöverenskommelse {n}")
    municipality = factory.Sequence(lambda n: f"Kommun {n}")
    valid_from = TODAY - timedelta(days=365)
    valid_to = TODAY + timedelta(days=365)
    status = Agreement.Status.SIGNED


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    party = factory.SubFactory(PartyFactory)
    short_name = factory.Sequence(lambda n: f"Part {n}")


class ClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clause

    agreement = factory.SubFactory(AgreementFactory)
    order = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Avsnitt {n}")
    body = "Parterna samverkar."


class AnnexFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Annex

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Åtgärdsplan"
    kind = Annex.Kind.ACTION_PLAN


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    party = factory.SubFactory(PartyFactory)
    title = "Handläggare"

    @factory.post_generation
    def agreements(self, create, extracted, **kwargs):
        """In the directory of every agreement their party is in, unless given a list."""
        if not create:
            return
        if extracted is None:
            extracted = Agreement.objects.filter(parties__party=self.party)
        self.agreements.add(*extracted)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    agreement = factory.SubFactory(AgreementFactory)
    kind = Body.Kind.STRATEGIC_COUNCIL
    name = "Strategiskt råd"
    ordinary_meetings_per_year = 4


class FunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Function

    body = factory.SubFactory(BodyFactory)
    party = factory.SubFactory(
        AgreementPartyFactory, agreement=factory.SelfAttribute("..body.agreement")
    )
    title = factory.Sequence(lambda n: f"Funktion {n}")


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    function = factory.SubFactory(FunctionFactory)
    person = factory.SubFactory(PersonFactory)
    valid_from = factory.LazyAttribute(lambda s: s.function.body.agreement.valid_from)


class SubstituteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Substitute

    seat = factory.SubFactory(SeatFactory)
    person = factory.SubFactory(PersonFactory)
