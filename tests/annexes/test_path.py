"""The whole path of an annex version: made → presented → decided by consensus → signed by
every party → in force, the version before it superseded."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from councils.services import annexes as council_annexes
from councils.services import decisions
from samverkan import annexes
from samverkan.models import AnnexVersion
from tests.councils.minutes_helpers import agree_all
from tests.factories import held_meeting
from tests.helpers import TODAY, at_ten

State = AnnexVersion.State


def sign_all(version, user):
    for username, short in (
        ("ks-ordforande", "Kommunen"),
        ("lpo-chef", "Polisen"),
        ("frivardschef", "Kriminalvården"),
    ):
        annexes.annex_version_sign(
            version=version,
            party=version.agreement.parties.get(short_name=short),
            by=user(username),
            password="samverkan",
        )


def test_a_version_goes_from_draft_to_in_force(
    draft, next_meeting, coordinator, user, time_machine
):
    item = council_annexes.annex_version_put_on_agenda(
        version=draft, meeting=next_meeting, by=coordinator
    )
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED
    assert draft.presented_hash == draft.content_hash
    time_machine.move_to(at_ten(TODAY + timedelta(days=7)) + timedelta(hours=1))
    decision = decisions.decision_record(
        item=item, text="Rådet antar bilaga 3.", positions=agree_all(next_meeting), by=coordinator
    )
    assert decision.adopted and decision.subject_hash == draft.content_hash
    draft.refresh_from_db()
    assert draft.state == State.DECIDED
    sign_all(draft, user)
    draft.refresh_from_db()
    assert draft.state == State.IN_FORCE
    assert draft.signatures.count() == 3
    previous = [v for v in AnnexVersion.objects.filter(annex=draft.annex) if v.pk != draft.pk]
    assert all(v.state == State.SUPERSEDED for v in previous if v.in_force_at)
    assert annexes.integrity([draft])[draft.pk].ok


def test_the_decision_that_adopted_a_version_in_force_is_not_removed(
    draft, next_meeting, coordinator, user, time_machine
):
    item = council_annexes.annex_version_put_on_agenda(
        version=draft, meeting=next_meeting, by=coordinator
    )
    time_machine.move_to(at_ten(TODAY + timedelta(days=7)) + timedelta(hours=1))
    decision = decisions.decision_record(
        item=item, text="Rådet antar bilaga 3.", positions=agree_all(next_meeting), by=coordinator
    )
    sign_all(draft, user)

    with pytest.raises(ValidationError, match="har undertecknats"):
        decisions.decision_remove(decision=decision, by=coordinator)
    draft.refresh_from_db()
    assert draft.state == State.IN_FORCE and draft.decision_id == decision.pk


def test_a_decision_before_anyone_is_recorded_present_is_refused(
    draft, council, coordinator, time_machine
):
    meeting = held_meeting(council, day=TODAY + timedelta(days=7), items=0)
    meeting.invitees.update(attendance="unknown")
    item = council_annexes.annex_version_put_on_agenda(
        version=draft, meeting=meeting, by=coordinator
    )
    time_machine.move_to(at_ten(TODAY + timedelta(days=7)) + timedelta(hours=1))

    with pytest.raises(ValidationError, match="Registrera närvaron"):
        decisions.decision_record(item=item, text="Rådet antar.", positions={}, by=coordinator)
    assert not item.decisions.exists()


def test_the_agreements_text_sent_for_signing_is_withdrawn_until_someone_signs(
    laholm, coordinator, user
):
    version = annexes.agreement_version_open(
        version=annexes.agreement_version_make(agreement=laholm, by=coordinator), by=coordinator
    )
    annexes.annex_version_discard(version=version, by=coordinator)
    assert not AnnexVersion.objects.filter(pk=version.pk).exists()

    again = annexes.agreement_version_open(
        version=annexes.agreement_version_make(agreement=laholm, by=coordinator), by=coordinator
    )
    annexes.annex_version_sign(
        version=again,
        party=laholm.parties.get(short_name="Polisen"),
        by=user("lpo-chef"),
        password="samverkan",
    )
    with pytest.raises(ValidationError):
        annexes.annex_version_discard(version=again, by=coordinator)
