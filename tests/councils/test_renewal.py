"""Renewal to the next period: the coordinator starts it from six months before the end, as
one draft successor holding the parties, text, annexes, bodies, functions, current seats
and substitutes; the old agreement and its history stay exactly as they were.

The Laholm demo already holds a loaded draft renewal 2027–2029; most tests here set it
aside (no longer the successor, terminated) and renew Laholm through the service, on the
day this was written: 2026-11-27, five weeks before the agreement ends.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from guardian.models import UserObjectPermission

from councils.models import Body, Function, Meeting, Seat, StandingAgendaItem, Substitute
from councils.roles import sync_all
from samverkan.lifecycle import agreement_renew, renewal_defaults
from samverkan.models import Agreement, AgreementParty, Annex, Clause, Event, Party, Person
from tests.councils.test_loaddemo import parties_of, roster_of, seats_of
from tests.councils.test_roles import SIGNING
from tests.factories import MeetingFactory, PersonFactory, SeatFactory
from tests.helpers import (
    DEMO_RIGHTS,
    DEMO_USERNAMES,
    MEMBER,
    READING_AFTER_THE_END,
    SIGNATORIES,
    all_rights,
    at_ten,
    refusal,
)

RENEWAL_DAY = date(2026, 11, 27)
PREPARER = (
    MEMBER
    | {"agreement: change_agreement"}
    | {f"{b}: manage_roster" for b in ("strategic", "operative")}
)


@pytest.fixture
def on_renewal_day(time_machine):
    time_machine.move_to(at_ten(RENEWAL_DAY))
    sync_all(on=RENEWAL_DAY)
    return RENEWAL_DAY


@pytest.fixture
def demo_renewal_set_aside(laholm, laholm_renewal):
    """The loaded renewal no longer the successor (nor in the way of a new period)."""
    Agreement.objects.filter(pk=laholm_renewal.pk).update(
        predecessor=None, status=Agreement.Status.TERMINATED
    )
    laholm.refresh_from_db()
    return laholm_renewal


def renew(laholm, user, **fields) -> Agreement:
    return agreement_renew(agreement=laholm, by=user("samordnare"), **fields)


# --- what is copied ----------------------------------------------------------------------


def test_the_next_period_starts_the_day_after_the_end_and_runs_three_years(laholm):
    assert renewal_defaults(laholm) == {
        "title": "Samverkansöverenskommelse 2027–2029",
        "valid_from": date(2027, 1, 1),
        "valid_to": date(2029, 12, 31),
    }


def test_renewing_laholm_gives_the_draft_the_demo_describes(
    laholm, demo_renewal_set_aside, on_renewal_day, user
):
    demo = demo_renewal_set_aside
    new = renew(laholm, user)

    assert (new.title, new.municipality, new.valid_from, new.valid_to) == (
        demo.title,
        demo.municipality,
        demo.valid_from,
        demo.valid_to,
    )
    assert (new.status, new.signed_place, new.signed_on) == ("draft", "", None)
    assert new.predecessor == laholm
    assert Agreement.objects.get(pk=laholm.pk).successor == new
    # The text with the period's dates and the citizen promise's year brought up to date.
    assert list(new.clauses.values_list("order", "heading", "body")) == list(
        demo.clauses.values_list("order", "heading", "body")
    )
    assert list(new.annexes.values_list("number", "title", "kind")) == list(
        demo.annexes.values_list("number", "title", "kind")
    )
    assert parties_of(new) == parties_of(laholm)
    assert roster_of(new) == roster_of(laholm)
    assert set(new.people.all()) == set(laholm.people.all())


def test_the_seats_held_at_the_end_are_copied_with_their_substitutes_from_the_first_day(
    laholm, demo_renewal_set_aside, on_renewal_day, user
):
    council = laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)
    # A holder who leaves before the end is not copied; their successor is.
    leaving = council.functions.get(title="Laholmshems VD").seats.get()
    Seat.objects.filter(pk=leaving.pk).update(valid_to=date(2026, 11, 30))
    successor = SeatFactory(
        function=leaving.function,
        person=PersonFactory(party=leaving.person.party, agreements=[laholm]),
        valid_from=date(2026, 12, 1),
    )

    new = renew(laholm, user)

    seats = Seat.objects.filter(function__body__agreement=new)
    assert set(seats.values_list("valid_from", "valid_to")) == {(new.valid_from, None)}
    held = {
        (kind, title, username)
        for kind, title, username, _end in seats_of(laholm)
        if username != leaving.person.user.username
    } | {("strategic", "Laholmshems VD", successor.person.user.username)}
    assert {(k, t, u) for k, t, u, _end in seats_of(new)} == held
    assert list(
        Substitute.objects.filter(seat__function__body__agreement=new).values_list(
            "seat__function__title", "seat__person__user__username", "person__user__username"
        )
    ) == [(council.functions.get(order=8).title, "frivardschef", "frivard")]


def test_standing_agenda_items_are_copied_to_the_next_period(
    laholm, demo_renewal_set_aside, on_renewal_day, user
):
    council = laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)
    StandingAgendaItem.objects.create(body=council, order=99, title="Trygghetsvandring")

    new = renew(laholm, user)

    def standing(agreement):
        return list(
            StandingAgendaItem.objects.filter(body__agreement=agreement)
            .order_by("body__kind", "order", "pk")
            .values_list("body__kind", "order", "title", "kind")
        )

    assert ("strategic", 99, "Trygghetsvandring", "other") in standing(new)
    assert standing(new) == standing(laholm)


def test_the_renewal_is_one_event_in_the_new_agreements_log_only(
    laholm, demo_renewal_set_aside, on_renewal_day, user
):
    before = list(laholm.events.values_list("pk", flat=True))
    new = renew(laholm, user)
    [event] = new.events.of_action("samverkan.agreement.renewed")
    assert event.sentence == (
        "Överenskommelsen Samverkansöverenskommelse 2027–2029 påbörjades som nästa period "
        "efter Samverkansöverenskommelse 2024–2026"
    )
    assert list(laholm.events.values_list("pk", flat=True)) == before


def test_another_agreement_is_renewed_with_its_own_period_and_title(other_agreement, user):
    # The factory's agreement (2024-03-13–2026-03-12): one council, its coordinator seated,
    # a title without years; renewed on its last day.
    on = other_agreement.valid_to
    assert on == date(2026, 3, 12)
    new = agreement_renew(agreement=other_agreement, by=user("annan-kommun"), on=on)
    assert (new.title, new.valid_from, new.valid_to) == (
        "Samverkansöverenskommelse Annan kommun 2026–2029",
        date(2026, 3, 13),
        date(2029, 3, 12),
    )
    assert seats_of(new) == seats_of(other_agreement)
    [body] = new.bodies.select_related("convener_function")
    assert (body.name, body.convener_function.title) == (
        "Strategiskt råd",
        "Brottsförebyggande samordnare",
    )


# --- one successor, in time, by the coordinator ---------------------------------------------


def test_only_one_draft_successor_is_started(laholm, demo_renewal_set_aside, on_renewal_day, user):
    renew(laholm, user)
    error = refusal(renew, laholm, user)
    assert error.messages == [
        "Överenskommelsen har redan en nästa period: Samverkansöverenskommelse 2027–2029."
    ]
    assert Agreement.objects.filter(predecessor=laholm).count() == 1


def test_the_demo_renewal_is_laholms_successor_so_no_second_is_started(
    laholm, laholm_renewal, on_renewal_day, user
):
    assert laholm_renewal.predecessor == laholm
    assert refusal(renew, laholm, user).messages == [
        "Överenskommelsen har redan en nästa period: Samverkansöverenskommelse 2027–2029."
    ]


def test_renewal_opens_six_months_before_the_end(laholm, demo_renewal_set_aside, user):
    assert laholm.renewal_opens_on == date(2026, 7, 1)
    error = refusal(renew, laholm, user, on=date(2026, 6, 30))
    assert error.messages == [
        "Förnyelsen kan påbörjas från och med 2026-07-01, sex månader före slutet."
    ]
    assert renew(laholm, user, on=date(2026, 7, 1)).predecessor == laholm


def test_an_ended_agreement_is_not_renewed(laholm, demo_renewal_set_aside, user):
    error = refusal(renew, laholm, user, on=date(2027, 1, 1))
    assert error.messages == ["Överenskommelsen har upphört och kan inte förnyas."]


def test_a_next_period_overlapping_this_one_is_refused(
    laholm, demo_renewal_set_aside, on_renewal_day, user
):
    error = refusal(renew, laholm, user, valid_from=date(2026, 12, 1), valid_to=date(2029, 11, 30))
    assert error.message_dict == {
        "valid_from": [
            "Perioden överlappar Samverkansöverenskommelse 2024–2026 (2024-01-01–2026-12-31), "
            "som Laholms kommun redan har. Välj en period som börjar efter den."
        ]
    }
    assert not Agreement.objects.filter(predecessor=laholm).exists()


def test_the_coordinator_renews_from_the_agreement_page(
    client_as, laholm, demo_renewal_set_aside, on_renewal_day
):
    client = client_as("samordnare")
    overview = client.get(reverse("samverkan:agreement", args=[laholm.pk])).content.decode()
    url = reverse("samverkan:agreement_renew", args=[laholm.pk])
    assert f'href="{url}"' in overview

    form = client.get(url).context["form"]
    assert form["title"].value() == "Samverkansöverenskommelse 2027–2029"
    assert form["valid_from"].value() == date(2027, 1, 1)
    response = client.post(
        url,
        {
            "title": "Samverkansöverenskommelse 2027–2029",
            "valid_from": "2027-01-01",
            "valid_to": "2029-12-31",
        },
    )

    new = Agreement.objects.get(predecessor=laholm)
    assert response.status_code == 302
    assert response["Location"] == reverse("samverkan:agreement", args=[new.pk])
    page = client.get(response["Location"]).content.decode()
    assert "<dd>Utkast</dd>" in page
    assert "Föregående period" in page
    overview = client.get(reverse("samverkan:agreement", args=[laholm.pk])).content.decode()
    assert f'<a href="{reverse("samverkan:agreement", args=[new.pk])}">' in overview
    assert f'href="{url}"' not in overview  # one successor: nothing more to start


@pytest.mark.parametrize("username", ["kommunpolis", "lpo-chef", "sakerhetschef"])
def test_other_members_may_not_renew(
    client_as, laholm, demo_renewal_set_aside, on_renewal_day, username
):
    client = client_as(username)
    url = reverse("samverkan:agreement_renew", args=[laholm.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    assert not Agreement.objects.filter(predecessor=laholm).exists()
    overview = client.get(reverse("samverkan:agreement", args=[laholm.pk])).content.decode()
    assert f'href="{url}"' not in overview
    assert "nästa period är inte påbörjad" in overview


def test_the_page_says_why_not_before_six_months(client_as, laholm):
    response = client_as("samordnare").get(reverse("samverkan:agreement_renew", args=[laholm.pk]))
    assert response.status_code == 200
    assert "Överenskommelsen har redan en nästa period" in response.content.decode()


# --- the old agreement untouched -----------------------------------------------------------


def dump(agreement: Agreement) -> str:
    """Every row of the agreement and every history row of its objects, field by field."""
    bodies = Body.objects.filter(agreement=agreement)
    functions = Function.objects.filter(body__in=bodies)
    seats = Seat.objects.filter(function__in=functions)
    party_ids = list(agreement.parties.values_list("party_id", flat=True))
    object_ids = [str(pk) for pk in [agreement.pk, *bodies.values_list("pk", flat=True)]]
    object_ids += [str(pk) for pk in agreement.parties.values_list("pk", flat=True)]
    tables = {
        "agreement": Agreement.objects.filter(pk=agreement.pk),
        "parties": AgreementParty.objects.filter(agreement=agreement),
        "organisations": Party.objects.filter(pk__in=party_ids),
        "clauses": Clause.objects.filter(agreement=agreement),
        "annexes": Annex.objects.filter(agreement=agreement),
        "bodies": bodies,
        "functions": functions,
        "seats": seats,
        "substitutes": Substitute.objects.filter(seat__in=seats),
        "standing": StandingAgendaItem.objects.filter(body__in=bodies),
        "meetings": Meeting.objects.filter(agreement=agreement),
        "events": Event.objects.filter(agreement=agreement),
        "directory": Person.agreements.through.objects.filter(agreement=agreement),
        "permissions": UserObjectPermission.objects.filter(object_pk__in=object_ids),
    }
    rows = {name: list(queryset.order_by("pk").values()) for name, queryset in tables.items()}
    histories = {
        "agreement": Agreement.history.filter(id=agreement.pk),
        "parties": AgreementParty.history.filter(agreement_id=agreement.pk),
        "organisations": Party.history.filter(id__in=party_ids),
        "clauses": Clause.history.filter(agreement_id=agreement.pk),
        "annexes": Annex.history.filter(agreement_id=agreement.pk),
        "bodies": Body.history.filter(agreement_id=agreement.pk),
        "functions": Function.history.filter(body_id__in=bodies.values("pk")),
        "seats": Seat.history.filter(function_id__in=functions.values("pk")),
        "substitutes": Substitute.history.filter(seat_id__in=seats.values("pk")),
        "standing": StandingAgendaItem.history.filter(body_id__in=bodies.values("pk")),
    }
    rows |= {
        f"history of {name}": list(queryset.order_by("history_id").values())
        for name, queryset in histories.items()
    }
    return repr(rows)


def test_the_old_agreements_rows_and_history_are_byte_for_byte_unchanged(
    laholm, demo_renewal_set_aside, on_renewal_day, user
):
    council = laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)
    StandingAgendaItem.objects.create(body=council, order=1, title="Aktuell lägesbild")
    MeetingFactory(body=council, starts_at=at_ten(date(2026, 11, 12)))
    before = dump(laholm)
    assert "Aktuell lägesbild" in before and "history of seats" in before

    renew(laholm, user)

    assert dump(laholm) == before


# --- rights: the old period read-only after its end, the new one from its start -------------


def test_before_the_new_period_starts_only_signatories_and_the_convener_have_rights_in_it(
    laholm, demo_renewal_set_aside, on_renewal_day, user
):
    new = renew(laholm, user)
    for username in DEMO_USERNAMES:
        if username in SIGNATORIES:
            expected = SIGNING[username]  # no seat before its first day: no situation picture
        elif username == "samordnare":
            expected = PREPARER
        else:
            expected = set()
        assert all_rights(username, new) == expected, username
    assert all_rights("samordnare", laholm) == DEMO_RIGHTS["samordnare"]  # still in force


@pytest.mark.parametrize("day", [date(2027, 1, 1), date(2027, 1, 15)])
def test_after_the_end_the_old_roles_only_read_and_the_new_ones_act(
    laholm, demo_renewal_set_aside, on_renewal_day, user, time_machine, day
):
    new = renew(laholm, user)
    time_machine.move_to(at_ten(day))
    sync_all(on=day)
    for username in DEMO_USERNAMES:
        assert all_rights(username, laholm) == READING_AFTER_THE_END[username], username
        assert all_rights(username, new) == DEMO_RIGHTS[username], username


def test_a_renewal_with_nothing_to_renew_is_refused_as_a_validation_error(other_agreement, user):
    # Before its renewal opens: refused, nothing written.
    with pytest.raises(ValidationError):
        agreement_renew(agreement=other_agreement, by=user("annan-kommun"))
    assert not Agreement.objects.filter(predecessor=other_agreement).exists()
