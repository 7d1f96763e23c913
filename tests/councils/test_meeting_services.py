"""Scheduling meetings: meeting_schedule, meeting_update, meeting_confirm, meeting_cancel.

The invitations (councils.services.invitations) are replaced by a recorder here: these
tests check when the meeting services call them, after the commit, not what they send."""

from datetime import datetime, timedelta

import pytest

from councils.models import AgendaItem, Meeting
from councils.services import invitations
from councils.services import meetings as services
from samverkan.models import Event
from tests.helpers import PERIOD, STOCKHOLM, refusal


def at(day: str, hour: int = 13, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=STOCKHOLM)


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def told(monkeypatch):
    """What the invitations were told, in order: [(function name, meeting id), …]."""
    calls = []
    for name in ("invitees_from_roster", "meeting_changed", "meeting_cancelled"):
        monkeypatch.setattr(
            invitations,
            name,
            lambda *, meeting, by, name=name: calls.append((name, meeting.pk)),
        )
    return calls


@pytest.fixture
def schedule(council, coordinator):
    def make(body=None, day="2025-04-15", **fields):
        values = {
            "kind": Meeting.Kind.ORDINARY,
            "starts_at": at(day, 13),
            "ends_at": at(day, 15),
            "place": "Kommunhuset, Laholm",
        }
        return services.meeting_schedule(body=body or council, by=coordinator, **(values | fields))

    return make


def latest_event(agreement) -> Event:
    return agreement.events.order_by("-pk").first()


# --- scheduling ------------------------------------------------------------------------


def test_a_new_meeting_is_a_draft_with_the_bodys_standing_items(
    laholm, council, schedule, coordinator, told
):
    meeting = schedule()
    assert (meeting.status, meeting.sequence, meeting.agreement) == ("draft", 0, laholm)
    assert [(i.order, i.title, i.kind) for i in meeting.items.all()] == [
        (1, "Aktuell lägesbild", "situation_picture"),
        (2, "Arbete med beslutade åtgärder", "action_plan_status"),
        (3, "Medborgarlöfte och uppföljning", "citizen_promise"),
    ]
    event = latest_event(laholm)
    assert event.sentence == "Ett möte i Strategiskt råd planerades 2025-04-15 13:00"
    assert event.actor == coordinator
    assert meeting.history.get().history_user == coordinator
    assert told == []  # nobody is invited to a draft


def test_the_operative_groups_new_meeting_has_its_own_standing_item(group, schedule):
    meeting = schedule(body=group)
    assert [i.title for i in meeting.items.all()] == ["Åtgärdsplanens status"]


def test_a_meeting_ending_before_it_starts_is_refused_on_the_end(laholm, schedule):
    before = Meeting.objects.count()
    error = refusal(schedule, starts_at=at("2025-04-15", 15), ends_at=at("2025-04-15", 13))
    assert error.message_dict == {"ends_at": ["Mötet måste sluta efter att det börjar."]}
    assert Meeting.objects.count() == before
    assert AgendaItem.objects.filter(meeting__starts_at=at("2025-04-15", 15)).count() == 0


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [("2027-01-12", "2027-01-12", "starts_at"), ("2026-12-31", "2027-01-01", "ends_at")],
)
def test_a_meeting_outside_the_agreements_validity_is_refused(schedule, starts, ends, field):
    before = Meeting.objects.count()
    error = refusal(schedule, starts_at=at(starts, 13), ends_at=at(ends, 15))
    assert error.message_dict == {
        field: [f"Mötet ligger utanför överenskommelsens giltighetstid {PERIOD}."]
    }
    assert Meeting.objects.count() == before


def test_only_the_council_has_extended_meetings(group, schedule):
    error = refusal(schedule, body=group, extended=True)
    assert error.message_dict == {"extended": ["Bara strategiska rådet har utökade möten."]}


def test_only_the_operative_group_meets_at_a_sudden_event(schedule):
    error = refusal(schedule, kind=Meeting.Kind.SUDDEN)
    assert error.message_dict == {
        "kind": ["Möten vid hastigt uppkomna händelser hålls av operativa gruppen."]
    }


def test_a_meeting_at_a_sudden_event_is_convened_at_once(
    django_capture_on_commit_callbacks, group, schedule, told
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(body=group, kind=Meeting.Kind.SUDDEN, day="2025-03-13")
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"
    assert told == [("invitees_from_roster", meeting.pk), ("meeting_changed", meeting.pk)]


# --- confirming ------------------------------------------------------------------------


def test_confirming_a_draft_convenes_it_and_invites_after_the_commit(
    django_capture_on_commit_callbacks, laholm, schedule, coordinator, told
):
    meeting = schedule()
    with django_capture_on_commit_callbacks() as callbacks:
        services.meeting_confirm(meeting=meeting, by=coordinator)
        assert told == []  # not before the commit
    for callback in callbacks:
        callback()
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == ("scheduled", 0)
    assert told == [("invitees_from_roster", meeting.pk), ("meeting_changed", meeting.pk)]
    assert latest_event(laholm).sentence == "Strategiskt råd kallades till möte 2025-04-15 13:00"


def test_a_meeting_is_convened_only_once(schedule, coordinator):
    meeting = schedule()
    services.meeting_confirm(meeting=meeting, by=coordinator)
    error = refusal(services.meeting_confirm, meeting=meeting, by=coordinator)
    assert error.messages == ["Mötet är redan kallat."]


# --- editing and moving ----------------------------------------------------------------


def test_editing_a_draft_sends_nothing_and_keeps_its_sequence(
    django_capture_on_commit_callbacks, schedule, coordinator, told
):
    meeting = schedule()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=meeting, by=coordinator, place="Stadshuset")
    meeting.refresh_from_db()
    assert (meeting.place, meeting.sequence) == ("Stadshuset", 0)
    assert told == []


