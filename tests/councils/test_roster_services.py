"""Roster services: functions, seats and substitutes, their rules, history and events."""

from datetime import date, timedelta

import pytest

from councils import services
from councils.models import Function, Seat, Substitute
from samverkan.services import version_of
from tests.factories import PersonFactory
from tests.helpers import NOT_STAFF, PERIOD, STALE, TODAY, person, refusal

SEVERAL_HOLDERS = "Funktionen har flera innehavare under samma period och måste vara en grupp."


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def assign(coordinator):
    """The coordinator appoints: assign(function, person, valid_from, valid_to=None)."""

    def appoint(function, person, valid_from, valid_to=None):
        return services.seat_assign(
            function=function,
            person=person,
            valid_from=valid_from,
            valid_to=valid_to,
            by=coordinator,
        )

    return appoint


def latest_event(agreement):
    return agreement.events.select_related("actor").first()


# --- seat_assign -----------------------------------------------------------------------


def test_a_seat_starting_before_the_agreement_is_refused_on_the_start_date(assign, council, staff):
    function = council.functions.get(title="Lokal representant för polisen")
    error = refusal(assign, function, staff("Polisen", "Kim", "Vik"), date(2023, 12, 31))
    assert error.message_dict == {
        "valid_from": [f"Startdatumet ligger utanför överenskommelsens giltighetstid {PERIOD}."]
    }
    assert not function.seats.exists()


def test_a_seat_ending_after_the_agreement_is_refused_on_the_end_date(assign, council, staff):
    function = council.functions.get(title="Lokal representant för polisen")
    error = refusal(
        assign, function, staff("Polisen", "Kim", "Vik"), date(2026, 1, 1), date(2027, 1, 1)
    )
    assert error.message_dict == {
        "valid_to": [f"Slutdatumet ligger utanför överenskommelsens giltighetstid {PERIOD}."]
    }
    assert not function.seats.exists()


def test_a_seat_may_run_from_the_first_to_the_last_day_of_the_agreement(assign, council, staff):
    function = council.functions.get(title="Lokal representant för polisen")
    seat = assign(function, staff("Polisen", "Kim", "Vik"), date(2024, 1, 1), date(2026, 12, 31))
    assert (seat.valid_from, seat.valid_to) == (date(2024, 1, 1), date(2026, 12, 31))


def test_a_seat_ending_before_it_starts_is_refused_on_the_end_date(assign, council, staff):
    function = council.functions.get(title="Lokal representant för polisen")
    error = refusal(
        assign, function, staff("Polisen", "Kim", "Vik"), date(2025, 6, 1), date(2025, 5, 31)
    )
    assert error.message_dict == {"valid_to": ["Uppdraget kan inte sluta före det börjar."]}
    assert not function.seats.exists()


def test_a_person_from_outside_the_parties_is_refused(assign, council):
    function = council.functions.get(title="Lokal representant för polisen")
    error = refusal(assign, function, PersonFactory(), date(2025, 1, 1))
    assert error.message_dict == {"person": [NOT_STAFF]}


def test_a_member_of_another_agreement_is_refused(assign, council):
    function = council.functions.get(title="Lokal representant för polisen")
    error = refusal(assign, function, person("annan-kommun"), date(2025, 1, 1))
    assert error.message_dict == {"person": [NOT_STAFF]}
    assert not function.seats.exists()


def test_a_second_holder_of_a_single_function_is_refused_while_the_first_holds_it(
    assign, council, staff
):
    function = council.functions.get(title="Kommunpolis")
    error = refusal(assign, function, staff("Polisen", "Kim", "Vik"), date(2025, 3, 1))
    assert error.message_dict == {
        "valid_from": [
            "Kommunpolis innehas redan av Erik Sand under perioden. Avsluta det uppdraget "
            "först, eller gör funktionen till en grupp."
        ]
    }
    assert list(function.seats.values_list("person__user__username", flat=True)) == ["kommunpolis"]


def test_periods_that_share_a_single_day_overlap(assign, council, staff):
    function = council.functions.get(title="Lokal representant för polisen")
    assign(function, staff("Polisen", "Kim", "Vik"), date(2024, 1, 1), date(2024, 6, 30))
    error = refusal(assign, function, staff("Polisen", "Alva", "Ros"), date(2024, 6, 30))
    assert error.message_dict == {
        "valid_from": [
            "Lokal representant för polisen innehas redan av Kim Vik under perioden. Avsluta "
            "det uppdraget först, eller gör funktionen till en grupp."
        ]
    }


