"""The whole path of an annex version: made → presented → decided by consensus → signed by
every party → in force, the version before it superseded."""

from datetime import timedelta

from councils.services import annexes as council_annexes
from councils.services import decisions
from samverkan import annexes
from samverkan.models import AnnexVersion
from tests.councils.minutes_helpers import agree_all
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
