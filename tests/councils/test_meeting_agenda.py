"""The agenda: items with kind, presenter and notes, in order; and each body's standing
items, which every new meeting starts with."""

from datetime import datetime

import pytest
from django.urls import reverse

from councils.models import AgendaItem, StandingAgendaItem
from councils.services import meetings as services
from tests.factories import AgendaItemFactory, MeetingFactory, PersonFactory
from tests.helpers import INVALID_CHOICE, STOCKHOLM, person, refusal
from tests.html_helpers import field_errors, section, text_of

FOREIGN_PRESENTER = (
    "Föredraganden måste finnas i överenskommelsens personlista och arbeta hos någon av parterna."
)


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def meeting(council):
    start = datetime(2025, 4, 15, 13, tzinfo=STOCKHOLM)
    meeting = MeetingFactory(body=council, starts_at=start, ends_at=start.replace(hour=15))
    for order, title in enumerate(["Aktuell lägesbild", "Uppdrag", "Övrigt"], start=1):
        AgendaItemFactory(meeting=meeting, order=order, title=title)
    return meeting


def titles(meeting) -> list[str]:
    return list(meeting.items.order_by("order", "pk").values_list("title", flat=True))


def url(name: str, meeting, *args) -> str:
    return reverse(
        f"councils:{name}", args=[meeting.agreement_id, meeting.body_id, meeting.pk, *args]
    )


# --- services --------------------------------------------------------------------------


def test_an_item_is_added_last_with_its_presenter_and_logged(laholm, meeting, coordinator):
    presenter = person("frivard")  # of the operative group, presenting to the council
    item = services.agenda_item_add(
        meeting=meeting,
        title="Lägesbild från frivården",
        kind=AgendaItem.Kind.SITUATION_PICTURE,
        presenter=presenter,
        notes="Underlag bifogas.",
        by=coordinator,
    )
    assert (item.order, item.presenter, item.kind) == (4, presenter, "situation_picture")
    assert titles(meeting)[-1] == "Lägesbild från frivården"
    assert laholm.events.order_by("-pk").first().sentence == (
        "Punkten Lägesbild från frivården lades till på dagordningen för Strategiskt råd "
        "2025-04-15 13:00"
    )


def test_a_presenter_from_another_agreement_is_refused(other_agreement, meeting, coordinator):
    stranger = PersonFactory(party=other_agreement.parties.first().party)
    before = meeting.items.count()
    error = refusal(
        services.agenda_item_add, meeting=meeting, title="X", presenter=stranger, by=coordinator
    )
    assert error.message_dict == {"presenter": [FOREIGN_PRESENTER]}
    assert meeting.items.count() == before
    item = meeting.items.first()
    error = refusal(services.agenda_item_update, item=item, presenter=stranger, by=coordinator)
    assert error.message_dict == {"presenter": [FOREIGN_PRESENTER]}
    assert AgendaItem.objects.get(pk=item.pk).presenter is None


def test_items_move_up_and_down(meeting, coordinator):
    last = meeting.items.get(title="Övrigt")
    assert services.agenda_item_move(item=last, direction="up", by=coordinator)
    assert titles(meeting) == ["Aktuell lägesbild", "Övrigt", "Uppdrag"]
    first = meeting.items.get(title="Aktuell lägesbild")
    assert services.agenda_item_move(item=first, direction="down", by=coordinator)
    assert titles(meeting) == ["Övrigt", "Aktuell lägesbild", "Uppdrag"]
    assert list(meeting.items.order_by("order").values_list("order", flat=True)) == [1, 2, 3]


def test_the_first_item_does_not_move_further_up(meeting, coordinator):
    first = meeting.items.get(title="Aktuell lägesbild")
    assert not services.agenda_item_move(item=first, direction="up", by=coordinator)
    assert titles(meeting) == ["Aktuell lägesbild", "Uppdrag", "Övrigt"]


def test_removing_an_item_keeps_the_others_in_order(meeting, coordinator):
    services.agenda_item_remove(item=meeting.items.get(title="Uppdrag"), by=coordinator)
    assert titles(meeting) == ["Aktuell lägesbild", "Övrigt"]


def test_the_agenda_of_a_cancelled_meeting_is_closed(meeting, coordinator):
    services.meeting_cancel(meeting=meeting, reason="Sjukdom.", by=coordinator)
    error = refusal(services.agenda_item_add, meeting=meeting, title="Sent", by=coordinator)
    assert error.messages == ["Mötet är inställt och kan inte ändras."]


def test_the_agenda_of_approved_minutes_is_closed(meeting, coordinator):
    meeting.chair_approved_at = meeting.adjuster_approved_at = meeting.ends_at
    meeting.save()
    item = meeting.items.first()
    error = refusal(services.agenda_item_update, item=item, title="Ändrad", by=coordinator)
    assert error.messages == ["Protokollet är justerat. Dagordningen kan inte längre ändras."]
    assert AgendaItem.objects.get(pk=item.pk).title == "Aktuell lägesbild"


# --- pages -----------------------------------------------------------------------------


