"""The medborgarlöften's services: issued by the municipality and the police only, their
commitments, dialogues, priorities and follow-up reports, publishing, and the coordinator
alone changing them while the agreement runs."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from actionplan.models import CitizenPromise, Commitment, Dialogue, Priority, PromiseReport
from actionplan.services import promises as services
from samverkan.models import Event, Party
from samverkan.services import version_of
from tests.actionplan.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    DialogueFactory,
    MeasureFactory,
    PriorityFactory,
    PromiseReportFactory,
)
from tests.factories import AgreementPartyFactory
from tests.helpers import STALE, TODAY, at_ten, refusal

IDENTITY_NUMBER = "19121212-1212"  # the Tax Agency's example: a valid check digit
NOT_KOMMUN_AND_POLIS = (
    "Medborgarlöften skrivs mellan kommun och polis; Kriminalvården kan inte utfärda ett "
    "medborgarlöfte."
)
BOTH = "Medborgarlöftet utfärdas av kommunen och polisen tillsammans: välj båda."
COMMITMENT_REFUSED = (
    "Ett åtagande ska ha kommunen eller polisen som ansvarig part, en av dem som utfärdar "
    "medborgarlöftet."
)
ENDED = "Överenskommelsen har upphört; medborgarlöftena kan inte längre ändras."


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def parties(laholm):
    return {p.short_name: p for p in laholm.parties.select_related("party")}


@pytest.fixture
def data(parties):
    return {
        "title": "Medborgarlöfte 2025",
        "period_from": date(2025, 1, 1),
        "period_to": date(2026, 12, 31),
        "issuers": [parties["Kommunen"], parties["Polisen"]],
        "summary": "Vi gör resecentrum tryggare på kvällarna.",
        "internal_notes": "Polisens resurser under sommaren är osäkra.",
    }


@pytest.fixture
def promise(laholm, coordinator, data):
    return services.promise_create(agreement=laholm, by=coordinator, data=data)


@pytest.fixture
def commitment(promise, coordinator, parties):
    return services.commitment_add(
        promise=promise,
        by=coordinator,
        data={
            "title": "Fler kvällspatruller vid resecentrum",
            "responsible": parties["Polisen"],
            "activities": "Synlig polis fredag och lördag kväll.",
            "follow_up_method": "Antal patrullerade kvällar.",
        },
    )


@pytest.fixture
def dialogue(promise, coordinator):
    return services.dialogue_add(
        promise=promise,
        by=coordinator,
        data={
            "kind": Dialogue.Kind.CITIZEN,
            "held_on": date(2024, 10, 3),
            "participants": "Ett fyrtiotal boende",
            "summary": "Otryggt vid resecentrum efter mörkrets inbrott.",
        },
    )


def events(agreement, action):
    return list(Event.objects.filter(agreement=agreement, action=action).order_by("pk"))


# --- the promise ------------------------------------------------------------------------


def test_a_new_promise_is_a_draft_issued_by_kommun_and_polis(laholm, coordinator, promise, parties):
    assert promise.status == CitizenPromise.Status.DRAFT
    assert set(promise.issuers.all()) == {parties["Kommunen"], parties["Polisen"]}
    assert promise.created_by == coordinator
    assert promise.history.first().history_user == coordinator
    [event] = events(laholm, "actionplan.promise.created")
    assert event.data == {"promise": "Medborgarlöfte 2025"}


def test_the_public_address_is_the_one_the_municipality_already_has(
    laholm, laholm_renewal, coordinator, data
):
    CitizenPromiseFactory(agreement=laholm, public_slug="laholm", period_from=date(2024, 1, 1))
    promise = services.promise_create(agreement=laholm, by=coordinator, data=data)
    assert promise.public_slug == "laholm"
    # The renewal keeps the address the municipality links to from its website.
    assert services._public_slug(laholm_renewal) == "laholm"


def test_the_first_promise_of_a_municipality_gets_an_address_from_its_name(user):
    polisen = AgreementPartyFactory(party__kind=Party.Kind.POLICE, short_name="Polisen")
    agreement = polisen.agreement
    agreement.municipality = "Båstads kommun"
    agreement.save()
    kommunen = AgreementPartyFactory(agreement=agreement, short_name="Kommunen")
    promise = services.promise_create(
        agreement=agreement,
        by=None,
        data={
            "title": "Medborgarlöfte",
            "period_from": TODAY,
            "period_to": TODAY + timedelta(days=365),
            "issuers": [kommunen, polisen],
        },
    )
    assert promise.public_slug == "bastads-kommun"


def test_a_promise_naming_kriminalvarden_as_issuer_is_refused(laholm, coordinator, data, parties):
    data["issuers"] = [parties["Kommunen"], parties["Polisen"], parties["Kriminalvården"]]
    before = CitizenPromise.objects.count()
    error = refusal(services.promise_create, agreement=laholm, by=coordinator, data=data)
    assert error.message_dict == {"issuers": [NOT_KOMMUN_AND_POLIS]}
    assert CitizenPromise.objects.count() == before


def test_a_promise_needs_both_the_municipality_and_the_police(laholm, coordinator, data, parties):
    for issuers in ([parties["Kommunen"]], [parties["Polisen"]], []):
        data["issuers"] = issuers
        error = refusal(services.promise_create, agreement=laholm, by=coordinator, data=data)
        assert error.message_dict == {"issuers": [BOTH]}


def test_kriminalvarden_cannot_be_added_as_issuer_afterwards(promise, coordinator, parties):
    issuers = [parties["Kommunen"], parties["Polisen"], parties["Kriminalvården"]]
    error = refusal(
        services.promise_update, promise=promise, by=coordinator, data={"issuers": issuers}
    )
    assert error.message_dict == {"issuers": [NOT_KOMMUN_AND_POLIS]}
    assert set(promise.issuers.values_list("short_name", flat=True)) == {"Kommunen", "Polisen"}


def test_another_agreements_party_is_not_an_issuer(
    laholm, coordinator, data, other_agreement, parties
):
    data["issuers"] = [parties["Polisen"], other_agreement.parties.get()]
    error = refusal(services.promise_create, agreement=laholm, by=coordinator, data=data)
    assert error.message_dict == {"issuers": ["Välj bland överenskommelsens parter."]}


def test_a_period_ending_before_it_starts_or_starting_outside_the_agreement_is_refused(
    laholm, coordinator, data
):
    data["period_to"] = date(2024, 12, 31)
    error = refusal(services.promise_create, agreement=laholm, by=coordinator, data=data)
    assert error.message_dict == {"period_to": ["Perioden kan inte sluta före den börjar."]}
    data |= {"period_from": date(2027, 1, 1), "period_to": date(2028, 12, 31)}
    error = refusal(services.promise_create, agreement=laholm, by=coordinator, data=data)
    assert error.message_dict == {
        "period_from": [
            "Medborgarlöftet ska börja medan överenskommelsen gäller (2024-01-01–2026-12-31)."
        ]
    }


def test_a_personnummer_in_the_internal_notes_is_refused_on_that_field(laholm, coordinator, data):
    data["internal_notes"] = f"Gäller {IDENTITY_NUMBER}."
    error = refusal(services.promise_create, agreement=laholm, by=coordinator, data=data)
    assert list(error.message_dict) == ["internal_notes"]


def test_an_edit_is_logged_with_what_changed_and_the_issuers_on_the_history(
    laholm, coordinator, promise, parties
):
    services.promise_update(
        promise=promise,
        by=coordinator,
        data={"title": "Medborgarlöfte 2025–2026", "summary": "Ny text."},
        expected_version=version_of(promise),
    )
    promise.refresh_from_db()
    assert promise.title == "Medborgarlöfte 2025–2026"
    [event] = events(laholm, "actionplan.promise.changed")
    assert event.data["promise"] == "Medborgarlöfte 2025"
    assert set(event.data["changes"]) == {"title", "summary"}


def test_a_stale_edit_is_refused(promise, coordinator):
    seen = version_of(promise)
    services.promise_update(promise=promise, by=coordinator, data={"title": "Först"})
    error = refusal(
        services.promise_update,
        promise=promise,
        by=coordinator,
        data={"title": "Sedan"},
        expected_version=seen,
    )
    assert error.messages == [STALE]
    promise.refresh_from_db()
    assert promise.title == "Först"


@pytest.mark.parametrize("username", ["kommunpolis", "frivard", "ks-ordforande", "annan-kommun"])
def test_nobody_but_the_coordinator_changes_a_promise(user, laholm, data, promise, username):
    someone = user(username)
    with pytest.raises(PermissionDenied):
        services.promise_create(agreement=laholm, by=someone, data=data)
    with pytest.raises(PermissionDenied):
        services.promise_update(promise=promise, by=someone, data={"title": "X"})
    with pytest.raises(PermissionDenied):
        services.promise_publish(promise=promise, by=someone)
    with pytest.raises(PermissionDenied):
        services.dialogue_add(
            promise=promise,
            by=someone,
            data={"kind": "staff", "held_on": TODAY, "summary": "Möte."},
        )


# --- publishing -------------------------------------------------------------------------


def test_a_promise_without_commitments_and_dialogues_is_not_published(laholm, promise, coordinator):
    error = refusal(services.promise_publish, promise=promise, by=coordinator)
    assert error.messages == [
        "Medborgarlöftet kan inte publiceras än. Det saknas: minst ett åtagande och minst en "
        "dialog som löftet bygger på."
    ]
    promise.refresh_from_db()
    assert promise.status == CitizenPromise.Status.DRAFT
    assert not events(laholm, "actionplan.promise.published")


def test_a_promise_with_a_commitment_but_no_dialogue_is_not_published(
    promise, coordinator, commitment
):
    error = refusal(services.promise_publish, promise=promise, by=coordinator)
    assert error.messages == [
        "Medborgarlöftet kan inte publiceras än. Det saknas: minst en dialog som löftet bygger på."
    ]


def test_a_promise_with_a_commitment_and_a_dialogue_is_published_once(
    laholm, promise, coordinator, commitment, dialogue
):
    services.promise_publish(promise=promise, by=coordinator)
    promise.refresh_from_db()
    assert promise.is_published
    assert promise.published_at is not None
    [event] = events(laholm, "actionplan.promise.published")
    assert event.data == {"promise": "Medborgarlöfte 2025"}
    error = refusal(services.promise_publish, promise=promise, by=coordinator)
    assert error.messages == ["Medborgarlöftet är redan publicerat."]


def test_a_published_promise_keeps_its_last_commitment_and_dialogue(
    promise, coordinator, commitment, dialogue
):
    services.promise_publish(promise=promise, by=coordinator)
    error = refusal(services.commitment_remove, commitment=commitment, by=coordinator)
    assert error.messages == [
        "Ett publicerat medborgarlöfte ska ha minst ett åtagande; det här är det sista."
    ]
    error = refusal(services.dialogue_remove, dialogue=dialogue, by=coordinator)
    assert error.messages == [
        "Ett publicerat medborgarlöfte ska bygga på minst en dialog; det här är den sista."
    ]
    assert Commitment.objects.filter(pk=commitment.pk).exists()
    assert Dialogue.objects.filter(pk=dialogue.pk).exists()


# --- commitments ------------------------------------------------------------------------


def test_a_commitment_is_numbered_last_and_logged_with_its_party(
    laholm, promise, commitment, coordinator, parties
):
    second = services.commitment_add(
        promise=promise,
        by=coordinator,
        data={
            "title": "Bättre belysning",
            "responsible": parties["Kommunen"],
            "activities": "Ny belysning i gångtunneln.",
            "follow_up_method": "Trygghetsvandring efteråt.",
        },
    )
    assert (commitment.number, second.number) == (1, 2)
    added = events(laholm, "actionplan.commitment.added")
    assert [e.data for e in added] == [
        {
            "promise": "Medborgarlöfte 2025",
            "commitment": "Fler kvällspatruller vid resecentrum",
            "party": "Polisen",
        },
        {"promise": "Medborgarlöfte 2025", "commitment": "Bättre belysning", "party": "Kommunen"},
    ]


def test_a_commitment_for_kriminalvarden_is_refused(promise, coordinator, parties):
    data = {
        "title": "Återfallsprevention",
        "responsible": parties["Kriminalvården"],
        "activities": "Samtal med klienter.",
        "follow_up_method": "Antal samtal.",
    }
    error = refusal(services.commitment_add, promise=promise, by=coordinator, data=data)
    assert error.message_dict == {"responsible": [COMMITMENT_REFUSED]}
    assert not promise.commitments.exists()


def test_a_commitment_cannot_be_moved_to_kriminalvarden(commitment, coordinator, parties):
    error = refusal(
        services.commitment_update,
        commitment=commitment,
        by=coordinator,
        data={"responsible": parties["Kriminalvården"]},
    )
    assert error.message_dict == {"responsible": [COMMITMENT_REFUSED]}
    commitment.refresh_from_db()
    assert commitment.responsible == parties["Polisen"]


def test_a_stale_commitment_edit_is_refused(commitment, coordinator):
    seen = version_of(commitment)
    services.commitment_update(commitment=commitment, by=coordinator, data={"title": "Först"})
    error = refusal(
        services.commitment_update,
        commitment=commitment,
        by=coordinator,
        data={"title": "Sedan"},
        expected_version=seen,
    )
    assert error.messages == [STALE]


def test_removing_a_commitment_keeps_the_measure_that_carried_it(
    laholm, promise, commitment, coordinator
):
    measure = MeasureFactory(plan__agreement=laholm, commitment=commitment)
    services.commitment_remove(commitment=commitment, by=coordinator)
    measure.refresh_from_db()
    assert measure.commitment is None
    [event] = events(laholm, "actionplan.commitment.removed")
    assert event.data == {
        "promise": "Medborgarlöfte 2025",
        "commitment": "Fler kvällspatruller vid resecentrum",
    }


# --- dialogues and priorities ---------------------------------------------------------------


def test_a_dialogue_is_logged_with_its_kind_and_day(laholm, dialogue):
    [event] = events(laholm, "actionplan.dialogue.added")
    assert event.data == {"promise": "Medborgarlöfte 2025", "kind": "citizen", "day": "2024-10-03"}


def test_a_priority_names_a_dialogue_of_its_own_promise_only(
    laholm, promise, dialogue, coordinator
):
    priority = services.priority_add(
        promise=promise,
        by=coordinator,
        data={
            "rank": 1,
            "title": "Resecentrum på kvällen",
            "description": "",
            "dialogue": dialogue,
        },
    )
    assert priority.dialogue == dialogue
    elsewhere = DialogueFactory(promise__agreement=laholm)
    error = refusal(
        services.priority_update,
        priority=priority,
        by=coordinator,
        data={"dialogue": elsewhere},
    )
    assert error.message_dict == {"dialogue": ["Välj en av det här medborgarlöftets dialoger."]}


def test_removing_a_dialogue_keeps_its_priorities_without_it(promise, dialogue, coordinator, user):
    priority = PriorityFactory(promise=promise, dialogue=dialogue)
    services.dialogue_remove(dialogue=dialogue, by=coordinator)
    priority.refresh_from_db()
    assert priority.dialogue is None
    assert priority.history.first().history_user == coordinator


def test_a_priority_is_removed_with_an_event(laholm, promise, coordinator):
    priority = PriorityFactory(promise=promise, title="Mopedbuskörning")
    services.priority_remove(priority=priority, by=coordinator)
    assert not Priority.objects.filter(pk=priority.pk).exists()
    [event] = events(laholm, "actionplan.priority.removed")
    assert event.data == {"promise": "Medborgarlöfte 2025", "priority": "Mopedbuskörning"}


# --- follow-up reports ------------------------------------------------------------------


def test_a_report_starts_as_a_draft_and_is_published_only_for_a_published_promise(
    laholm, promise, coordinator, commitment, dialogue
):
    report = services.report_create(
        promise=promise,
        by=coordinator,
        data={"reported_on": TODAY, "text": "Patrullerna har ökat.", "internal_notes": ""},
    )
    assert report.status == PromiseReport.Status.DRAFT
    error = refusal(services.report_publish, report=report, by=coordinator)
    assert error.messages == ["Publicera medborgarlöftet innan uppföljningen publiceras."]
    services.promise_publish(promise=promise, by=coordinator)
    services.report_publish(report=report, by=coordinator)
    report.refresh_from_db()
    assert report.status == PromiseReport.Status.PUBLISHED
    [event] = events(laholm, "actionplan.promise_report.published")
    assert event.data == {"promise": "Medborgarlöfte 2025", "day": TODAY.isoformat()}
    error = refusal(services.report_publish, report=report, by=coordinator)
    assert error.messages == ["Uppföljningen är redan publicerad."]


def test_a_report_is_not_dated_in_the_future(promise, coordinator):
    error = refusal(
        services.report_create,
        promise=promise,
        by=coordinator,
        data={"reported_on": TODAY + timedelta(days=1), "text": "Text."},
    )
    assert error.message_dict == {"reported_on": ["Datumet kan inte ligga i framtiden."]}


def test_a_stale_report_edit_is_refused(promise, coordinator):
    report = PromiseReportFactory(promise=promise)
    seen = version_of(report)
    services.report_update(report=report, by=coordinator, data={"text": "Först."})
    error = refusal(
        services.report_update,
        report=report,
        by=coordinator,
        data={"text": "Sedan."},
        expected_version=seen,
    )
    assert error.messages == [STALE]


# --- after the agreement ----------------------------------------------------------------


def test_nothing_changes_after_the_agreement_has_ended(
    laholm, coordinator, data, promise, commitment, dialogue, parties, time_machine
):
    priority = PriorityFactory(promise=promise)
    report = PromiseReportFactory(promise=promise)
    time_machine.move_to(at_ten(laholm.valid_to + timedelta(days=1)))
    calls = [
        (services.promise_create, {"agreement": laholm, "data": data}),
        (services.promise_update, {"promise": promise, "data": {"title": "Ny"}}),
        (services.promise_publish, {"promise": promise}),
        (
            services.commitment_add,
            {
                "promise": promise,
                "data": {
                    "title": "Ny",
                    "responsible": parties["Kommunen"],
                    "activities": "A",
                    "follow_up_method": "B",
                },
            },
        ),
        (services.commitment_update, {"commitment": commitment, "data": {"title": "Ny"}}),
        (services.commitment_remove, {"commitment": commitment}),
        (
            services.dialogue_add,
            {"promise": promise, "data": {"kind": "staff", "held_on": TODAY, "summary": "S"}},
        ),
        (services.dialogue_update, {"dialogue": dialogue, "data": {"summary": "Ny"}}),
        (services.dialogue_remove, {"dialogue": dialogue}),
        (services.priority_add, {"promise": promise, "data": {"rank": 1, "title": "Ny"}}),
        (services.priority_update, {"priority": priority, "data": {"title": "Ny"}}),
        (services.priority_remove, {"priority": priority}),
        (services.report_create, {"promise": promise, "data": {"reported_on": TODAY, "text": "T"}}),
        (services.report_update, {"report": report, "data": {"text": "Ny"}}),
        (services.report_publish, {"report": report}),
    ]
    for call, kwargs in calls:
        assert refusal(call, by=coordinator, **kwargs).messages == [ENDED], call.__name__


def test_the_installation_itself_may_keep_promises(laholm, data):
    promise = services.promise_create(agreement=laholm, by=None, data=data)
    assert promise.created_by is None
    CommitmentFactory(promise=promise, responsible=data["issuers"][0])
    DialogueFactory(promise=promise)
    services.promise_publish(promise=promise, by=None)
    assert CitizenPromise.objects.get(pk=promise.pk).is_published
