"""Decisions (beslut): recorded on an agenda item with each party's position, given by
someone present for that party. Adopted only by consensus: every party of the agreement
represented at the meeting and none objecting; otherwise recorded as not adopted, with
the reason in Swedish."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from councils.models import Decision
from councils.services import decisions
from samverkan.models import Annex, Event
from tests.factories import InviteeFactory, held_meeting
from tests.helpers import TODAY, person, refusal

from .minutes_helpers import (
    ABSENT,
    ABSTAINS,
    AGREES,
    EXCUSED,
    LOCKED,
    OBJECTS,
    agree_all,
    attend,
    decide,
    invitee,
    lock,
    party,
    substitute_for,
)

pytestmark = pytest.mark.usefixtures("without_the_demos_held_meeting")


@pytest.fixture
def samordnare(user):
    return user("samordnare")


@pytest.fixture
def meeting(council):
    """Laholm's council a week ago, everyone present, one agenda item."""
    return held_meeting(council)


def url(meeting, name="meeting", **kwargs) -> str:
    return reverse(
        f"councils:{name}",
        kwargs={
            "agreement_pk": meeting.agreement_id,
            "body_pk": meeting.body_id,
            "meeting_pk": meeting.pk,
        }
        | kwargs,
    )


def stances(decision) -> dict[str, tuple[str, str]]:
    return {
        p.party.short_name: (p.stance, p.given_by.name)
        for p in decision.positions.select_related("party", "given_by")
    }


# --- consensus -------------------------------------------------------------------------------


def test_a_decision_all_parties_present_agree_to_is_adopted(meeting, samordnare):
    decision = decide(meeting, samordnare, stances={"Kriminalvården": ABSTAINS})

    assert (decision.adopted, decision.reason) == (True, "")
    assert stances(decision) == {
        "Kommunen": (AGREES, "Johan Berg"),
        "Polisen": (AGREES, "Anna Kvist"),
        "Kriminalvården": (ABSTAINS, "Lars Ström"),
    }
    assert decision.decided_at == meeting.starts_at
    assert Event.objects.of_action("councils.decision.recorded").get().sentence == (
        f"Beslut vid {meeting} (Punkt 1): Rådet ställer sig bakom lägesbilden."
    )


def test_a_decision_with_an_unrepresented_party_is_not_adopted(meeting, samordnare):
    attend(meeting, samordnare, frivardschef=EXCUSED)
    decision = decide(meeting, samordnare)

    assert (decision.adopted, decision.reason) == (False, "Kriminalvården var inte företrädd.")
    assert set(stances(decision)) == {"Kommunen", "Polisen"}
    assert Event.objects.of_action("councils.decision.recorded").get().sentence == (
        f"Beslut vid {meeting} (Punkt 1) fattades inte: Kriminalvården var inte företrädd."
    )


def test_a_decision_a_party_objects_to_is_not_adopted(meeting, samordnare):
    decision = decide(meeting, samordnare, stances={"Polisen": OBJECTS})
    assert (decision.adopted, decision.reason) == (False, "Polisen invände.")


def test_every_reason_is_given_in_the_agreements_order_of_parties(meeting, samordnare):
    attend(meeting, samordnare, frivardschef=ABSENT)
    decision = decide(meeting, samordnare, stances={"Kommunen": OBJECTS, "Polisen": OBJECTS})
    assert (
        decision.reason == "Kommunen invände. Polisen invände. Kriminalvården var inte företrädd."
    )


def test_a_decision_every_party_abstains_from_is_not_adopted(meeting, samordnare):
    abstain = {short: ABSTAINS for short in ("Kommunen", "Polisen", "Kriminalvården")}
    decision = decide(meeting, samordnare, stances=abstain)
    assert (decision.adopted, decision.reason) == (False, "Ingen part instämde.")


def test_the_reason_is_kept_in_swedish_whoever_records_it(meeting, samordnare):
    attend(meeting, samordnare, frivardschef=EXCUSED)
    with translation.override("en"):
        decision = decide(meeting, samordnare)
    assert decision.reason == "Kriminalvården var inte företrädd."