def test_the_meeting_page_lists_the_agenda_in_order_with_presenters(client_as, meeting):
    item = meeting.items.get(title="Uppdrag")
    item.presenter, item.notes, item.kind = (
        person("kommunpolis"),
        "Förslag till uppdrag.",
        "assignment",
    )
    item.save()
    html = client_as("sakerhetschef").get(url("meeting", meeting)).content.decode()
    agenda = text_of(section(html, '<section aria-labelledby="dagordning"').split("</section>")[0])
    assert agenda == (
        "Dagordning Aktuell lägesbild Övrigt "
        "Uppdrag Uppdrag. Föredragande: Erik Sand, Polismyndigheten Förslag till uppdrag. "
        "Övrigt Övrigt"
    )


def test_the_coordinator_adds_an_item_through_the_form(client_as, meeting):
    response = client_as("samordnare").post(
        url("agenda_item_create", meeting),
        {"title": "Trygghetsvandring", "kind": "follow_up", "presenter": person("frivard").pk},
        follow=True,
    )
    assert response.redirect_chain == [(url("meeting", meeting), 302)]
    assert titles(meeting)[-1] == "Trygghetsvandring"
    assert "Föredragande: Nora Ek, Kriminalvården" in response.content.decode()


def test_a_forged_presenter_from_another_agreement_is_refused_on_the_field(
    client_as, other_agreement, meeting
):
    stranger = PersonFactory(party=other_agreement.parties.first().party)
    response = client_as("samordnare").post(
        url("agenda_item_create", meeting),
        {"title": "X", "kind": "other", "presenter": stranger.pk},
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "presenter") == [INVALID_CHOICE]
    assert titles(meeting) == ["Aktuell lägesbild", "Uppdrag", "Övrigt"]


@pytest.mark.parametrize("name", ["agenda_item_edit", "agenda_item_remove", "agenda_item_move"])
def test_an_item_of_another_meeting_is_not_found(client_as, council, meeting, name):
    other = MeetingFactory(body=council, starts_at=meeting.starts_at, ends_at=meeting.ends_at)
    foreign = AgendaItemFactory(meeting=other, title="Annan punkt")
    client = client_as("samordnare")
    target = url(name, meeting, foreign.pk)
    response = client.get(target) if name == "agenda_item_edit" else client.post(target)
    assert response.status_code == 404
    assert AgendaItem.objects.filter(pk=foreign.pk, title="Annan punkt", order=foreign.order)


def test_moving_an_item_through_the_page(client_as, meeting):
    item = meeting.items.get(title="Övrigt")
    response = client_as("samordnare").post(
        url("agenda_item_move", meeting, item.pk), {"riktning": "up"}
    )
    assert response.status_code == 302
    assert titles(meeting) == ["Aktuell lägesbild", "Övrigt", "Uppdrag"]


def test_a_member_sees_the_agenda_without_the_conveners_actions(client_as, meeting):
    html = client_as("kommunpolis").get(url("meeting", meeting)).content.decode()
    assert "Flytta upp" not in html and "Lägg till punkt" not in html
    assert url("agenda_item_create", meeting) not in html
    coordinator_html = client_as("samordnare").get(url("meeting", meeting)).content.decode()
    assert url("agenda_item_create", meeting) in coordinator_html


# --- standing items --------------------------------------------------------------------


def standing(body) -> list[tuple[str, str]]:
    return list(body.standing_items.values_list("title", "kind"))


def test_the_demo_bodies_have_their_standing_items(council, group):
    assert standing(council) == [
        ("Aktuell lägesbild", "situation_picture"),
        ("Arbete med beslutade åtgärder", "action_plan_status"),
        ("Medborgarlöfte och uppföljning", "citizen_promise"),
    ]
    assert standing(group) == [("Åtgärdsplanens status", "action_plan_status")]


def test_the_convener_edits_the_standing_items_and_new_meetings_follow(
    client_as, council, coordinator
):
    client = client_as("samordnare")
    base = reverse("councils:standing_items", args=[council.agreement_id, council.pk])
    client.post(base + "ny/", {"title": "Övriga frågor", "kind": "other"})
    first = council.standing_items.get(title="Aktuell lägesbild")
    client.post(base + f"{first.pk}/ta-bort/")
    promise = council.standing_items.get(title="Medborgarlöfte och uppföljning")
    client.post(base + f"{promise.pk}/flytta/", {"riktning": "up"})
    assert [t for t, _k in standing(council)] == [
        "Medborgarlöfte och uppföljning",
        "Arbete med beslutade åtgärder",
        "Övriga frågor",
    ]
    meeting = services.meeting_schedule(
        body=council,
        kind="extra",
        starts_at=datetime(2025, 5, 6, 9, tzinfo=STOCKHOLM),
        ends_at=datetime(2025, 5, 6, 10, tzinfo=STOCKHOLM),
        by=coordinator,
    )
    assert titles(meeting) == [t for t, _k in standing(council)]


def test_a_member_may_not_open_the_standing_items(client_as, council):
    target = reverse("councils:standing_items", args=[council.agreement_id, council.pk])
    assert client_as("kommunpolis").get(target).status_code == 403


def test_a_standing_item_of_the_other_body_is_not_found(client_as, council, group):
    item = StandingAgendaItem.objects.get(body=group)
    target = reverse(
        "councils:standing_item_edit", args=[council.agreement_id, council.pk, item.pk]
    )
    assert client_as("samordnare").get(target).status_code == 404
