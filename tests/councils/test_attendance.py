"""Attendance: the convener records per invitee present, absent or excused; a substitute
present for a member counts for the member's function and party; the meeting page shows
per party whether it is represented."""

from datetime import timedelta

import pytest
from django.urls import reverse

from councils.models import Invitee
from councils.selectors import meeting_attendees, present_for_parties
from councils.services import minutes
from samverkan.models import Event
from tests.factories import InviteeFactory, MeetingFactory, held_meeting
from tests.helpers import TODAY, at_ten, person, refusal
from tests.html_helpers import text_of

from .minutes_helpers import (
    ABSENT,
    EXCUSED,
    LOCKED,
    PRESENT,
    attend,
    decide,
    invitee,
    lock,
    party,
    substitute_for,
)

pytestmark = pytest.mark.usefixtures("without_the_demos_held_meeting")


@pytest.fixture
def meeting(council):
    """Laholm's council a week ago, everyone invited, attendance not yet recorded."""
    return held_meeting(council, attendance=Invitee.Attendance.UNKNOWN)


@pytest.fixture
def samordnare(user):
    return user("samordnare")


def url(meeting, name="attendance") -> str:
    return reverse(f"councils:{name}", args=[meeting.agreement_id, meeting.body_id, meeting.pk])


def test_the_convener_records_who_was_present_absent_or_excused(meeting, samordnare):
    attend(meeting, samordnare, samordnare=PRESENT, kommunpolis=ABSENT, frivardschef=EXCUSED)

    states = dict(meeting.invitees.values_list("person__user__username", "attendance"))
    assert states == {
        "samordnare": "present",
        "sakerhetschef": "unknown",
        "laholmshem": "unknown",
        "lpo-chef": "unknown",
        "kommunpolis": "absent",
        "frivardschef": "excused",
    }
    event = Event.objects.of_action("councils.attendance.recorded").get()
    assert event.sentence == (f"Närvaron vid {meeting} registrerades: 1 av 6 kallade närvarande")
    assert invitee(meeting, "kommunpolis").history.first().history_user == samordnare


def test_recording_the_same_attendance_again_changes_nothing(meeting, samordnare):
    attend(meeting, samordnare, samordnare=PRESENT)
    attend(meeting, samordnare, samordnare=PRESENT)
    assert Event.objects.of_action("councils.attendance.recorded").count() == 1


def test_a_substitute_present_for_a_member_counts_for_the_members_function_and_party(
    meeting, samordnare
):
    member = invitee(meeting, "frivardschef")
    substitute = substitute_for(meeting, "frivardschef", "frivard")
    attend(meeting, samordnare, frivardschef=EXCUSED, frivard=PRESENT)

    row = meeting_attendees(meeting).get(pk=substitute.pk)
    assert (row.for_party_id, row.for_function_id) == (member.party_id, member.function_id)
    assert substitute.party_id is None  # counted through the member, not on its own
    assert [i.name for i in present_for_parties(meeting)[party(meeting, "Kriminalvården").pk]] == [
        "Nora Ek"
    ]


def test_a_guest_present_represents_no_party(meeting, samordnare):
    guest = InviteeFactory(
        meeting=meeting, person=None, name="Gun Gäst", email="gun@example.se", role="guest"
    )
    minutes.attendance_record(meeting=meeting, attendance={guest.pk: PRESENT}, by=samordnare)
    assert present_for_parties(meeting) == {}


def test_the_meeting_page_shows_per_party_whether_it_is_represented(client_as, meeting, samordnare):
    substitute_for(meeting, "frivardschef", "frivard")
    attend(
        meeting,
        samordnare,
        samordnare=PRESENT,
        sakerhetschef=PRESENT,
        kommunpolis=ABSENT,
        **{"lpo-chef": EXCUSED},
        frivardschef=EXCUSED,
        frivard=PRESENT,
    )
    html = client_as("sakerhetschef").get(url(meeting, "meeting")).content.decode()

    parties = text_of(html.split('class="representation"')[1].split("</ul>")[0])
    assert parties == (
        "> Kommunen: företrädd av Johan Berg, Sara Lind "
        "Polisen: inte företrädd "
        "Kriminalvården: företrädd av Nora Ek"
    )
    assert "Nora Ek (Kriminalvården, ersätter Lars Ström)" in html
    assert "Anmält förhinder" in html


def test_before_the_meeting_has_begun_attendance_is_refused(council, samordnare):
    upcoming = held_meeting(council, day=TODAY + timedelta(days=1))
    error = refusal(
        minutes.attendance_record,
        meeting=upcoming,
        attendance={invitee(upcoming, "samordnare").pk: PRESENT},
        by=samordnare,
    )
    assert error.messages == ["Närvaron registreras när mötet har börjat."]


def test_an_invitee_of_another_meeting_is_refused_on_its_field(meeting, council, samordnare):
    other = held_meeting(council, day=TODAY - timedelta(days=14))
    stranger = invitee(other, "samordnare")
    error = refusal(
        minutes.attendance_record,
        meeting=meeting,
        attendance={stranger.pk: PRESENT},
        by=samordnare,
    )
    assert error.message_dict == {f"attendance_{stranger.pk}": ["Den kallade hör inte till mötet."]}
    assert other.invitees.get(pk=stranger.pk).attendance == PRESENT  # as the factory made it