def test_a_substitute_present_for_a_member_gives_the_members_party_position(meeting, samordnare):
    substitute_for(meeting, "frivardschef", "frivard")
    attend(meeting, samordnare, frivardschef=EXCUSED, frivard="present")
    decision = decide(meeting, samordnare)
    assert decision.adopted
    assert stances(decision)["Kriminalvården"] == (AGREES, "Nora Ek")


def test_at_the_operative_group_decisions_need_consensus_too(group, samordnare):
    meeting = held_meeting(group)
    attend(meeting, samordnare, frivard=ABSENT)
    decision = decide(meeting, samordnare, text="Gruppen föreslår trygghetsvandringar.")
    assert (decision.adopted, decision.reason) == (False, "Kriminalvården var inte företrädd.")


def test_a_decision_points_at_the_object_it_decides(meeting, samordnare):
    annex = Annex.objects.filter(agreement=meeting.agreement).order_by("number").first()
    decision = decide(meeting, samordnare, subject=annex, subject_hash="ab" * 32)
    decision = Decision.objects.get(pk=decision.pk)
    assert (decision.subject, decision.subject_hash) == (annex, "ab" * 32)


# --- who gives a position -------------------------------------------------------------------


def test_a_position_given_by_someone_absent_is_refused_on_its_field(meeting, samordnare):
    attend(meeting, samordnare, kommunpolis=ABSENT)
    polisen = party(meeting, "Polisen")
    positions = agree_all(meeting) | {polisen: (AGREES, invitee(meeting, "kommunpolis"))}
    error = refusal(decide, meeting, samordnare, positions=positions)
    assert error.message_dict == {
        f"given_by_{polisen.pk}": [
            "Ställningstagandet för Polisen ska lämnas av någon som är närvarande för parten."
        ]
    }
    assert not Decision.objects.exists()


def test_a_position_given_by_someone_of_another_party_is_refused(meeting, samordnare):
    polisen = party(meeting, "Polisen")
    positions = agree_all(meeting) | {polisen: (AGREES, invitee(meeting, "samordnare"))}
    error = refusal(decide, meeting, samordnare, positions=positions)
    assert list(error.message_dict) == [f"given_by_{polisen.pk}"]


def test_a_position_given_by_an_invitee_of_another_meeting_is_refused(meeting, samordnare):
    other = held_meeting(meeting.body, day=TODAY - timedelta(days=30))
    polisen = party(meeting, "Polisen")
    positions = agree_all(meeting) | {polisen: (AGREES, invitee(other, "kommunpolis"))}
    error = refusal(decide, meeting, samordnare, positions=positions)
    assert list(error.message_dict) == [f"given_by_{polisen.pk}"]


def test_a_party_without_anyone_present_gives_no_position(meeting, samordnare):
    attend(meeting, samordnare, frivardschef=EXCUSED)
    kriminalvarden = party(meeting, "Kriminalvården")
    positions = agree_all(meeting) | {kriminalvarden: (OBJECTS, invitee(meeting, "frivardschef"))}
    error = refusal(decide, meeting, samordnare, positions=positions)
    assert list(error.message_dict) == [f"given_by_{kriminalvarden.pk}"]


def test_a_guest_gives_no_partys_position(meeting, samordnare):
    guest = InviteeFactory(
        meeting=meeting, person=None, name="Gun", email="gun@example.se", attendance="present"
    )
    polisen = party(meeting, "Polisen")
    error = refusal(
        decide, meeting, samordnare, positions=agree_all(meeting) | {polisen: (AGREES, guest)}
    )
    assert list(error.message_dict) == [f"given_by_{polisen.pk}"]


def test_every_party_represented_must_give_its_position(meeting, samordnare):
    positions = agree_all(meeting)
    polisen = party(meeting, "Polisen")
    del positions[polisen]
    error = refusal(decide, meeting, samordnare, positions=positions)
    assert error.message_dict == {
        f"stance_{polisen.pk}": ["Ange ställningstagandet för Polisen, som är företrädd vid mötet."]
    }


def test_a_decision_needs_its_text(meeting, samordnare):
    error = refusal(decide, meeting, samordnare, text="  ")
    assert error.message_dict == {"text": ["Detta fält får inte vara tomt."]}


def test_a_decision_is_recorded_once_the_meeting_has_begun(council, samordnare):
    upcoming = held_meeting(council, day=TODAY + timedelta(days=2))
    assert refusal(decide, upcoming, samordnare).messages == [
        "Beslut registreras när mötet har börjat."
    ]


