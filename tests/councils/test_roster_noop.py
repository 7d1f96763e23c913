"""Roster services log action codes with the facts; updates take only their own fields
and write nothing when nothing changed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from councils import services
from councils.models import Function, Seat, Substitute
from samverkan.models import Event
from samverkan.services import version_of
from tests.factories import PersonFactory
from tests.helpers import person


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def kommunpolis(council) -> Function:
    return council.functions.select_related("party").get(title="Kommunpolis")


def new_events(since: int) -> list[Event]:
    return list(Event.objects.filter(pk__gt=since).order_by("pk"))


def last_pk() -> int:
    return Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def as_the_form_sends(function: Function) -> dict:
    """Every field the roster's edit form sends, with the function's current values."""
    return {name: getattr(function, name) for name in services.rosters.FUNCTION_FIELDS}


# --- function_update -----------------------------------------------------------------


def test_a_function_saved_unchanged_writes_no_history_and_no_event(kommunpolis, coordinator):
    version, since = version_of(kommunpolis), last_pk()
    services.function_update(
        function=kommunpolis,
        by=coordinator,
        expected_version=version,
        **as_the_form_sends(kommunpolis),
    )
    assert version_of(kommunpolis) == version
    assert new_events(since) == []


def test_a_function_cannot_be_moved_to_another_body(kommunpolis, group, coordinator):
    with pytest.raises(TypeError, match="does not change body"):
        services.function_update(function=kommunpolis, by=coordinator, body=group)
    assert Function.objects.get(pk=kommunpolis.pk).body_id == kommunpolis.body_id


def test_a_function_update_refuses_a_field_outside_its_list(kommunpolis, coordinator):
    with pytest.raises(TypeError, match="does not change order"):
        services.function_update(function=kommunpolis, by=coordinator, order=1, note="Ny")
    assert Function.objects.get(pk=kommunpolis.pk).note == kommunpolis.note


def test_a_function_change_writes_one_history_row_and_one_event(laholm, kommunpolis, coordinator):
    history, since = kommunpolis.history.count(), last_pk()
    services.function_update(
        function=kommunpolis,
        by=coordinator,
        **as_the_form_sends(kommunpolis) | {"note": "Sammankallar vid behov."},
    )
    assert kommunpolis.history.count() == history + 1
    [event] = new_events(since)
    assert (event.agreement, event.action, event.content_object) == (
        laholm,
        "councils.function.changed",
        kommunpolis,
    )
    assert event.data == {
        "function": "Kommunpolis",
        "body": "Strategiskt råd",
        "changes": {"note": {"old": kommunpolis.note, "new": "Sammankallar vid behov."}},
    }


def test_a_change_of_party_records_both_parties_by_short_name(laholm, kommunpolis, coordinator):
    Seat.objects.filter(function=kommunpolis).delete()  # a held function keeps its party
    since = last_pk()
    services.function_update(
        function=kommunpolis, by=coordinator, party=laholm.parties.get(short_name="Kommunen")
    )
    [event] = new_events(since)
    assert event.data["changes"] == {"party": {"old": "Polisen", "new": "Kommunen"}}
    with translation.override("en"):
        assert event.sentence == "The function Kommunpolis in Strategiskt råd was changed (party)"


# --- seat_end ------------------------------------------------------------------------


def test_ending_a_seat_on_the_day_it_already_ends_writes_nothing(kommunpolis, coordinator):
    seat = kommunpolis.seats.get()
    services.seat_end(seat=seat, valid_to=date(2026, 6, 30), by=coordinator)
    history, since = seat.history.count(), last_pk()

    services.seat_end(seat=seat, valid_to=date(2026, 6, 30), by=coordinator)

    assert seat.history.count() == history
    assert new_events(since) == []


def test_ending_a_seat_writes_one_history_row_and_one_event(laholm, kommunpolis, coordinator):
    seat = kommunpolis.seats.get()
    history, since = seat.history.count(), last_pk()

    services.seat_end(seat=seat, valid_to=date(2026, 6, 30), by=coordinator)

    assert seat.history.count() == history + 1
    [event] = new_events(since)
    assert (event.action, event.content_object) == ("councils.seat.ended", seat)
    assert event.data == {
        "person": "Erik Sand",
        "function": "Kommunpolis",
        "body": "Strategiskt råd",
        "end": "2026-06-30",
        "changes": {"valid_to": {"old": None, "new": "2026-06-30"}},
    }


# --- the other roster services log codes with the facts ------------------------------


def test_a_new_function_is_logged_with_its_code_and_facts(laholm, group, coordinator):
    since = last_pk()
    function = services.function_create(
        body=group,
        title="Trygghetsvärd",
        party=laholm.parties.get(short_name="Kommunen"),
        by=coordinator,
    )
    [event] = new_events(since)
    assert (event.action, event.content_object) == ("councils.function.created", function)
    assert event.data == {
        "function": "Trygghetsvärd",
        "body": "Operativ samverkansgrupp",
        "party": "Kommunen",
    }


def test_a_removed_function_is_logged_with_the_id_it_had(council, coordinator):
    function = council.functions.get(title="Lokal representant för polisen")
    pk, since = function.pk, last_pk()
    services.function_remove(function=function, by=coordinator)
    [event] = new_events(since)
    assert (event.action, event.object_id, event.content_object) == (
        "councils.function.removed",
        pk,
        None,  # gone
    )
    assert event.data == {"function": "Lokal representant för polisen", "body": "Strategiskt råd"}


def test_an_appointment_is_logged_with_its_period(laholm, council, coordinator):
    function = council.functions.get(title="Kommunens ledningsgrupp")
    newcomer = PersonFactory(
        party=laholm.parties.get(short_name="Kommunen").party,
        user__first_name="Kim",
        user__last_name="Vik",
    )
    since = last_pk()
    seat = services.seat_assign(
        function=function, person=newcomer, valid_from=date(2024, 2, 1), by=coordinator
    )
    [event] = new_events(since)
    assert (event.action, event.content_object) == ("councils.seat.assigned", seat)
    assert event.data == {
        "person": "Kim Vik",
        "function": "Kommunens ledningsgrupp",
        "body": "Strategiskt råd",
        "start": "2024-02-01",
        "end": None,
    }
    assert Event.objects.of_action("councils.seat.assigned").about(seat).get() == event


def test_substitutes_added_and_removed_are_logged_with_the_holder(laholm, kommunpolis, coordinator):
    seat = kommunpolis.seats.select_related("person__user").get()
    since = last_pk()
    substitute = services.substitute_add(seat=seat, person=person("lpo-chef"), by=coordinator)
    pk = substitute.pk
    services.substitute_remove(substitute=substitute, by=coordinator)

    added, removed = new_events(since)
    facts = {
        "person": "Anna Kvist",
        "holder": "Erik Sand",
        "function": "Kommunpolis",
        "body": "Strategiskt råd",
    }
    assert (added.action, added.object_id, added.data) == ("councils.substitute.added", pk, facts)
    assert (removed.action, removed.object_id, removed.data) == (
        "councils.substitute.removed",
        pk,
        facts,
    )
    assert not Substitute.objects.filter(pk=pk).exists()
    assert Seat.objects.filter(pk=seat.pk).exists()


def test_a_held_function_keeps_its_party(laholm, kommunpolis, coordinator):
    """A seat acts for its function's party: moving a held function would hand its holder
    another party's rights (issue 13)."""
    assert kommunpolis.seats.not_ended().exists()
    other = laholm.parties.exclude(pk=kommunpolis.party_id).first()
    with pytest.raises(ValidationError) as caught:
        services.function_update(
            function=kommunpolis,
            by=coordinator,
            **as_the_form_sends(kommunpolis) | {"party": other},
        )
    assert "Avsluta deras uppdrag" in caught.value.message_dict["party"][0]
    assert Function.objects.get(pk=kommunpolis.pk).party_id == kommunpolis.party_id


def test_a_function_nobody_holds_may_change_party(laholm, kommunpolis, coordinator):
    Seat.objects.filter(function=kommunpolis).delete()
    other = laholm.parties.exclude(pk=kommunpolis.party_id).first()
    services.function_update(
        function=kommunpolis, by=coordinator, **as_the_form_sends(kommunpolis) | {"party": other}
    )
    assert Function.objects.get(pk=kommunpolis.pk).party_id == other.pk
