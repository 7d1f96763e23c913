"""Invitees and invitations (kallelse): who the roster calls, the guests, presenters and
"vid behov" functions the convener adds, apologies that call the substitute, and one
e-mail with an iCalendar file to each invitee, delivered through the outbox."""

from datetime import datetime
from smtplib import SMTPException
from unittest import mock

import icalendar
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Function, Invitee, Meeting, Seat
from councils.services import invitations, meetings
from councils.views.invitations import meeting_page_context
from samverkan.access import Rights
from samverkan.mail import message_queue
from samverkan.models import Event, OutboundMessage
from tests.factories import (
    SeatFactory,
)
from tests.helpers import INVALID_CHOICE, STOCKHOLM, person, refusal

LOCMEM = "django.core.mail.backends.locmem.EmailBackend.send_messages"
COUNCIL_MEMBERS = {
    "sakerhetschef",
    "samordnare",
    "laholmshem",
    "lpo-chef",
    "kommunpolis",
    "frivardschef",
}
DUPLICATE = "Personen är redan kallad till mötet."


def at(day: str, hour: int) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=STOCKHOLM)


def usernames(meeting) -> set[str]:
    return set(
        meeting.invitees.filter(person__isnull=False).values_list(
            "person__user__username", flat=True
        )
    )


@pytest.fixture
def plan(council, user, django_capture_on_commit_callbacks):
    """Plan a council meeting as the coordinator (a draft): plan(day, extended=False)."""

    def make(day: str = "2025-04-10", **fields) -> Meeting:
        with django_capture_on_commit_callbacks(execute=True):
            return meetings.meeting_schedule(
                body=council,
                kind=Meeting.Kind.ORDINARY,
                starts_at=at(day, 13),
                ends_at=at(day, 15),
                place="Kommunhuset, Laholm",
                by=user("samordnare"),
                **fields,
            )

    return make


@pytest.fixture
def convene(user, django_capture_on_commit_callbacks):
    """Convene a planned meeting, running what waits for the commit (the invitations)."""

    def run(meeting: Meeting) -> Meeting:
        with django_capture_on_commit_callbacks(execute=True):
            meetings.meeting_confirm(meeting=meeting, by=user("samordnare"))
        meeting.refresh_from_db()
        return meeting

    return run


