"""The iCalendar files of an invitation, an update and a cancellation: they parse with
`icalendar`, share one UID with a rising SEQUENCE, and carry the right local times across
the October change from summer time (2025-10-26)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from councils import ical
from councils.models import Meeting
from councils.services import invitations, meetings
from tests.helpers import STOCKHOLM, person


def at(day: str, hour: int) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=STOCKHOLM)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a service and what it leaves for after the commit (the invitations)."""

    def call(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return call


@pytest.fixture
def calendars(council, user, run, mailoutbox):
    """The .ics the kommunpolis received for a council meeting on 2025-10-21 13:00
    (before the change to winter time), then after it was moved to 2025-10-28 13:00
    (after it), then when it was cancelled: [(raw text, parsed)]."""
    by = user("samordnare")
    meeting = run(
        meetings.meeting_schedule,
        body=council,
        kind=Meeting.Kind.ORDINARY,
        starts_at=at("2025-10-21", 13),
        ends_at=at("2025-10-21", 15),
        place="Kommunhuset, Laholm",
        by=by,
    )
    meetings.agenda_item_add(
        meeting=meeting, title="Lägesbild", presenter=person("kommunpolis"), by=by
    )
    run(meetings.meeting_confirm, meeting=meeting, by=by)
    run(
        meetings.meeting_update,
        meeting=meeting,
        starts_at=at("2025-10-28", 13),
        ends_at=at("2025-10-28", 15),
        by=by,
    )
    run(meetings.meeting_cancel, meeting=meeting, reason="Krock med budgetmötet", by=by)
    address = person("kommunpolis").user.email
    files = []
    for message in mailoutbox:
        if message.to == [address]:
            [(_name, content, _type)] = message.attachments
            files.append((content, icalendar.Calendar.from_ical(content)))
    assert len(files) == 3
    return files


def test_invitation_update_and_cancellation_share_one_uid_with_a_rising_sequence(calendars):
    events = [cal.events[0] for _raw, cal in calendars]
    assert len({str(event.get("uid")) for event in events}) == 1
    sequences = [event.get("sequence") for event in events]
    assert sequences == sorted(set(sequences))
    assert [cal.get("method") for _raw, cal in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [str(event.get("status")) for event in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]


def test_the_uid_is_the_meetings_and_stays_after_the_meeting_is_cancelled(calendars):
    uid = str(calendars[-1][1].events[0].get("uid"))
    meeting = Meeting.objects.get(uid=uid)
    assert meeting.is_cancelled
    assert calendars[-1][1].events[0].get("sequence") == meeting.sequence


def test_times_are_local_with_the_stockholm_zone_before_and_after_the_october_change(calendars):
    (before_raw, before), (after_raw, after), _cancel = calendars
    assert "DTSTART;TZID=Europe/Stockholm:20251021T130000" in before_raw
    assert "DTEND;TZID=Europe/Stockholm:20251021T150000" in before_raw
    assert "DTSTART;TZID=Europe/Stockholm:20251028T130000" in after_raw
    assert before.events[0].start.astimezone(UTC) == datetime(2025, 10, 21, 11, 0, tzinfo=UTC)
    assert after.events[0].start.astimezone(UTC) == datetime(2025, 10, 28, 12, 0, tzinfo=UTC)
    assert after.events[0].end.astimezone(UTC) == datetime(2025, 10, 28, 14, 0, tzinfo=UTC)


def test_the_vtimezone_itself_gives_the_right_utc_times_on_both_sides_of_the_change(calendars):
    for _raw, cal in calendars[:2]:
        [zone] = cal.walk("VTIMEZONE")
        assert str(zone.get("tzid")) == "Europe/Stockholm"
        # Read the definition in the file, not the zone named by its TZID.
        defined = zone.to_tz(lookup_tzid=False)
        local = cal.events[0].start.replace(tzinfo=None)
        expected = {21: datetime(2025, 10, 21, 11, 0, tzinfo=UTC)}.get(
            local.day, datetime(2025, 10, 28, 12, 0, tzinfo=UTC)
        )
        assert local.replace(tzinfo=defined).astimezone(UTC) == expected


def test_the_vtimezone_agrees_with_the_zoneinfo_database_for_years_to_come():
    defined = ical.vtimezone().to_tz(lookup_tzid=False)
    zone = ZoneInfo("Europe/Stockholm")
    day = date(2024, 1, 1)
    while day < date(2031, 1, 1):
        for hour in (0, 4, 12, 23):
            moment = datetime(day.year, day.month, day.day, hour)
            assert moment.replace(tzinfo=defined).utcoffset() == (
                moment.replace(tzinfo=zone).utcoffset()
            ), moment
        day += timedelta(days=1)


def test_the_invitation_names_the_organizer_and_every_invitee_as_an_attendee(calendars):
    raw, cal = calendars[0]
    event = cal.events[0]
    organizer = event.get("organizer")
    assert str(organizer) == "mailto:samverkan@localhost"
    assert organizer.params["CN"] == "Strategiskt råd (Samverkan)"
    meeting = Meeting.objects.get(uid=str(event.get("uid")))
    attendees = {str(a).removeprefix("mailto:"): a for a in event.get("attendee")}
    assert set(attendees) == set(meeting.invitees.values_list("email", flat=True))
    police = attendees[person("kommunpolis").user.email]
    assert police.params["CN"] == "Erik Sand"
    assert police.params["ROLE"] == "REQ-PARTICIPANT"
    assert police.params["RSVP"] == "TRUE"
    assert police.params["PARTSTAT"] == "NEEDS-ACTION"


def test_the_invitation_carries_summary_location_and_the_agenda(calendars):
    event = calendars[0][1].events[0]
    assert str(event.get("summary")) == "Strategiskt råd – ordinarie möte"
    assert str(event.get("location")) == "Kommunhuset, Laholm"
    assert ". Lägesbild (föredragande: Erik Sand)" in str(event.get("description"))


def test_the_cancellation_gives_the_reason(calendars):
    event = calendars[2][1].events[0]
    assert "Mötet är inställt: Krock med budgetmötet" in str(event.get("description"))


def test_an_excused_member_is_listed_as_declined(council, user, run, mailoutbox):
    by = user("samordnare")
    meeting = run(
        meetings.meeting_schedule,
        body=council,
        kind=Meeting.Kind.ORDINARY,
        starts_at=at("2025-04-10", 13),
        ends_at=at("2025-04-10", 15),
        by=by,
    )
    run(meetings.meeting_confirm, meeting=meeting, by=by)
    member = meeting.invitees.get(person__user__username="frivardschef")
    mailoutbox.clear()
    run(invitations.invitee_excuse, invitee=member, by=user("frivardschef"))
    [message] = mailoutbox  # the substitute's invitation
    event = icalendar.Calendar.from_ical(message.attachments[0][1]).events[0]
    attendees = {str(a).removeprefix("mailto:"): a for a in event.get("attendee")}
    assert attendees[member.email].params["PARTSTAT"] == "DECLINED"
    assert attendees[person("frivard").user.email].params["PARTSTAT"] == "NEEDS-ACTION"


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="PUBLISH"):
        ical.invitation(None, method="PUBLISH", items=[], invitees=[], organizer=None)
