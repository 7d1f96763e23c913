"""The strategic council decides a presented annex version by consensus on its agenda item
(councils/services/decisions.py with councils/services/annexes.py): only an adopted
decision of the council decides it, only on the content it was presented with, and
taking the decision back presents it again until a party has signed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from councils.models import AgendaItem, Body, Decision
from councils.services import annexes as council_annexes
from councils.services import decisions
from samverkan import annexes
from samverkan.models import AnnexVersion
from tests.councils.minutes_helpers import OBJECTS, agree_all
from tests.factories import held_meeting
from tests.helpers import TODAY, at_ten

from .council_helpers import fresh_draft

State = AnnexVersion.State


@pytest.fixture
def draft(laholm, plan_annex, coordinator) -> AnnexVersion:
    return fresh_draft(laholm, plan_annex, coordinator)


TEXT = "Rådet antar bilaga 3, version 1."


@pytest.fixture
def item(draft, next_meeting, coordinator, time_machine) -> AgendaItem:
    """The draft on next week's council agenda, the clock an hour into the meeting."""
    item = council_annexes.annex_version_put_on_agenda(
        version=draft, meeting=next_meeting, by=coordinator
    )
    time_machine.move_to(at_ten(TODAY + timedelta(days=7)) + timedelta(hours=1))
    draft.refresh_from_db()
    return item


def record(item, by, positions=None):
    return decisions.decision_record(
        item=item, text=TEXT, positions=positions or agree_all(item.meeting), by=by
    )


def test_an_adopted_decision_decides_the_version_on_the_meetings_day(item, draft, coordinator):
    decision = record(item, coordinator)
    assert decision.adopted
    assert decision.subject == draft
    assert decision.subject_hash == draft.presented_hash == draft.content_hash
    draft.refresh_from_db()
    assert draft.state == State.DECIDED
    assert draft.decided_on == TODAY + timedelta(days=7)
    assert draft.decision_reference == f"Strategiskt råd {draft.decided_on.isoformat()}, punkt 1"
    assert draft.decision_id == decision.pk


def test_a_decision_a_party_objects_to_leaves_the_version_presented(item, draft, coordinator):
    decision = record(item, coordinator, agree_all(item.meeting, {"Polisen": OBJECTS}))
    assert not decision.adopted
    assert decision.reason == "Polisen invände."
    assert decision.subject == draft  # recorded on the version all the same
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED
    assert draft.decided_on is None and draft.decision_reference == ""


def test_a_decision_with_a_party_absent_leaves_the_version_presented(item, draft, coordinator):
    item.meeting.invitees.filter(party__short_name="Kriminalvården").update(attendance="absent")
    decision = record(item, coordinator)
    assert not decision.adopted
    assert decision.reason == "Kriminalvården var inte företrädd."
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED


def test_a_second_decision_adopted_after_one_that_was_not_decides_it(item, draft, coordinator):
    record(item, coordinator, agree_all(item.meeting, {"Polisen": OBJECTS}))
    record(item, coordinator)
    draft.refresh_from_db()
    assert draft.state == State.DECIDED


@pytest.mark.parametrize(
    "change",
    [
        {"html": "<p>Ändrat i databasen</p>"},
        {"snapshot": {"format": 1, "title": "Annan plan", "sections": []}},
    ],
    ids=["html", "snapshot"],
)
def test_content_changed_after_it_was_presented_cannot_be_decided(item, draft, coordinator, change):
    AnnexVersion.objects.filter(pk=draft.pk).update(**change)
    with pytest.raises(ValidationError) as excinfo:
        record(item, coordinator)
    assert excinfo.value.messages == [
        "Innehållet har ändrats sedan det föredrogs och kan inte beslutas."
    ]
    assert not Decision.objects.filter(item=item).exists()
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED and draft.decided_on is None


def test_content_rewritten_with_a_matching_hash_after_presenting_cannot_be_decided(
    item, draft, coordinator
):
    """Even content whose stored hash was rewritten to match is not what was presented."""
    html = "<p>En helt annan plan</p>"
    rewritten = annexes.content_hash({"html": html, "snapshot": draft.snapshot})
    AnnexVersion.objects.filter(pk=draft.pk).update(html=html, content_hash=rewritten)
    with pytest.raises(ValidationError):
        record(item, coordinator)
    assert not Decision.objects.filter(item=item).exists()
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED


def test_a_decision_of_the_operative_group_cannot_decide_a_version(
    item, draft, laholm, coordinator
):
    group = laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)
    meeting = held_meeting(group, day=TODAY + timedelta(days=7), items=0)
    group_item = AgendaItem.objects.create(
        meeting=meeting, order=1, title="Bilaga 3", kind="annex_decision", subject=draft
    )
    with pytest.raises(ValidationError) as excinfo:
        record(group_item, coordinator)
    assert excinfo.value.messages == ["Bilagor beslutas av strategiska rådet."]
    assert not Decision.objects.filter(item=group_item).exists()
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED


def test_a_decision_on_an_item_about_nothing_decides_no_version(
    item, draft, next_meeting, coordinator
):
    other = AgendaItem.objects.create(meeting=next_meeting, order=2, title="Övrigt")
    decision = record(other, coordinator)
    assert decision.adopted and decision.subject is None
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED


def test_removing_the_decision_presents_the_version_again(item, draft, coordinator):
    decision = record(item, coordinator)
    decisions.decision_remove(decision=decision, by=coordinator)
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED
    assert draft.decided_on is None and draft.decision_reference == ""
    assert draft.decision_id is None
    assert draft.presented_hash == draft.content_hash


def test_removing_a_decision_that_was_not_adopted_leaves_the_decided_version_decided(
    item, draft, coordinator
):
    not_adopted = record(item, coordinator, agree_all(item.meeting, {"Polisen": OBJECTS}))
    record(item, coordinator)
    decisions.decision_remove(decision=not_adopted, by=coordinator)
    draft.refresh_from_db()
    assert draft.state == State.DECIDED


def test_removing_the_decision_is_refused_once_a_party_has_signed(
    item, draft, laholm, coordinator, user
):
    decision = record(item, coordinator)
    draft.refresh_from_db()
    annexes.annex_version_sign(
        version=draft,
        party=laholm.parties.get(short_name="Kommunen"),
        by=user("ks-ordforande"),
        password="samverkan",
    )
    with pytest.raises(ValidationError) as excinfo:
        decisions.decision_remove(decision=decision, by=coordinator)
    assert "har redan undertecknats" in " ".join(excinfo.value.messages)
    assert Decision.objects.filter(pk=decision.pk).exists()
    draft.refresh_from_db()
    assert draft.state == State.DECIDED and draft.signatures.count() == 1