@pytest.fixture
def convened(plan, convene, user):
    """A council meeting on 2025-04-10 13:00–15:00 with an item on the police's situation
    picture, convened: its invitations are sent."""
    meeting = plan()
    meetings.agenda_item_add(
        meeting=meeting,
        title="Lägesbild från Polisen",
        presenter=person("kommunpolis"),
        by=user("samordnare"),
    )
    return convene(meeting)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a call and what it leaves for after the commit (the e-mail): committed(f, **kw)."""

    def run(call, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(**kwargs)

    return run


def the_calendar(message) -> icalendar.Calendar:
    [(name, content, mimetype)] = message.attachments
    assert name == "kallelse.ics"
    return icalendar.Calendar.from_ical(content)


# --- who the roster calls ------------------------------------------------------------------


def test_convening_invites_the_holders_of_the_ordinary_functions_on_the_meeting_day(convened):
    assert usernames(convened) == COUNCIL_MEMBERS
    assert set(convened.invitees.values_list("role", flat=True)) == {Invitee.Role.MEMBER}


def test_each_invitee_from_the_roster_records_their_function_and_party(convened):
    police = convened.invitees.get(person__user__username="kommunpolis")
    officer = person("kommunpolis")
    assert police.function.title == "Kommunpolis"
    assert police.party.short_name == "Polisen"
    assert (police.name, police.organisation) == ("Erik Sand", officer.party.name)
    assert police.email == officer.user.email


def test_a_vid_behov_function_is_not_invited_from_the_roster(council, staff, convened):
    as_needed = council.functions.get(title="Lokal representant för polisen")
    assert as_needed.attendance == Function.Attendance.AS_NEEDED
    assert not convened.invitees.filter(function=as_needed).exists()


def test_a_seat_that_ends_before_the_meeting_is_not_invited(council, plan, convene, laholm):
    seat = Seat.objects.get(function__body=council, person__user__username="laholmshem")
    seat.valid_to = datetime(2025, 4, 1).date()
    seat.save()
    meeting = convene(plan("2025-04-10"))
    assert "laholmshem" not in usernames(meeting)


def test_the_management_group_is_invited_only_to_extended_meetings(council, staff, plan, convene):
    group = council.functions.get(is_management_group=True)
    chief = staff("Kommunen", "Kommun", "Direktör")
    SeatFactory(function=group, person=chief)
    ordinary = convene(plan("2025-04-10"))
    extended = convene(plan("2025-05-14", extended=True))
    assert not ordinary.invitees.filter(person=chief).exists()
    row = extended.invitees.get(person=chief)
    assert row.role == Invitee.Role.MANAGEMENT_GROUP
    assert row.function == group
    assert row.party.short_name == "Kommunen"


def test_reading_the_roster_again_adds_nobody_twice(convened, user):
    before = convened.invitees.count()
    assert invitations.invitees_from_roster(meeting=convened, by=user("samordnare")) == []
    assert convened.invitees.count() == before


def test_a_draft_invites_nobody_and_sends_nothing(plan, mailoutbox):
    meeting = plan()
    assert meeting.invitees.count() == 0
    assert mailoutbox == []


# --- the invitations -----------------------------------------------------------------------


def test_the_outbox_holds_one_message_per_invitee_with_the_calendar_attached(convened, mailoutbox):
    emails = set(convened.invitees.values_list("email", flat=True))
    assert len(mailoutbox) == len(emails) == 6
    assert {message.to[0] for message in mailoutbox} == emails
    for message in mailoutbox:
        assert message.subject.startswith("Kallelse: Strategiskt råd – ordinarie möte")
        assert "2025-04-10 13:00" in message.subject
        [(name, content, mimetype)] = message.attachments
        assert (name, mimetype) == ("kallelse.ics", "text/calendar; method=REQUEST")
        part = next(message.message().iter_attachments())
        assert part.get_content_type() == "text/calendar"
        assert part.get_param("method") == "REQUEST"
        cal = the_calendar(message)
        assert cal.get("method") == "REQUEST"
        assert len(cal.events[0].get("attendee")) == 6


def test_the_invitation_carries_the_agenda_time_place_and_the_invitees_role(convened, mailoutbox):
    [message] = [m for m in mailoutbox if m.to == [person("kommunpolis").user.email]]
    assert "Hej Erik Sand," in message.body
    assert "Du kallas till Strategiskt råd – ordinarie möte." in message.body
    assert "Tid: torsdag 10 april 2025 13:00–15:00" in message.body
    assert "Plats: Kommunhuset, Laholm" in message.body
    assert "Du är kallad som ledamot. Funktion: Kommunpolis (Polisen)." in message.body
    line = ". Lägesbild från Polisen (föredragande: Erik Sand)"
    assert line in message.body
    assert "Dagordning" in message.body
    description = str(the_calendar(message).events[0].get("description"))
    assert line in description


def test_every_message_is_recorded_as_sent(convened):
    messages = OutboundMessage.objects.about(convened)
    assert messages.count() == 6
    assert set(messages.values_list("state", "attempts", "kind")) == {
        ("sent", 1, "councils.invitation")
    }
    assert Event.objects.of_action("councils.invitations.sent").about(convened).count() == 1


def test_moving_the_meeting_sends_an_update_with_the_same_uid_and_a_higher_sequence(
    convened, committed, user, mailoutbox
):
    first = the_calendar(mailoutbox[0]).events[0]
    mailoutbox.clear()
    committed(
        meetings.meeting_update,
        meeting=convened,
        by=user("samordnare"),
        starts_at=at("2025-04-11", 9),
        ends_at=at("2025-04-11", 11),
    )
    assert len(mailoutbox) == 6
    update = the_calendar(mailoutbox[0])
    event = update.events[0]
    assert update.get("method") == "REQUEST"
    assert str(event.get("uid")) == str(first.get("uid")) == str(convened.uid)
    assert event.get("sequence") == first.get("sequence") + 1
    assert event.start == at("2025-04-11", 9)
    assert mailoutbox[0].subject.startswith("Ändrad kallelse: ")
    assert "Mötet har ändrats." in mailoutbox[0].body


def test_cancelling_sends_method_cancel_to_everyone_invited(convened, committed, user, mailoutbox):
    mailoutbox.clear()
    committed(
        meetings.meeting_cancel,
        meeting=convened,
        reason="Krock med budgetmötet",
        by=user("samordnare"),
    )
    assert len(mailoutbox) == 6
    cal = the_calendar(mailoutbox[0])
    assert cal.get("method") == "CANCEL"
    assert str(cal.events[0].get("status")) == "CANCELLED"
    assert mailoutbox[0].attachments[0][2] == "text/calendar; method=CANCEL"
    assert mailoutbox[0].subject.startswith("Inställt: ")
    assert "Anledning: Krock med budgetmötet" in mailoutbox[0].body


def test_cancelling_a_draft_sends_nothing(plan, committed, user, mailoutbox):
    meeting = plan()
    committed(meetings.meeting_cancel, meeting=meeting, reason="Behövs inte", by=user("samordnare"))
    assert mailoutbox == []


def test_a_seat_ended_before_the_new_date_gets_a_cancellation_when_the_meeting_moves(
    convened, committed, user, mailoutbox
):
    seat = Seat.objects.get(function__body=convened.body, person__user__username="laholmshem")
    seat.valid_to = datetime(2025, 4, 30).date()
    seat.save()
    mailoutbox.clear()
    committed(
        meetings.meeting_update,
        meeting=convened,
        by=user("samordnare"),
        starts_at=at("2025-05-14", 13),
        ends_at=at("2025-05-14", 15),
    )
    laholmshem = person("laholmshem").user.email
    assert laholmshem not in convened.invitees.values_list("email", flat=True)
    [cancel] = [m for m in mailoutbox if m.to == [laholmshem]]
    assert the_calendar(cancel).get("method") == "CANCEL"
    assert len(mailoutbox) == 6


# --- the convener's choices ----------------------------------------------------------------


def test_a_guest_added_later_gets_their_own_invitation(convened, committed, user, mailoutbox):
    mailoutbox.clear()
    guest = committed(
        invitations.invitee_add_guest,
        meeting=convened,
        name="Lina Räddare",
        organisation="Räddningstjänsten Halland",
        email="Lina.Raddare@example.se",
        by=user("samordnare"),
    )
    assert (guest.role, guest.person, guest.email) == ("guest", None, "lina.raddare@example.se")
    [message] = mailoutbox
    assert message.to == ["lina.raddare@example.se"]
    assert message.subject.startswith("Kallelse: ")
    assert "Du är kallad som adjungerad." in message.body
    event = the_calendar(message).events[0]
    assert event.get("sequence") == convened.sequence
    assert len(event.get("attendee")) == 7


def test_a_person_invited_twice_is_refused(convened, user):
    error = refusal(
        invitations.invitee_add_guest,
        meeting=convened,
        name="Erik Sand igen",
        email=" KOMMUNPOLIS@example.se ",
        by=user("samordnare"),
    )
    assert error.message_dict == {"email": [DUPLICATE]}


def test_a_presenter_already_invited_is_refused_on_the_person(convened, user):
    error = refusal(
        invitations.invitee_add_presenter,
        meeting=convened,
        person=person("kommunpolis"),
        by=user("samordnare"),
    )
    assert error.message_dict == {"person": [DUPLICATE]}


def test_a_presenter_from_the_operative_group_is_invited_for_their_party(
    convened, committed, user, mailoutbox
):
    mailoutbox.clear()
    row = committed(
        invitations.invitee_add_presenter,
        meeting=convened,
        person=person("forvaltning"),
        by=user("samordnare"),
    )
    assert (row.role, row.party.short_name, row.function) == ("presenter", "Kommunen", None)
    assert [m.to for m in mailoutbox] == [[row.email]]


def test_a_presenter_from_another_agreement_is_refused(convened, user, other_agreement):
    outsider = other_agreement.people.first()
    error = refusal(
        invitations.invitee_add_presenter, meeting=convened, person=outsider, by=user("samordnare")
    )
    assert error.message_dict == {
        "person": [
            "Föredraganden måste finnas i överenskommelsens personlista och arbeta hos någon "
            "av parterna."
        ]
    }
    assert not convened.invitees.filter(person=outsider).exists()


def test_the_holders_of_a_vid_behov_function_are_invited_when_chosen(
    council, convened, committed, staff, user
):
    as_needed = council.functions.get(title="Lokal representant för polisen")
    officer = staff("Polisen", "Ida", "Polis")
    SeatFactory(function=as_needed, person=officer)
    [row] = committed(
        invitations.invitees_add_function,
        meeting=convened,
        function=as_needed,
        by=user("samordnare"),
    )
    assert (row.person, row.role, row.function, row.party.short_name) == (
        officer,
        "as_needed",
        as_needed,
        "Polisen",
    )


def test_a_vid_behov_function_nobody_holds_is_refused(council, convened, user):
    as_needed = council.functions.get(title="Lokal representant för polisen")
    error = refusal(
        invitations.invitees_add_function,
        meeting=convened,
        function=as_needed,
        by=user("samordnare"),
    )
    assert error.message_dict == {
        "function": ["Ingen innehar funktionen Lokal representant för polisen den 2025-04-10."]
    }


def test_an_ordinary_function_is_not_called_as_vid_behov(council, convened, user):
    function = council.functions.get(title="Kommunpolis")
    error = refusal(
        invitations.invitees_add_function,
        meeting=convened,
        function=function,
        by=user("samordnare"),
    )
    assert error.message_dict == {
        "function": ["Välj en funktion i Strategiskt råd som deltar vid behov."]
    }


def test_nobody_is_called_to_a_cancelled_meeting(convened, committed, user):
    committed(meetings.meeting_cancel, meeting=convened, reason="Inställt", by=user("samordnare"))
    error = refusal(
        invitations.invitee_add_guest,
        meeting=convened,
        name="Sen gäst",
        email="sen@example.se",
        by=user("samordnare"),
    )
    assert error.messages == ["Mötet är inställt."]


# --- apologies -----------------------------------------------------------------------------


def test_a_members_apologies_invite_their_substitute_for_the_same_function_and_party(
    convened, committed, user, mailoutbox
):
    member = convened.invitees.get(person__user__username="frivardschef")
    mailoutbox.clear()
    substitute = committed(invitations.invitee_excuse, invitee=member, by=user("frivardschef"))
    member.refresh_from_db()
    assert member.attendance == Invitee.Attendance.EXCUSED
    assert substitute.person == person("frivard")
    assert (substitute.role, substitute.replaces, substitute.function, substitute.party) == (
        "substitute",
        member,
        member.function,
        member.party,
    )
    [message] = mailoutbox
    assert message.to == [substitute.email]
    assert "Du är kallad som ersättare för Lars Ström, som har anmält förhinder." in message.body
    event = Event.objects.of_action("councils.invitee.excused").about(convened).get()
    assert event.sentence == (
        "Lars Ström anmälde förhinder till mötet i Strategiskt råd 2025-04-10 13:00; "
        "ersättaren Nora Ek kallades"
    )


def test_apologies_without_a_substitute_only_excuse_the_member(convened, committed, user):
    member = convened.invitees.get(person__user__username="sakerhetschef")
    assert committed(invitations.invitee_excuse, invitee=member, by=user("sakerhetschef")) is None
    member.refresh_from_db()
    assert member.attendance == Invitee.Attendance.EXCUSED
    assert convened.invitees.count() == 6


def test_apologies_twice_are_refused(convened, committed, user):
    member = convened.invitees.get(person__user__username="sakerhetschef")
    committed(invitations.invitee_excuse, invitee=member, by=user("sakerhetschef"))
    error = refusal(invitations.invitee_excuse, invitee=member, by=user("sakerhetschef"))
    assert error.messages == ["Johan Berg har redan anmält förhinder."]


def test_apologies_after_the_meeting_has_begun_are_refused(convened, user):
    member = convened.invitees.get(person__user__username="sakerhetschef")
    error = refusal(
        invitations.invitee_excuse,
        invitee=member,
        by=user("sakerhetschef"),
        now=at("2025-04-10", 14),
    )
    assert error.messages == ["Mötet har redan börjat."]


# --- delivery that fails -------------------------------------------------------------------


def test_an_smtp_failure_leaves_the_meeting_convened_and_the_messages_failed_for_retry(
    plan, convene, mailoutbox
):
    meeting = plan()
    with mock.patch(LOCMEM, side_effect=SMTPException("421 Tjänsten är inte tillgänglig")):
        meeting = convene(meeting)
    assert meeting.status == Meeting.Status.SCHEDULED
    assert meeting.invitees.count() == 6
    messages = OutboundMessage.objects.about(meeting)
    assert messages.count() == 6
    assert set(messages.values_list("state", "attempts")) == {("failed", 1)}
    assert messages.first().last_error == "SMTPException: 421 Tjänsten är inte tillgänglig"
    assert mailoutbox == []


def test_the_conveners_retry_sends_the_failed_messages(
    plan, convene, client_as, laholm, django_capture_on_commit_callbacks, mailoutbox
):
    meeting = plan()
    with mock.patch(LOCMEM, side_effect=SMTPException("421")):
        meeting = convene(meeting)
    page = reverse("councils:meeting", args=[laholm.pk, meeting.body_id, meeting.pk])
    client = client_as("samordnare")
    html = client.get(page).content.decode()
    assert "6 meddelanden är ännu inte levererade." in html
    assert "Misslyckades" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("councils:invitations_retry", args=[laholm.pk, meeting.body_id, meeting.pk])
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 6
    assert set(OutboundMessage.objects.about(meeting).values_list("state", "attempts")) == {
        ("sent", 2)
    }
    html = client.get(page).content.decode()
    assert "inte levererade" not in html
    assert html.count("Skickat") >= 6


def test_sendqueued_retries_failed_messages_below_the_attempt_limit(
    plan, convene, mailoutbox, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    meeting = plan()
    with mock.patch(LOCMEM, side_effect=SMTPException("421")):
        meeting = convene(meeting)
    exhausted = OutboundMessage.objects.about(meeting).first()
    OutboundMessage.objects.filter(pk=exhausted.pk).update(attempts=2)
    call_command("sendqueued", stdout=mock.MagicMock())
    messages = OutboundMessage.objects.about(meeting)
    assert messages.filter(state="sent").count() == 5
    assert messages.get(state="failed") == exhausted
    assert exhausted.to not in {m.to[0] for m in mailoutbox}


# --- the pages -----------------------------------------------------------------------------


def meeting_page(laholm, meeting) -> str:
    return reverse("councils:meeting", args=[laholm.pk, meeting.body_id, meeting.pk])


def urls(laholm, meeting, name, *extra) -> str:
    return reverse(f"councils:{name}", args=[laholm.pk, meeting.body_id, meeting.pk, *extra])


def test_the_meeting_page_lists_the_invitees_with_role_function_party_and_delivery(
    client_as, laholm, convened
):
    html = client_as("kommunpolis").get(meeting_page(laholm, convened)).content.decode()
    assert "Kallade" in html
    assert "Erik Sand" in html and "Kommunpolis" in html and "Polisen" in html
    assert html.count("Skickat") == 6
    assert "Ledamot" in html
    # A member sees the call for their own apologies, not the convener's actions.
    assert "Anmäl förhinder" in html
    assert "Adjungera en gäst" not in html


def test_the_convener_adds_a_guest_in_the_browser(
    client_as, laholm, convened, django_capture_on_commit_callbacks, mailoutbox
):
    mailoutbox.clear()
    client = client_as("samordnare")
    assert client.get(urls(laholm, convened, "guest_add")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            urls(laholm, convened, "guest_add"),
            {
                "name": "Lina Räddare",
                "organisation": "Räddningstjänsten",
                "email": "lina@example.se",
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["lina@example.se"]]


def test_a_guest_invited_twice_is_refused_on_the_form_with_what_was_typed(
    client_as, laholm, convened
):
    response = client_as("samordnare").post(
        urls(laholm, convened, "guest_add"),
        {"name": "Dubbel", "organisation": "", "email": "kommunpolis@example.se"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert DUPLICATE in html
    assert 'value="Dubbel"' in html


def test_a_presenter_of_another_agreement_is_not_offered_on_the_form(
    client_as, laholm, convened, other_agreement
):
    outsider = other_agreement.people.first()
    response = client_as("samordnare").post(
        urls(laholm, convened, "presenter_add"), {"person": outsider.pk}
    )
    assert response.status_code == 200
    assert INVALID_CHOICE in response.content.decode()
    assert not convened.invitees.filter(person=outsider).exists()


def test_a_member_may_not_call_guests(client_as, laholm, convened):
    client = client_as("kommunpolis")
    assert client.get(urls(laholm, convened, "guest_add")).status_code == 403
    assert client.post(urls(laholm, convened, "invitations_retry")).status_code == 403


def test_a_member_sends_their_own_apologies_but_nobody_elses(
    client_as, laholm, convened, django_capture_on_commit_callbacks
):
    own = convened.invitees.get(person__user__username="frivardschef")
    other = convened.invitees.get(person__user__username="sakerhetschef")
    client = client_as("frivardschef")
    assert client.post(urls(laholm, convened, "invitee_excuse", other.pk)).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(urls(laholm, convened, "invitee_excuse", own.pk))
    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.attendance, other.attendance) == ("excused", "unknown")
    assert convened.invitees.filter(replaces=own, person__user__username="frivard").exists()


def test_the_convener_sends_apologies_for_a_member(client_as, laholm, convened):
    member = convened.invitees.get(person__user__username="laholmshem")
    response = client_as("samordnare").post(urls(laholm, convened, "invitee_excuse", member.pk))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.attendance == "excused"


def test_another_agreements_coordinator_finds_no_meeting(client_as, laholm, convened):
    member = convened.invitees.first()
    client = client_as("annan-kommun")
    assert client.get(urls(laholm, convened, "guest_add")).status_code == 404
    assert client.post(urls(laholm, convened, "invitee_excuse", member.pk)).status_code == 404


def test_an_invitee_of_another_meeting_is_not_found(client_as, laholm, convened, plan, convene):
    other = convene(plan("2025-05-14"))
    stranger = other.invitees.first()
    response = client_as("samordnare").post(urls(laholm, convened, "invitee_excuse", stranger.pk))
    assert response.status_code == 404


# --- constant queries ----------------------------------------------------------------------


@pytest.mark.parametrize("more", [5, 50])
def test_the_meeting_page_section_runs_the_same_queries_however_many_invitees(
    rf, user, laholm, convened, more
):
    convened.agreement, convened.body = laholm, convened.body  # as the meeting page loads them

    def measure():
        request = rf.get("/")
        request.user = user("samordnare")
        request.rights = Rights(request.user, laholm)
        request.rights.has("councils.convene_body", convened.body)  # loaded with the page
        with CaptureQueriesContext(connection) as captured:
            context = meeting_page_context(request, convened)
        return len(captured.captured_queries), context

    before, _ = measure()
    party = laholm.parties.first()
    for n in range(more):
        Invitee.objects.create(
            meeting=convened,
            name=f"Gäst {n}",
            email=f"gast{n}@example.se",
            role=Invitee.Role.GUEST,
            party=party,
        )
        message_queue(
            to=f"gast{n}@example.se",
            subject="Kallelse",
            body="Du kallas.",
            kind="councils.invitation",
            about=convened,
        )
    after, context = measure()
    assert after == before
    assert len(context["invitation_rows"]) == 6 + more


@pytest.mark.parametrize("username", ["samordnare", "frivardschef"])
def test_the_meeting_page_runs_the_same_queries_with_5_and_50_invitees(
    client_as, laholm, convened, username
):
    client = client_as(username)
    url = meeting_page(laholm, convened)
    client.get(url)  # warm per-process caches (content types)
    counts = []
    party = laholm.parties.first()
    for more in (5, 45):
        start = convened.invitees.count()
        for n in range(start, start + more):
            Invitee.objects.create(
                meeting=convened,
                name=f"Gäst {n}",
                email=f"gast{n}@example.se",
                role=Invitee.Role.GUEST,
                party=party,
            )
            message_queue(
                to=f"gast{n}@example.se",
                subject="Kallelse",
                body="Du kallas.",
                kind="councils.invitation",
                about=convened,
            )
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        counts.append(len(captured.captured_queries))
        assert html.count("<tr>") >= convened.invitees.count()
    assert counts[0] == counts[1]