def test_moving_a_convened_meeting_raises_its_sequence_and_sends_an_update(
    django_capture_on_commit_callbacks, laholm, schedule, coordinator, told
):
    meeting = schedule()
    services.meeting_confirm(meeting=meeting, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            meeting=meeting,
            by=coordinator,
            starts_at=at("2025-04-16", 9),
            ends_at=at("2025-04-16", 11),
        )
        services.meeting_update(meeting=meeting, by=coordinator, place="Stadshuset")
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.date.isoformat()) == (2, "2025-04-16")
    assert told == [("meeting_changed", meeting.pk)] * 2
    moved = laholm.events.filter(action="councils.meeting.changed").order_by("pk").first()
    assert moved.sentence == "Mötet i Strategiskt råd 2025-04-15 13:00 ändrades (börjar, slutar)"


def test_saving_a_meeting_unchanged_writes_and_sends_nothing(
    django_capture_on_commit_callbacks, laholm, schedule, coordinator, told
):
    meeting = schedule()
    services.meeting_confirm(meeting=meeting, by=coordinator)
    events, history = laholm.events.count(), meeting.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=meeting, by=coordinator, place=meeting.place)
    assert (laholm.events.count(), meeting.history.count()) == (events, history)
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0
    assert told == []


def test_moving_a_meeting_out_of_the_agreement_is_refused_and_nothing_changes(
    schedule, coordinator
):
    meeting = schedule()
    error = refusal(
        services.meeting_update,
        meeting=meeting,
        by=coordinator,
        starts_at=at("2027-02-01", 13),
        ends_at=at("2027-02-01", 15),
    )
    assert error.message_dict == {
        "starts_at": [f"Mötet ligger utanför överenskommelsens giltighetstid {PERIOD}."]
    }
    assert Meeting.objects.get(pk=meeting.pk).date.isoformat() == "2025-04-15"


def test_an_edit_cannot_change_the_body_or_the_status(schedule, coordinator, group):
    meeting = schedule()
    with pytest.raises(TypeError):
        services.meeting_update(meeting=meeting, by=coordinator, body=group)
    with pytest.raises(TypeError):
        services.meeting_update(meeting=meeting, by=coordinator, status="scheduled")


# --- cancelling ------------------------------------------------------------------------


def test_cancelling_a_convened_meeting_raises_its_sequence_and_sends_a_cancellation(
    django_capture_on_commit_callbacks, laholm, schedule, coordinator, told
):
    meeting = schedule()
    services.meeting_confirm(meeting=meeting, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, reason="Ordföranden är sjuk.", by=coordinator)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_reason, meeting.sequence) == (
        "cancelled",
        "Ordföranden är sjuk.",
        1,
    )
    assert told == [("meeting_cancelled", meeting.pk)]
    assert latest_event(laholm).sentence == (
        "Mötet i Strategiskt råd 2025-04-15 13:00 ställdes in: Ordföranden är sjuk."
    )


def test_cancelling_a_draft_sends_nothing(
    django_capture_on_commit_callbacks, schedule, coordinator, told
):
    meeting = schedule()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, reason="Dubbelbokat.", by=coordinator)
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0
    assert told == []


def test_a_meeting_is_not_cancelled_without_a_reason(schedule, coordinator):
    meeting = schedule()
    error = refusal(services.meeting_cancel, meeting=meeting, reason="  ", by=coordinator)
    assert error.message_dict == {"reason": ["Ange varför mötet ställs in."]}
    assert Meeting.objects.get(pk=meeting.pk).status == "draft"


def test_a_held_meeting_cannot_be_cancelled(schedule, coordinator, time_machine):
    meeting = schedule()
    time_machine.move_to(at("2025-04-16", 10))
    error = refusal(services.meeting_cancel, meeting=meeting, reason="Sent", by=coordinator)
    assert error.messages == ["Mötet har redan hållits och kan inte ställas in."]


def test_a_cancelled_meeting_cannot_be_edited_convened_or_cancelled_again(schedule, coordinator):
    meeting = schedule()
    services.meeting_cancel(meeting=meeting, reason="Dubbelbokat.", by=coordinator)
    edit = refusal(services.meeting_update, meeting=meeting, by=coordinator, place="Annat")
    assert edit.messages == ["Mötet är inställt och kan inte ändras."]
    confirm = refusal(services.meeting_confirm, meeting=meeting, by=coordinator)
    assert confirm.messages == ["Mötet är inställt och kan inte ändras."]
    again = refusal(services.meeting_cancel, meeting=meeting, reason="Igen", by=coordinator)
    assert again.messages == ["Mötet är redan inställt."]


# --- how a meeting reads ---------------------------------------------------------------


def test_a_meeting_reads_its_day_and_time_in_stockholm(schedule):
    meeting = schedule(day="2025-03-18")
    assert meeting.when() == "tisdag 18 mars 2025 13:00–15:00"


def test_a_meeting_over_midnight_names_both_days(schedule):
    meeting = schedule(
        starts_at=at("2025-03-18", 20), ends_at=at("2025-03-18", 20) + timedelta(hours=5)
    )
    assert meeting.when() == "tisdag 18 mars 2025 20:00–onsdag 19 mars 2025 01:00"
