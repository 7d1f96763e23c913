"""A body is never left without someone who can convene it: the last holder of the
convening function leaves only once a successor is appointed from the next day, and the
convening function itself is not removed."""

from datetime import date

import pytest
from django.urls import reverse

from councils import services
from councils.models import Seat
from tests.helpers import person, refusal
from tests.html_helpers import field_errors

LAST_CONVENER = (
    "Sara Lind är den enda som sammankallar Strategiskt råd. Välj en efterträdare som "
    "tillsätts som Brottsförebyggande samordnare från och med 2025-07-01."
)


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def convener_seat(council) -> Seat:
    return council.convener_function.seats.get(person=person("samordnare"))


def test_the_last_convener_seat_cannot_end_without_a_successor(
    laholm, council, convener_seat, coordinator
):
    events = laholm.events.count()
    error = refusal(
        services.seat_end, seat=convener_seat, valid_to=date(2025, 6, 30), by=coordinator
    )
    assert error.message_dict == {"successor": [LAST_CONVENER]}
    assert Seat.objects.get(pk=convener_seat.pk).valid_to is None
    assert laholm.events.count() == events


def test_the_convener_hands_over_to_a_successor_from_the_next_day(
    laholm, council, convener_seat, coordinator, staff
):
    successor = staff("Kommunen", "Alva", "Ros")
    services.seat_end(
        seat=convener_seat, valid_to=date(2025, 6, 30), successor=successor, by=coordinator
    )
    assert Seat.objects.get(pk=convener_seat.pk).valid_to == date(2025, 6, 30)
    follower = council.convener_function.seats.get(person=successor)
    assert (follower.valid_from, follower.valid_to) == (date(2025, 7, 1), None)
    assert [e.sentence for e in laholm.events.order_by("-pk")[:2]] == [
        "Alva Ros utsågs till Brottsförebyggande samordnare i Strategiskt råd från 2025-07-01",
        "Sara Lind lämnar Brottsförebyggande samordnare i Strategiskt råd efter 2025-06-30",
    ]


def test_a_successor_who_may_not_hold_the_function_is_refused_and_nothing_ends(
    council, convener_seat, coordinator, staff
):
    error = refusal(
        services.seat_end,
        seat=convener_seat,
        valid_to=date(2025, 6, 30),
        successor=staff("Polisen", "Kim", "Vik"),
        by=coordinator,
    )
    assert error.message_dict == {
        "successor": ["Kim Vik arbetar inte hos Laholms kommun, som funktionen hör till."]
    }
    assert Seat.objects.get(pk=convener_seat.pk).valid_to is None


def test_a_second_holder_of_a_group_convening_function_is_a_successor(
    council, convener_seat, coordinator, staff
):
    function = council.convener_function
    function.is_group = True
    function.save()
    services.seat_assign(
        function=function,
        person=staff("Kommunen", "Alva", "Ros"),
        valid_from=date(2025, 8, 1),
        by=coordinator,
    )
    # From 2025-08-01 only: the body would have nobody to convene it in July.
    error = refusal(
        services.seat_end, seat=convener_seat, valid_to=date(2025, 6, 30), by=coordinator
    )
    assert error.message_dict == {"successor": [LAST_CONVENER]}
    services.seat_end(seat=convener_seat, valid_to=date(2025, 7, 31), by=coordinator)
    assert Seat.objects.get(pk=convener_seat.pk).valid_to == date(2025, 7, 31)


def test_the_convener_seat_may_end_with_the_agreement(convener_seat, coordinator):
    services.seat_end(seat=convener_seat, valid_to=date(2026, 12, 31), by=coordinator)
    assert Seat.objects.get(pk=convener_seat.pk).valid_to == date(2026, 12, 31)


def test_other_seats_end_without_a_successor(council, coordinator):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    services.seat_end(seat=seat, valid_to=date(2025, 6, 30), by=coordinator)
    assert Seat.objects.get(pk=seat.pk).valid_to == date(2025, 6, 30)


def test_the_convening_function_cannot_be_removed(council, coordinator):
    function = council.convener_function
    Seat.objects.filter(function=function).update(valid_to=date(2024, 12, 31))
    error = refusal(services.function_remove, function=function, by=coordinator)
    assert error.messages == [
        "Brottsförebyggande samordnare sammankallar Strategiskt råd och kan inte tas bort: "
        "då kan ingen sammankalla organet."
    ]
    council.refresh_from_db()
    assert council.convener_function == function


def seat_end_url(council, seat) -> str:
    return reverse("councils:seat_end", args=[council.agreement_id, council.pk, seat.pk])


def test_the_seat_end_form_of_the_convener_refuses_without_a_successor_on_the_field(
    client_as, council, convener_seat
):
    response = client_as("samordnare").post(
        seat_end_url(council, convener_seat), {"valid_to": "2025-06-30", "successor": ""}
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "successor") == [LAST_CONVENER]
    assert Seat.objects.get(pk=convener_seat.pk).valid_to is None


def test_the_seat_end_form_of_the_convener_hands_over(client_as, council, convener_seat, staff):
    successor = staff("Kommunen", "Alva", "Ros")
    response = client_as("samordnare").post(
        seat_end_url(council, convener_seat),
        {"valid_to": "2025-06-30", "successor": successor.pk},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Uppdraget för Sara Lind är avslutat och Alva Ros tar över."
    ]
    assert council.convener_function.seats.filter(person=successor).exists()


def test_only_the_conveners_seat_end_form_offers_a_successor(client_as, council, convener_seat):
    client = client_as("samordnare")
    other = council.functions.get(title="Kommunpolis").seats.get()
    assert 'name="successor"' in client.get(seat_end_url(council, convener_seat)).content.decode()
    assert 'name="successor"' not in client.get(seat_end_url(council, other)).content.decode()
