"""The Laholm demo's versions (actionplan/demo_annexes.py): the agreement's own text and
each annex with a version in force signed by the three signatories, the annexes adopted
at the council meeting of 2025-02-13, and one update of annex 3 on the agenda of the
council's next meeting, awaiting its decision; reloading adds nothing, on any day."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType

from councils.demo import load_demo
from councils.models import AgendaItem, Body, Decision, Position
from councils.services import annexes as council_annexes
from samverkan import annexes
from samverkan.models import AnnexVersion, Event, Signature
from tests.helpers import at_ten

State = AnnexVersion.State
STOCKHOLM = ZoneInfo("Europe/Stockholm")
SIGNERS = {"Kommunen": "ks-ordforande", "Polisen": "lpo-chef", "Kriminalvården": "frivardschef"}
SOURCES = {1: "Lokal lägesbild Laholm 2024", 2: "Medborgarlöfte 2024", 3: "Åtgärdsplan 2024–2026"}


def signers(version) -> dict[str, str]:
    return {s.party.short_name: s.signer.username for s in version.signatures.all()}


def counts() -> dict[str, int]:
    models = (AnnexVersion, Signature, AgendaItem, Decision, Position, Event)
    rows = {model.__name__: model.objects.count() for model in models}
    history = {f"{m.__name__} history": m.history.count() for m in models if hasattr(m, "history")}
    return rows | history


def update(laholm) -> AnnexVersion | None:
    return laholm.document_versions.filter(annex__number=3, number=2).first()


def set_aside(version) -> None:
    """Remove the demo's update (and its agenda item), as if the demo had never made it."""
    AgendaItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(AnnexVersion), subject_id=version.pk
    ).delete()
    version.delete()


def test_the_agreements_own_text_is_in_force_signed_by_the_three_when_it_was_signed(laholm):
    [version] = laholm.document_versions.filter(annex=None).prefetch_related("signatures")
    assert (version.number, version.state, version.dated_on) == (
        1,
        State.IN_FORCE,
        laholm.signed_on,
    )
    assert signers(version) == SIGNERS
    assert {s.signed_at.astimezone(STOCKHOLM).date() for s in version.signatures.all()} == {
        date(2023, 1, 12)
    }
    assert version.snapshot == annexes.agreement_snapshot(laholm)
    assert annexes.integrity([version])[version.pk].ok


@pytest.mark.parametrize("number", [1, 2, 3])
def test_each_annex_has_one_version_in_force_from_its_source_signed_by_the_three(laholm, number):
    [version] = laholm.document_versions.filter(annex__number=number, state=State.IN_FORCE)
    assert version.number == 1
    assert str(version.source) == version.source_label == SOURCES[number]
    assert signers(version) == SIGNERS
    assert {s.content_hash for s in version.signatures.all()} == {version.content_hash}
    assert version.in_force_at == datetime(2025, 2, 24, 9, 0, tzinfo=STOCKHOLM)
    assert annexes.integrity([version])[version.pk].ok


@pytest.mark.parametrize("number", [1, 2, 3])
def test_each_annex_was_adopted_by_consensus_at_the_held_council_meeting(laholm, number):
    version = laholm.document_versions.get(annex__number=number, number=1)
    decision = Decision.objects.select_related("item__meeting").get(pk=version.decision_id)
    meeting = decision.item.meeting
    assert meeting.starts_at == datetime(2025, 2, 13, 13, 0, tzinfo=STOCKHOLM)
    assert meeting.minutes_locked
    assert council_annexes.subject_version(decision.item) == version
    assert (decision.adopted, decision.subject_hash) == (True, version.content_hash)
    assert version.presented_hash == version.content_hash
    assert version.decided_on == date(2025, 2, 13)
    assert version.decision_reference == council_annexes.meeting_label(meeting, decision.item)
    assert {(p.party.short_name, p.stance) for p in decision.positions.all()} == {
        (party, Position.Stance.AGREES) for party in SIGNERS
    }


def test_an_update_of_annex_3_awaits_the_decision_of_the_councils_next_meeting(laholm):
    version = update(laholm)
    assert version.state == State.PRESENTED
    [item] = AgendaItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(AnnexVersion), subject_id=version.pk
    )
    council = laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)
    assert item.meeting == council.meetings.upcoming().first()
    assert item.kind == AgendaItem.Kind.ANNEX_DECISION
    assert version.presented_to == council_annexes.meeting_label(item.meeting, item)
    assert version.source == laholm.action_plans.get(title=SOURCES[3])
    in_force = laholm.document_versions.get(annex__number=3, state=State.IN_FORCE)
    changed = [
        s["key"]
        for s in annexes.compare(in_force.snapshot, version.snapshot)
        if s["change"] != "unchanged"
    ]
    assert changed == ["measures"]


def test_loading_the_demo_again_adds_nothing(laholm):
    before = counts()
    load_demo()
    assert counts() == before


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 20),  # no meeting ahead, and two weeks on is after the end
        date(2027, 1, 15),  # the agreement has ended
    ],
)
def test_without_a_council_meeting_possible_or_after_the_end_the_demo_makes_no_update(
    laholm, time_machine, day
):
    set_aside(update(laholm))
    time_machine.move_to(at_ten(day))
    load_demo()
    assert update(laholm) is None
    assert laholm.document_versions.filter(state=State.IN_FORCE).count() == 4


def test_loaded_after_the_years_council_meetings_the_demo_convenes_an_extra_one_for_it(
    laholm, time_machine
):
    set_aside(update(laholm))
    time_machine.move_to(at_ten(date(2026, 11, 27)))  # the last planned one was 2026-11-18
    load_demo()
    version = update(laholm)
    assert version is not None and version.state == State.PRESENTED
    assert version.presented_to.startswith("Strategiskt råd 2026-12-11")
    meeting = laholm.meetings.get(body__kind=Body.Kind.STRATEGIC_COUNCIL, kind="extra")
    assert meeting.status == "scheduled"


def test_a_reload_leaves_versions_made_in_the_app_alone(laholm, user):
    version = update(laholm)
    annexes.annex_version_send_back(version=version, reason="Komplettera.", by=user("samordnare"))
    before = counts()
    load_demo()
    assert counts() == before
    version.refresh_from_db()
    assert version.state == State.RETURNED