def test_a_successor_may_start_the_day_after_the_holder_leaves(assign, council, staff):
    function = council.functions.get(title="Lokal representant för polisen")
    assign(function, staff("Polisen", "Kim", "Vik"), date(2024, 1, 1), date(2024, 6, 30))
    assign(function, staff("Polisen", "Alva", "Ros"), date(2024, 7, 1))
    assert function.seats.count() == 2


def test_a_holder_for_a_period_before_an_appointed_successor_is_allowed(assign, council, staff):
    function = council.functions.get(title="Lokal representant för polisen")
    assign(function, staff("Polisen", "Kim", "Vik"), date(2025, 1, 1))
    assign(function, staff("Polisen", "Alva", "Ros"), date(2024, 1, 1), date(2024, 12, 31))
    error = refusal(assign, function, staff("Polisen", "Olle", "Ek"), date(2024, 3, 1))
    assert error.message_dict == {
        "valid_from": [
            "Lokal representant för polisen innehas redan av Alva Ros under perioden. Avsluta "
            "det uppdraget först, eller gör funktionen till en grupp."
        ]
    }


def test_the_same_person_is_refused_twice_on_a_single_function(assign, council):
    function = council.functions.get(title="Kommunpolis")
    error = refusal(assign, function, person("kommunpolis"), date(2025, 1, 1))
    assert error.message_dict == {
        "person": ["Personen har redan den här funktionen under perioden."]
    }


def test_the_same_person_is_refused_twice_in_a_group_function(assign, council, staff):
    function = council.functions.get(title="Kommunens ledningsgrupp")
    member = staff("Kommunen", "Kim", "Vik")
    assign(function, member, date(2024, 1, 1))
    error = refusal(assign, function, member, date(2025, 1, 1))
    assert error.message_dict == {
        "person": ["Personen har redan den här funktionen under perioden."]
    }
    assert function.seats.count() == 1


def test_a_group_function_has_several_holders_at_once(assign, council, staff):
    function = council.functions.get(title="Kommunens ledningsgrupp")
    assert function.is_group
    members = [
        staff("Kommunen", "Kim", "Vik"),
        staff("Kommunen", "Alva", "Ros"),
        person("ks-ordforande"),
    ]
    for member in members:
        assign(function, member, date(2024, 1, 1))
    on = date(2025, 1, 1)
    assert set(function.seats.current(on).values_list("person", flat=True)) == {
        member.pk for member in members
    }


def test_an_appointment_is_logged_in_swedish_and_recorded_with_the_acting_user(
    assign, laholm, council, coordinator, staff
):
    function = council.functions.get(title="Kommunens ledningsgrupp")
    seat = assign(function, staff("Kommunen", "Kim", "Vik"), date(2024, 2, 1))
    event = latest_event(laholm)
    assert event.sentence == (
        "Kim Vik utsågs till Kommunens ledningsgrupp i Strategiskt råd från 2024-02-01"
    )
    assert event.actor == coordinator
    record = seat.history.get()
    assert (record.history_type, record.history_user) == ("+", coordinator)


# --- seat_end ------------------------------------------------------------------------


def test_ending_a_seat_sets_its_last_day_logs_it_and_records_who_did_it(
    laholm, council, coordinator
):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    ended = services.seat_end(seat=seat, valid_to=date(2026, 6, 30), by=coordinator)

    assert Seat.objects.get(pk=seat.pk).valid_to == date(2026, 6, 30)
    assert ended.valid_to == date(2026, 6, 30)
    event = latest_event(laholm)
    assert event.sentence == "Erik Sand lämnar Kommunpolis i Strategiskt råd efter 2026-06-30"
    assert event.actor == coordinator
    record = seat.history.order_by("-history_id").first()
    assert (record.history_type, record.history_user, record.valid_to) == (
        "~",
        coordinator,
        date(2026, 6, 30),
    )


def test_after_a_seat_ends_a_successor_may_be_appointed_from_the_next_day(
    assign, council, coordinator, staff
):
    function = council.functions.get(title="Kommunpolis")
    services.seat_end(seat=function.seats.get(), valid_to=date(2025, 8, 31), by=coordinator)
    successor = assign(function, staff("Polisen", "Kim", "Vik"), date(2025, 9, 1))
    assert successor.is_current(date(2025, 9, 1))
    assert function.seats.current(date(2025, 9, 1)).get() == successor


def test_a_seat_cannot_end_before_it_starts(laholm, council, coordinator):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    events_before = laholm.events.count()
    error = refusal(services.seat_end, seat=seat, valid_to=date(2023, 12, 31), by=coordinator)
    assert error.message_dict["valid_to"] == ["Uppdraget kan inte sluta före det börjar."]
    assert Seat.objects.get(pk=seat.pk).valid_to is None
    assert laholm.events.count() == events_before


def test_a_seat_cannot_end_after_the_agreement(council, coordinator):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    error = refusal(services.seat_end, seat=seat, valid_to=date(2027, 1, 1), by=coordinator)
    assert error.message_dict == {
        "valid_to": [f"Slutdatumet ligger utanför överenskommelsens giltighetstid {PERIOD}."]
    }
    assert Seat.objects.get(pk=seat.pk).valid_to is None


def test_moving_a_seats_last_day_into_the_successors_period_is_refused(
    assign, council, coordinator, staff
):
    function = council.functions.get(title="Lokal representant för polisen")
    first = assign(function, staff("Polisen", "Kim", "Vik"), date(2024, 1, 1), date(2024, 6, 30))
    assign(function, staff("Polisen", "Alva", "Ros"), date(2024, 7, 1))
    error = refusal(services.seat_end, seat=first, valid_to=date(2025, 1, 1), by=coordinator)
    # Refused already as an extension: an ended seat never grows into the next one's.
    assert error.message_dict == {
        "valid_to": [
            "Uppdraget slutar redan 2024-06-30. Ett avslutat uppdrag kan inte förlängas; "
            "tillsätt personen på nytt i stället."
        ]
    }
    assert Seat.objects.get(pk=first.pk).valid_to == date(2024, 6, 30)


# --- substitutes ---------------------------------------------------------------------


def test_the_holder_cannot_be_their_own_substitute(council, coordinator):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    error = refusal(
        services.substitute_add, seat=seat, person=person("kommunpolis"), by=coordinator
    )
    assert error.message_dict == {"person": ["Innehavaren kan inte vara sin egen ersättare."]}
    assert not seat.substitutes.exists()


def test_a_substitute_cannot_be_appointed_twice_to_the_same_seat(council, coordinator):
    function = council.functions.get(title__startswith="Kriminalvårdschef/Frivårdschef")
    seat = function.seats.get()
    assert list(seat.substitutes.values_list("person__user__username", flat=True)) == ["frivard"]
    error = refusal(services.substitute_add, seat=seat, person=person("frivard"), by=coordinator)
    assert error.message_dict == {"person": ["Personen är redan ersättare för uppdraget."]}
    assert seat.substitutes.count() == 1


def test_a_substitute_from_outside_the_parties_is_refused(council, coordinator):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    error = refusal(services.substitute_add, seat=seat, person=PersonFactory(), by=coordinator)
    assert error.message_dict == {"person": [NOT_STAFF]}


def test_appointing_a_substitute_is_logged_in_swedish_with_history(
    laholm, council, coordinator, staff
):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    substitute = services.substitute_add(
        seat=seat, person=staff("Polisen", "Kim", "Vik"), by=coordinator
    )
    assert list(seat.substitutes.all()) == [substitute]
    event = latest_event(laholm)
    assert event.sentence == "Kim Vik utsågs till ersättare för Erik Sand (Kommunpolis)"
    assert event.actor == coordinator
    assert substitute.history.get().history_user == coordinator


def test_removing_a_substitute_is_logged_in_swedish_with_history(laholm, council, coordinator):
    function = council.functions.get(title__startswith="Kriminalvårdschef/Frivårdschef")
    substitute = Substitute.objects.get(seat__function=function)
    pk = substitute.pk
    services.substitute_remove(substitute=substitute, by=coordinator)

    assert not Substitute.objects.filter(pk=pk).exists()
    assert latest_event(laholm).sentence == (
        "Nora Ek är inte längre ersättare för Lars Ström "
        "(Kriminalvårdschef/Frivårdschef verksamhetsområde Halland och Västra Götaland)"
    )
    record = Substitute.history.filter(id=pk).order_by("-history_id").first()
    assert (record.history_type, record.history_user) == ("-", coordinator)


# --- functions -----------------------------------------------------------------------


def test_a_new_function_goes_last_on_the_roster_and_is_logged(laholm, group, coordinator):
    kommunen = laholm.parties.get(short_name="Kommunen")
    function = services.function_create(
        body=group,
        title="Trygghetsvärd",
        party=kommunen,
        attendance=Function.Attendance.AS_NEEDED,
        by=coordinator,
    )
    assert list(group.functions.all())[-1] == function
    assert function.attendance == "as_needed"
    assert latest_event(laholm).sentence == (
        "Funktionen Trygghetsvärd lades till i Operativ samverkansgrupp"
    )
    assert function.history.get().history_user == coordinator


def test_a_function_for_a_party_of_another_agreement_is_refused(
    other_agreement, group, coordinator
):
    error = refusal(
        services.function_create,
        body=group,
        title="Trygghetsvärd",
        party=other_agreement.parties.get(),
        by=coordinator,
    )
    assert error.message_dict == {"party": ["Parten måste vara part i samma överenskommelse."]}
    assert not group.functions.filter(title="Trygghetsvärd").exists()


def test_a_function_with_a_holder_cannot_be_removed(laholm, council, coordinator):
    function = council.functions.get(title="Kommunpolis")
    events_before = laholm.events.count()
    error = refusal(services.function_remove, function=function, by=coordinator)
    assert error.messages == [
        "Funktionen har innehavare. Avsluta deras uppdrag innan funktionen tas bort."
    ]
    assert Function.objects.filter(pk=function.pk).exists()
    assert laholm.events.count() == events_before


def test_a_vacant_function_is_removed_with_an_event_and_history(laholm, council, coordinator):
    function = council.functions.get(title="Lokal representant för polisen")
    pk = function.pk
    services.function_remove(function=function, by=coordinator)

    assert not Function.objects.filter(pk=pk).exists()
    assert latest_event(laholm).sentence == (
        "Funktionen Lokal representant för polisen togs bort från Strategiskt råd"
    )
    record = Function.history.filter(id=pk).order_by("-history_id").first()
    assert (record.history_type, record.history_user) == ("-", coordinator)


def test_a_function_whose_holders_have_all_left_may_be_removed(council, coordinator):
    function = council.functions.get(title="Kommunpolis")
    pk = function.pk
    services.seat_end(seat=function.seats.get(), valid_to=date(2024, 12, 31), by=coordinator)
    services.function_remove(function=function, by=coordinator)
    assert not Function.objects.filter(pk=pk).exists()


def test_a_function_with_an_appointed_future_holder_cannot_be_removed(
    assign, council, coordinator, staff
):
    assert council.agreement.covers(TODAY + timedelta(days=1))
    function = council.functions.get(title="Lokal representant för polisen")
    seat = assign(function, staff("Polisen", "Kim", "Vik"), TODAY + timedelta(days=1))
    error = refusal(services.function_remove, function=function, by=coordinator)
    assert error.messages == [
        "Funktionen har innehavare. Avsluta deras uppdrag innan funktionen tas bort."
    ]
    assert Seat.objects.filter(pk=seat.pk).exists()


def test_a_function_update_is_saved_and_logged_in_swedish(laholm, council, coordinator):
    function = council.functions.get(title="Kommunpolis")
    services.function_update(
        function=function,
        by=coordinator,
        expected_version=version_of(function),
        note="Stöder samordnaren och sammankallar vid behov.",
    )
    function.refresh_from_db()
    assert function.note == "Stöder samordnaren och sammankallar vid behov."
    assert (
        latest_event(laholm).sentence
        == "Funktionen Kommunpolis i Strategiskt råd ändrades (anmärkning)"
    )
    assert function.history.order_by("-history_id").first().history_user == coordinator


def test_a_function_update_from_a_stale_version_is_refused(laholm, council, coordinator, user):
    function = council.functions.get(title="Kommunpolis")
    seen = version_of(function)
    services.function_update(function=function, by=user("kommunpolis"), note="Ändrad av polisen")
    events_before = laholm.events.count()

    error = refusal(
        services.function_update,
        function=function,
        by=coordinator,
        expected_version=seen,
        title="Kommunpolis (ny)",
        note="",
    )

    assert error.messages == [STALE]
    assert error.code == "stale"
    function.refresh_from_db()
    assert (function.title, function.note) == ("Kommunpolis", "Ändrad av polisen")
    assert laholm.events.count() == events_before


def test_a_group_with_several_current_holders_cannot_become_a_single_function(
    assign, council, coordinator, staff
):
    function = council.functions.get(title="Kommunens ledningsgrupp")
    for first in ("Kim", "Alva"):
        assign(function, staff("Kommunen", first, "Vik"), council.agreement.valid_from)
    assert council.agreement.covers(TODAY)  # so both are current holders today
    error = refusal(services.function_update, function=function, by=coordinator, is_group=False)
    assert error.message_dict == {"is_group": [SEVERAL_HOLDERS]}
    function.refresh_from_db()
    assert function.is_group


def test_a_group_with_overlapping_appointed_holders_cannot_become_a_single_function(
    assign, council, coordinator, staff
):
    later = TODAY + timedelta(days=2)
    assert council.agreement.covers(later)
    function = council.functions.get(title="Kommunens ledningsgrupp")
    for first, start in (("Kim", council.agreement.valid_from), ("Alva", later)):
        assign(function, staff("Kommunen", first, "Vik"), start)
    error = refusal(services.function_update, function=function, by=coordinator, is_group=False)
    assert error.message_dict == {"is_group": [SEVERAL_HOLDERS]}
    function.refresh_from_db()
    assert function.is_group