def test_an_attendance_that_is_not_a_choice_is_refused(meeting, samordnare):
    pk = invitee(meeting, "samordnare").pk
    error = refusal(
        minutes.attendance_record, meeting=meeting, attendance={pk: "asleep"}, by=samordnare
    )
    assert error.message_dict == {
        f"attendance_{pk}": ["Välj närvarande, frånvarande eller anmält förhinder."]
    }


def test_whoever_gave_a_partys_position_stays_present(council, samordnare):
    meeting = held_meeting(council)
    decision = decide(meeting, samordnare)
    pk = decision.positions.get(party__short_name="Kommunen").given_by_id
    assert pk == invitee(meeting, "sakerhetschef").pk
    error = refusal(
        minutes.attendance_record, meeting=meeting, attendance={pk: ABSENT}, by=samordnare
    )
    assert error.message_dict == {
        f"attendance_{pk}": [
            "Johan Berg har lämnat en parts ställningstagande i ett beslut och måste vara "
            "närvarande."
        ]
    }


def test_the_chair_and_the_adjuster_stay_present(council, samordnare):
    meeting = held_meeting(council)
    minutes.minutes_signatories_set(
        meeting=meeting, chair=person("samordnare"), adjuster=person("kommunpolis"), by=samordnare
    )
    pk = invitee(meeting, "kommunpolis").pk
    error = refusal(
        minutes.attendance_record, meeting=meeting, attendance={pk: EXCUSED}, by=samordnare
    )
    assert error.message_dict == {
        f"attendance_{pk}": ["Erik Sand är ordförande eller justerare och måste vara närvarande."]
    }


def test_locked_minutes_refuse_attendance(council, samordnare):
    meeting = held_meeting(council)
    lock(meeting, samordnare)
    pk = invitee(meeting, "laholmshem").pk
    error = refusal(
        minutes.attendance_record, meeting=meeting, attendance={pk: ABSENT}, by=samordnare
    )
    assert error.messages == [LOCKED]
    assert invitee(meeting, "laholmshem").attendance == PRESENT


def test_a_cancelled_meeting_has_no_attendance(meeting, samordnare):
    meeting.status = "cancelled"
    meeting.save()
    error = refusal(attend, meeting, samordnare, samordnare=PRESENT)
    assert error.messages == ["Mötet är inställt."]


# --- the page ----------------------------------------------------------------------------


def test_the_convener_records_attendance_for_all_invitees_in_one_form(client_as, meeting):
    client = client_as("samordnare")
    form = client.get(url(meeting)).content.decode()
    assert form.count('type="radio"') == 3 * 6
    assert "Lars Ström (Kriminalvården)" in form

    data = {f"attendance_{i.pk}": PRESENT for i in meeting.invitees.all()}
    data[f"attendance_{invitee(meeting, 'frivardschef').pk}"] = EXCUSED
    response = client.post(url(meeting), data)

    assert response.status_code == 302
    assert response["Location"] == url(meeting, "meeting")
    assert (
        sorted(meeting.invitees.values_list("attendance", flat=True))
        == ["excused"] + ["present"] * 5
    )


def test_the_form_keeps_unanswered_invitees_as_they_were(client_as, meeting):
    response = client_as("samordnare").post(
        url(meeting), {f"attendance_{invitee(meeting, 'samordnare').pk}": PRESENT}
    )
    assert response.status_code == 302
    assert invitee(meeting, "kommunpolis").attendance == "unknown"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_may_not_record_attendance(client_as, meeting, method):
    response = getattr(client_as("kommunpolis"), method)(url(meeting))
    assert response.status_code == 403


def test_the_attendance_page_of_another_agreement_is_not_found(client_as, meeting):
    assert client_as("annan-kommun").get(url(meeting)).status_code == 404


def test_a_meeting_of_the_other_body_is_not_found_under_this_one(client_as, meeting, group):
    path = reverse("councils:attendance", args=[meeting.agreement_id, group.pk, meeting.pk])
    assert client_as("samordnare").get(path).status_code == 404


def test_once_the_minutes_are_locked_the_attendance_page_sends_back_with_the_reason(
    client_as, council, samordnare
):
    meeting = held_meeting(council)
    lock(meeting, samordnare)
    response = client_as("samordnare").get(url(meeting), follow=True)
    assert response.redirect_chain[-1][0] == url(meeting, "meeting")
    assert LOCKED in response.content.decode()


def test_a_future_meeting_offers_no_attendance_form(client_as, council):
    upcoming = MeetingFactory(body=council, starts_at=at_ten(TODAY + timedelta(days=3)))
    InviteeFactory(meeting=upcoming, person=person("kommunpolis"))
    html = client_as("samordnare").get(url(upcoming, "meeting")).content.decode()
    assert url(upcoming) not in html
    assert "Närvaron registreras när mötet har börjat." in html
