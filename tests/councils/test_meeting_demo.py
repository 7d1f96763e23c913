"""The demo's meetings: a council meeting of 2025 that was held, its minutes approved, with
an adopted decision giving the operative group an assignment; and 2026's ordinary
meetings of both Laholm bodies, planned from their cadence and convened with their
invitations, all through the meeting services; a reload adds none."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils.models import (
    AgendaItem,
    Assignment,
    Decision,
    Invitee,
    Meeting,
    Position,
)
from councils.selectors import present_for_parties
from councils.services import invitations
from samverkan.models import Event, OutboundMessage

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def held(council) -> Meeting:
    return council.meetings.get(starts_at__year=2025)


def test_the_demo_convenes_the_year_2026_of_both_bodies(council, group):
    for body, count, extended in ((council, 4, 2), (group, 6, 0)):
        meetings = list(body.meetings.in_year(2026))
        assert len(meetings) == count
        assert {(m.date.year, m.kind, m.status) for m in meetings} == {
            (2026, "ordinary", "scheduled")
        }
        assert sum(m.extended for m in meetings) == extended
        assert {m.place for m in meetings} == {"Humlegången 6, Laholm"}
        # Each starts with the standing items; the council's next meeting also has the
        # demo's update of annex 3 to decide (actionplan/demo_annexes.py).
        standing = [s.title for s in body.standing_items.all()]
        assert [i.title for i in meetings[0].items.all()][: len(standing)] == standing
        assert [i.title for i in meetings[1].items.all()] == standing


def test_the_renewal_has_no_demo_meetings(laholm_renewal):
    assert not Meeting.objects.filter(agreement=laholm_renewal).exists()


# --- the held council meeting -----------------------------------------------------------


def test_the_council_held_a_convened_meeting_on_13_february_2025(council):
    meeting = held(council)
    assert (meeting.starts_at, meeting.ends_at) == (
        datetime(2025, 2, 13, 13, 0, tzinfo=STOCKHOLM),
        datetime(2025, 2, 13, 15, 0, tzinfo=STOCKHOLM),
    )
    assert (meeting.kind, meeting.status, meeting.extended) == ("ordinary", "scheduled", False)
    assert meeting.has_ended()
    assert list(council.meetings.in_year(2025)) == [meeting]


def test_the_held_meeting_has_attendance_with_a_substitute_for_the_excused_member(council):
    meeting = held(council)
    attendance = {
        (i.person.user.username, i.role, i.attendance, i.replaces and i.replaces.name)
        for i in meeting.invitees.select_related("person__user", "replaces")
    }
    assert attendance == {
        ("samordnare", "member", "present", None),
        ("sakerhetschef", "member", "present", None),
        ("laholmshem", "member", "present", None),
        ("kommunpolis", "member", "present", None),
        ("lpo-chef", "member", "absent", None),
        ("frivardschef", "member", "excused", None),
        ("frivard", "substitute", "present", "Lars Ström"),
    }
    # Every party of the agreement is represented (Kriminalvården by the substitute).
    represented = set(present_for_parties(meeting))
    assert represented == set(council.agreement.parties.values_list("pk", flat=True))
    # The roster invited them all: one invitation each, delivered.
    messages = OutboundMessage.objects.about(meeting)
    assert {m.to for m in messages} == set(meeting.invitees.values_list("email", flat=True))
    assert set(messages.values_list("state", flat=True)) == {"sent"}


def test_the_held_meetings_minutes_have_notes_and_are_approved_and_locked(council):
    meeting = held(council)
    assert (meeting.chair.user.username, meeting.adjuster.user.username) == (
        "sakerhetschef",
        "kommunpolis",
    )
    assert meeting.chair_approved_at == datetime(2025, 2, 17, 9, 30, tzinfo=STOCKHOLM)
    assert meeting.adjuster_approved_at == datetime(2025, 2, 18, 14, 0, tzinfo=STOCKHOLM)
    assert meeting.minutes_locked
    items = list(meeting.items.all())
    assert [i.title for i in items] == [
        "Aktuell lägesbild",
        "Arbete med beslutade åtgärder",
        "Medborgarlöfte och uppföljning",
        "Otrygghet kring resecentrum",
        # The annexes adopted there (actionplan/demo_annexes.py, tests/annexes/).
        "Beslut om Bilaga 1, version 1: Lokal lägesbild Laholm 2024",
        "Beslut om Bilaga 2, version 1: Medborgarlöfte 2024",
        "Beslut om Bilaga 3, version 1: Åtgärdsplan 2024–2026",
    ]
    assert all(i.minutes for i in items)
    assert items[0].presenter.user.username == "kommunpolis"
    actions = set(
        Event.objects.filter(
            object_id=meeting.pk, action__startswith="councils.minutes."
        ).values_list("action", flat=True)
    )
    assert {"councils.minutes.approved", "councils.minutes.locked"} <= actions


def test_the_held_meeting_adopted_a_decision_by_consensus_that_gives_an_assignment(council, group):
    meeting = held(council)
    # Besides the annexes it adopted (tests/annexes/test_annex_demo.py).
    [decision] = Decision.objects.filter(item__meeting=meeting, subject_id=None)
    assert decision.item.title == "Otrygghet kring resecentrum"
    assert (decision.adopted, decision.reason) == (True, "")
    positions = [
        (p.party.short_name, p.stance, p.given_by.person.user.username)
        for p in decision.positions.select_related("party", "given_by__person__user")
    ]
    assert positions == [
        ("Kommunen", Position.Stance.AGREES, "sakerhetschef"),
        ("Polisen", Position.Stance.AGREES, "kommunpolis"),
        ("Kriminalvården", Position.Stance.AGREES, "frivard"),
    ]
    [assignment] = decision.assignments.all()
    assert assignment.body == group
    assert assignment.responsible_party.short_name == "Polisen"
    assert assignment.due_on == date(2025, 5, 31)
    assert assignment.status == Assignment.Status.IN_PROGRESS
    assert not assignment.is_overdue()  # on the frozen day, 2025-03-12
    assert list(Assignment.objects.filter(body__agreement=council.agreement)) == [assignment]


# --- the upcoming operative meeting -------------------------------------------------------


def test_the_operative_groups_next_meeting_is_convened_with_its_invitations(group):
    meeting = group.meetings.upcoming().first()
    assert meeting.date == date(2026, 1, 29)
    assert meeting.is_scheduled and meeting.starts_at > timezone.now()
    invitees = list(meeting.invitees.select_related("person__user"))
    assert {i.person.user.username for i in invitees} == {
        "forvaltning",
        "samordnare",
        "kommunpolis",
        "frivard",
    }
    assert {i.role for i in invitees} == {Invitee.Role.MEMBER}
    messages = OutboundMessage.objects.about(meeting)
    assert sorted(messages.values_list("to", flat=True)) == sorted(i.email for i in invitees)
    assert set(messages.values_list("kind", flat=True)) == {invitations.INVITATION}
    assert set(messages.values_list("state", flat=True)) <= {"queued", "sent"}
    assert all("BEGIN:VCALENDAR" in m.attachment for m in messages)


# --- reloading ------------------------------------------------------------------------------


def test_reloading_the_demo_adds_no_meeting_item_or_event(laholm):
    models = (Meeting, AgendaItem, Invitee, Decision, Position, Assignment, OutboundMessage)

    def counts():
        return [model.objects.count() for model in models] + [Event.objects.count()]

    before = counts()
    call_command("loaddemo", stdout=StringIO())
    assert counts() == before


def test_reloading_the_demo_writes_nothing_to_the_meetings(laholm):
    histories = (Meeting, AgendaItem, Invitee, Decision, Position, Assignment)
    before = [model.history.count() for model in histories]
    with CaptureQueriesContext(connection) as captured:
        call_command("loaddemo", stdout=StringIO())
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert [model.history.count() for model in histories] == before