def test_locked_minutes_refuse_new_decisions(meeting, samordnare):
    lock(meeting, samordnare)
    assert refusal(decide, meeting, samordnare).messages == [LOCKED]
    assert not Decision.objects.filter(item__meeting=meeting).exists()


def test_a_decision_recorded_by_mistake_is_removed_before_the_lock(meeting, samordnare):
    decision = decide(meeting, samordnare)
    decisions.decision_remove(decision=decision, by=samordnare)
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert Event.objects.of_action("councils.decision.removed").exists()


def test_a_decision_that_gave_an_assignment_is_not_removed(meeting, samordnare):
    decision = decide(meeting, samordnare)
    decisions.assignment_give(
        decision=decision,
        description="Ta fram underlag.",
        responsible_party=party(meeting, "Polisen"),
        due_on=TODAY + timedelta(days=60),
        by=samordnare,
    )
    assert refusal(decisions.decision_remove, decision=decision, by=samordnare).messages == [
        "Beslutet har gett uppdrag och kan inte tas bort. Avbryt uppdraget i stället."
    ]


# --- the page --------------------------------------------------------------------------------


def form_data(meeting, **stance_by_party) -> dict:
    data = {"text": "Rådet antar åtgärdsplanen."}
    for ap, (stance, given_by) in agree_all(meeting).items():
        data[f"stance_{ap.pk}"] = stance_by_party.get(ap.short_name, stance)
        data[f"given_by_{ap.pk}"] = given_by.pk
    return data


def test_the_convener_records_a_decision_with_the_parties_positions(client_as, meeting):
    item = meeting.items.get()
    client = client_as("samordnare")
    form = client.get(url(meeting, "decision_record", item_pk=item.pk)).content.decode()
    assert "Ställningstagande för Kriminalvården" in form
    assert form.count('type="radio"') == 3 * 3

    response = client.post(
        url(meeting, "decision_record", item_pk=item.pk), form_data(meeting, Polisen=OBJECTS)
    )
    assert response.status_code == 302
    page = client.get(url(meeting)).content.decode()
    assert "Rådet antar åtgärdsplanen." in page
    assert "Skäl: Polisen invände." in page


def test_the_decision_form_names_the_parties_not_represented(client_as, meeting):
    attend(meeting, person("samordnare").user, frivardschef=EXCUSED)
    item = meeting.items.get()
    form = client_as("samordnare").get(url(meeting, "decision_record", item_pk=item.pk))
    html = form.content.decode()
    assert "Inte företrädda vid mötet: Kriminalvården." in html
    assert "Ställningstagande för Kriminalvården" not in html


def test_a_position_by_someone_the_form_did_not_offer_is_refused(client_as, meeting):
    attend(meeting, person("samordnare").user, kommunpolis=ABSENT)
    item = meeting.items.get()
    data = form_data(meeting)
    data[f"given_by_{party(meeting, 'Polisen').pk}"] = invitee(meeting, "kommunpolis").pk
    response = client_as("samordnare").post(url(meeting, "decision_record", item_pk=item.pk), data)
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ." in response.content.decode()
    assert not Decision.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_may_not_record_a_decision(client_as, meeting, method):
    path = url(meeting, "decision_record", item_pk=meeting.items.get().pk)
    assert getattr(client_as("lpo-chef"), method)(path).status_code == 403


def test_an_item_of_another_meeting_is_not_found(client_as, meeting):
    other = held_meeting(meeting.body, day=TODAY - timedelta(days=30))
    path = url(meeting, "decision_record", item_pk=other.items.get().pk)
    assert client_as("samordnare").get(path).status_code == 404


def test_decisions_of_another_agreement_are_not_found(client_as, meeting):
    path = url(meeting, "decision_record", item_pk=meeting.items.get().pk)
    assert client_as("annan-kommun").get(path).status_code == 404


def test_the_convener_removes_a_decision_on_the_page(client_as, meeting, samordnare):
    decision = decide(meeting, samordnare)
    path = url(meeting, "decision_remove", decision_pk=decision.pk)
    assert client_as("kommunpolis").post(path).status_code == 403
    assert client_as("samordnare").post(path).status_code == 302
    assert not Decision.objects.filter(pk=decision.pk).exists()
