"""Putting an annex version on the strategic council's agenda presents it with its hash;
taking it off (removing the item, cancelling the meeting) makes it a draft again
(councils/services/annexes.py)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from councils.models import AgendaItem, Body
from councils.services import annexes as council_annexes
from councils.services import meetings
from samverkan import annexes
from samverkan.models import AnnexVersion
from tests.factories import MeetingFactory, held_meeting
from tests.helpers import TODAY, at_ten

from .conftest import snapshot
from .council_helpers import fresh_draft

State = AnnexVersion.State


@pytest.fixture
def draft(laholm, plan_annex, coordinator) -> AnnexVersion:
    return fresh_draft(laholm, plan_annex, coordinator)


@pytest.fixture
def group(laholm) -> Body:
    return laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)


def put(version, meeting, by):
    return council_annexes.annex_version_put_on_agenda(version=version, meeting=meeting, by=by)


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_putting_a_draft_on_the_council_agenda_presents_it_with_its_hash(
    draft, next_meeting, coordinator
):
    item = put(draft, next_meeting, coordinator)
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED
    assert draft.presented_hash == draft.content_hash
    assert draft.presented_to == f"Strategiskt råd {next_meeting.date.isoformat()}, punkt 1"
    assert item.kind == AgendaItem.Kind.ANNEX_DECISION
    assert item.subject == draft
    assert item.title == f"Beslut om Bilaga 3, version {draft.number}: Åtgärdsplan 2025"
    assert council_annexes.subject_version(item) == draft


def test_the_item_comes_last_on_the_agenda(draft, council, coordinator):
    meeting = held_meeting(council, day=TODAY + timedelta(days=7), items=2)
    item = put(draft, meeting, coordinator)
    assert item.order == 3
    draft.refresh_from_db()
    assert draft.presented_to.endswith(", punkt 3")


def test_a_meeting_of_the_operative_group_is_refused(draft, group, coordinator):
    meeting = MeetingFactory(body=group)
    with pytest.raises(ValidationError) as excinfo:
        put(draft, meeting, coordinator)
    assert excinfo.value.message_dict == {
        "meeting": ["Bilagor beslutas av strategiska rådet, inte av Operativ samverkansgrupp."]
    }
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert not meeting.items.exists()


def test_a_meeting_already_held_is_refused(draft, council, coordinator):
    past = held_meeting(council, items=0)
    with pytest.raises(ValidationError) as excinfo:
        put(draft, past, coordinator)
    assert messages_of(excinfo) == "Välj ett möte som inte har börjat."
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and draft.presented_hash == ""


def test_a_cancelled_meeting_is_refused(draft, next_meeting, coordinator):
    meetings.meeting_cancel(meeting=next_meeting, reason="Ordföranden är sjuk.", by=coordinator)
    with pytest.raises(ValidationError) as excinfo:
        put(draft, next_meeting, coordinator)
    assert messages_of(excinfo) == "Mötet är inställt. Välj ett annat möte."
    assert not next_meeting.items.exists()


def test_a_meeting_of_another_agreement_is_refused(draft, other_agreement, coordinator):
    council = other_agreement.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)
    meeting = MeetingFactory(body=council)
    with pytest.raises(ValidationError) as excinfo:
        put(draft, meeting, coordinator)
    assert messages_of(excinfo) == "Mötet hör inte till överenskommelsen."
    assert not meeting.items.exists()


def test_a_version_of_another_agreement_is_refused(laholm_renewal, next_meeting, coordinator):
    annex = laholm_renewal.annexes.order_by("number").first()
    assert annex is not None
    renewal_version = annexes.annex_version_make(
        agreement=laholm_renewal,
        annex=annex,
        snapshot=snapshot(),
        by=coordinator,
    )
    with pytest.raises(ValidationError):
        put(renewal_version, next_meeting, coordinator)
    renewal_version.refresh_from_db()
    assert renewal_version.state == State.DRAFT
    assert not next_meeting.items.exists()


def test_the_agreements_own_text_is_not_put_before_the_council(laholm, next_meeting, coordinator):
    own = annexes.agreement_version_make(agreement=laholm, by=coordinator)
    with pytest.raises(ValidationError) as excinfo:
        put(own, next_meeting, coordinator)
    assert messages_of(excinfo) == "Överenskommelsen själv beslutas inte i strategiska rådet."
    assert not next_meeting.items.exists()


def test_a_version_already_presented_is_not_put_on_a_second_agenda(
    draft, next_meeting, council, coordinator
):
    put(draft, next_meeting, coordinator)
    later = held_meeting(council, day=TODAY + timedelta(days=21), items=0)
    with pytest.raises(ValidationError) as excinfo:
        put(draft, later, coordinator)
    assert "har status ”Föredragen för strategiska rådet”" in messages_of(excinfo)
    assert not later.items.exists()
    draft.refresh_from_db()
    assert draft.presented_to.startswith(f"Strategiskt råd {next_meeting.date.isoformat()}")


def test_content_changed_before_presenting_is_refused(draft, next_meeting, coordinator):
    AnnexVersion.objects.filter(pk=draft.pk).update(html="<p>Ändrat i databasen</p>")
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        put(draft, next_meeting, coordinator)
    assert messages_of(excinfo) == "Versionens innehåll stämmer inte med dess kontrollsumma."
    assert not next_meeting.items.exists()  # the item went with the refusal


def test_presentable_meetings_are_the_councils_coming_open_meetings_soonest_first(
    draft, council, group, coordinator
):
    soon = held_meeting(council, day=TODAY + timedelta(days=3), items=0)
    later = held_meeting(council, day=TODAY + timedelta(days=10), items=0)
    cancelled = held_meeting(council, day=TODAY + timedelta(days=5), items=0)
    meetings.meeting_cancel(meeting=cancelled, reason="Inget att ta upp.", by=coordinator)
    past = held_meeting(council, items=0)
    of_group = MeetingFactory(body=group, starts_at=at_ten(TODAY + timedelta(days=4)))
    found = list(council_annexes.presentable_meetings(draft))
    assert found.index(soon) < found.index(later)
    assert cancelled not in found and past not in found and of_group not in found
    assert all(m.body_id == council.pk and m.starts_at > at_ten(TODAY) for m in found)


def test_removing_the_item_makes_the_version_a_draft_again(draft, next_meeting, coordinator):
    item = put(draft, next_meeting, coordinator)
    meetings.agenda_item_remove(item=item, by=coordinator)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert (draft.presented_hash, draft.presented_at, draft.presented_to) == ("", None, "")
    # …and it may be put before the council again.
    put(draft, next_meeting, coordinator)
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED


def test_cancelling_the_meeting_makes_the_version_a_draft_again(draft, next_meeting, coordinator):
    put(draft, next_meeting, coordinator)
    meetings.meeting_cancel(meeting=next_meeting, reason="Ordföranden är sjuk.", by=coordinator)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and draft.presented_hash == ""


def test_cancelling_another_meeting_leaves_the_version_presented(
    draft, next_meeting, council, coordinator
):
    put(draft, next_meeting, coordinator)
    other = held_meeting(council, day=TODAY + timedelta(days=14), items=1)
    meetings.meeting_cancel(meeting=other, reason="Inget att ta upp.", by=coordinator)
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED
