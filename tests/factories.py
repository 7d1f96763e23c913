"""Factories for an isolated agreement with its bodies; dates are relative to the frozen
date (tests.helpers.TODAY), never to the real one."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model

from councils.models import AgendaItem, Body, Function, Invitee, Meeting, Seat, Substitute
from samverkan.models import Agreement, AgreementParty, Annex, Clause, Party, Person
from samverkan.validators import luhn_check_digit
from tests.helpers import TODAY, at_ten


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


# --- meetings (issue 6) ----------------------------------------------------------------


class MeetingFactory(factory.django.DjangoModelFactory):
    """A scheduled ordinary meeting a week after the frozen date, two hours long."""

    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    agreement = factory.SelfAttribute("body.agreement")
    kind = Meeting.Kind.ORDINARY
    status = Meeting.Status.SCHEDULED
    starts_at = factory.LazyFunction(lambda: at_ten(TODAY + timedelta(days=7)))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    place = "Kommunhuset, Laholm"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt {n}")


class InviteeFactory(factory.django.DjangoModelFactory):
    """A person called to a meeting; `party` is the AgreementParty they represent."""

    class Meta:
        model = Invitee

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    name = factory.LazyAttribute(lambda i: i.person.name if i.person else "Gäst")
    email = factory.LazyAttribute(
        lambda i: i.person.user.email if i.person else f"gast{i.meeting.pk}@example.se"
    )
    role = Invitee.Role.MEMBER


def held_meeting(body, *, day=None, attendance=Invitee.Attendance.PRESENT, items=1, **fields):
    """A convened meeting of `body` held a week before today (inside the agreement's
    validity), with the body's seat holders on that day invited for their functions'
    parties, each with `attendance`, and `items` agenda items."""
    from django.utils import timezone

    agreement = body.agreement
    if day is None:
        day = timezone.localdate() - timedelta(days=7)
        day = min(max(day, agreement.valid_from), agreement.valid_to)
    meeting = MeetingFactory(body=body, starts_at=at_ten(day), **fields)
    seats = (
        Seat.objects.current(day)
        .filter(function__body=body)
        .select_related("function", "person__user")
        .order_by("function__order", "pk")
    )
    for seat in seats:
        InviteeFactory(
            meeting=meeting,
            person=seat.person,
            party=seat.function.party,
            function=seat.function,
            attendance=attendance,
        )
    for n in range(items):
        AgendaItemFactory(meeting=meeting, order=n + 1, title=f"Punkt {n + 1}")
    return meeting


# --- installation administrators (issue 7) ----------------------------------------------


def installation_admin(username: str = "installation"):
    """An installation administrator, in no agreement (password "samverkan")."""
    from samverkan.lifecycle import installation_admin_grant

    user = UserFactory(username=username, first_name="Ida", last_name="Installation")
    installation_admin_grant(user=user)
    return user
