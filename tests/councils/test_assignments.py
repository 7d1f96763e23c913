"""Assignments (uppdrag): an adopted council decision gives the operative group an
assignment (description, responsible party, due date), which goes open → in progress →
reported with its report-back, or cancelled. The conveners and whoever submits input for
the responsible party move it on. It is on the group's next agenda, then on the council's
for report-back; overdue ones are listed on both bodies' roster pages."""

from datetime import timedelta

import pytest
from django.urls import reverse

from councils.selectors import assignments_for_meeting, overdue_assignments
from councils.services import decisions
from samverkan.models import Event
from samverkan.services import version_of
from tests.factories import held_meeting
from tests.helpers import STALE, TODAY, at_ten, refusal
from tests.html_helpers import text_of

from .minutes_helpers import OBJECTS, decide, lock, party

pytestmark = pytest.mark.usefixtures("without_the_demos_held_meeting")

OPEN, IN_PROGRESS, REPORTED, CANCELLED = "open", "in_progress", "reported", "cancelled"


@pytest.fixture
def samordnare(user):
    return user("samordnare")


@pytest.fixture
def meeting(council):
    """Laholm's council a week ago (2025-03-05), everyone present."""
    return held_meeting(council)


@pytest.fixture
def give(meeting, samordnare):
    """give(description, party="Polisen", due_on=…): an assignment by an adopted decision
    of `meeting`."""

    def make(description="Ta fram en lägesbild för centrum.", short="Polisen", **kwargs):
        decision = decide(meeting, samordnare)
        return decisions.assignment_give(
            decision=decision,
            description=description,
            responsible_party=party(meeting, short),
            due_on=kwargs.pop("due_on", TODAY + timedelta(days=60)),
            by=samordnare,
            **kwargs,
        )

    return make


def update_url(assignment) -> str:
    body = assignment.body
    return reverse("councils:assignment_update", args=[body.agreement_id, body.pk, assignment.pk])


# --- giving ----------------------------------------------------------------------------------


def test_an_adopted_council_decision_gives_the_operative_group_an_assignment(give, group):
    assignment = give()
    assert (assignment.body, assignment.status, assignment.responsible_party.short_name) == (
        group,
        OPEN,
        "Polisen",
    )
    assert Event.objects.of_action("councils.assignment.given").get().sentence == (
        "Operativa gruppen fick uppdraget ”Ta fram en lägesbild för centrum.” "
        "(Polisen, klart senast 2025-05-11)"
    )


def test_a_decision_not_adopted_gives_no_assignment(meeting, samordnare):
    decision = decide(meeting, samordnare, stances={"Polisen": OBJECTS})
    error = refusal(
        decisions.assignment_give,
        decision=decision,
        description="Uppdrag.",
        responsible_party=party(meeting, "Polisen"),
        due_on=TODAY + timedelta(days=30),
        by=samordnare,
    )
    assert error.messages == ["Beslutet fattades inte och kan inte ge något uppdrag."]


def test_only_the_council_gives_the_operative_group_assignments(group, samordnare):
    meeting = held_meeting(group)
    decision = decide(meeting, samordnare)
    error = refusal(
        decisions.assignment_give,
        decision=decision,
        description="Uppdrag.",
        responsible_party=party(meeting, "Polisen"),
        due_on=TODAY + timedelta(days=30),
        by=samordnare,
    )
    assert error.messages == ["Uppdrag till operativa gruppen ges av strategiska rådet."]


def test_an_assignment_is_due_after_the_meeting_and_within_the_agreement(give, meeting):
    error = refusal(give, due_on=meeting.date)
    assert error.message_dict == {"due_on": ["Uppdraget ska vara klart efter mötet (2025-03-05)."]}
    error = refusal(give, due_on=meeting.agreement.valid_to + timedelta(days=1))
    assert error.message_dict == {
        "due_on": [
            "Uppdraget ska vara klart inom överenskommelsens giltighetstid (2024-01-01–2026-12-31)."
        ]
    }


def test_the_responsible_party_belongs_to_the_agreement(meeting, samordnare, other_agreement):
    error = refusal(
        decisions.assignment_give,
        decision=decide(meeting, samordnare),
        description="Uppdrag.",
        responsible_party=other_agreement.parties.get(),
        due_on=TODAY + timedelta(days=30),
        by=samordnare,
    )
    assert error.message_dict == {
        "responsible_party": ["Parten måste vara part i samma överenskommelse."]
    }


def test_locked_minutes_give_no_new_assignment(meeting, samordnare):
    decision = decide(meeting, samordnare)
    lock(meeting, samordnare)
    error = refusal(
        decisions.assignment_give,
        decision=decision,
        description="Uppdrag.",
        responsible_party=party(meeting, "Polisen"),
        due_on=TODAY + timedelta(days=30),
        by=samordnare,
    )
    assert error.messages == [
        "Protokollet är justerat och låst. En rättelse görs som ett tillägg till protokollet."
    ]


def test_the_convener_gives_an_assignment_on_the_meeting_page(client_as, meeting, samordnare):
    decision = decide(meeting, samordnare)
    client = client_as("samordnare")
    page = client.get(
        reverse("councils:meeting", args=[meeting.agreement_id, meeting.body_id, meeting.pk])
    ).content.decode()
    path = reverse(
        "councils:assignment_give",
        args=[meeting.agreement_id, meeting.body_id, meeting.pk, decision.pk],
    )
    assert path in page
    response = client.post(
        path,
        {
            "description": "Kartlägg otryggheten vid stationen.",
            "responsible_party": party(meeting, "Kommunen").pk,
            "due_on": "2025-06-30",
        },
    )
    assert response.status_code == 302
    assert decision.assignments.get().description == "Kartlägg otryggheten vid stationen."
    assert client_as("kommunpolis").get(path).status_code == 403
    assert client_as("annan-kommun").get(path).status_code == 404


# --- the lifecycle -------------------------------------------------------------------------


def test_an_assignment_goes_from_open_to_in_progress_to_reported(give, user):
    assignment = give()
    kommunpolis = user("kommunpolis")
    decisions.assignment_update(assignment=assignment, status=IN_PROGRESS, by=kommunpolis)
    reported = decisions.assignment_update(
        assignment=assignment,
        status=REPORTED,
        report="  Lägesbilden är klar och bifogad.  ",
        by=kommunpolis,
    )
    assert (reported.status, reported.report) == (REPORTED, "Lägesbilden är klar och bifogad.")
    assert reported.reported_at is not None
    sentences = [
        e.sentence for e in Event.objects.of_action("councils.assignment.changed").order_by("pk")
    ]
    assert sentences == [
        "Uppdraget ”Ta fram en lägesbild för centrum.”: Pågår",
        "Uppdraget ”Ta fram en lägesbild för centrum.”: Återrapporterat",
    ]


def test_a_report_back_needs_its_text(give, samordnare):
    error = refusal(
        decisions.assignment_update, assignment=give(), status=REPORTED, report=" ", by=samordnare
    )
    assert error.message_dict == {"report": ["Skriv återrapporten till strategiska rådet."]}


@pytest.mark.parametrize("final", [REPORTED, CANCELLED])
def test_a_reported_or_cancelled_assignment_is_final(give, samordnare, final):
    assignment = decisions.assignment_update(
        assignment=give(), status=final, report="Klart.", by=samordnare
    )
    label = {REPORTED: "Återrapporterat", CANCELLED: "Avbrutet"}[final]
    error = refusal(decisions.assignment_update, assignment=assignment, status=OPEN, by=samordnare)
    assert error.messages == [f"Uppdraget är redan avslutat ({label})."]


def test_an_unknown_status_is_refused(give, samordnare):
    error = refusal(
        decisions.assignment_update, assignment=give(), status="forgotten", by=samordnare
    )
    assert error.message_dict == {"status": ["Uppdraget kan inte få den statusen."]}


def test_a_stale_report_is_refused(give, samordnare):
    assignment = give()
    seen = version_of(assignment)
    decisions.assignment_update(assignment=assignment, status=IN_PROGRESS, by=samordnare)
    error = refusal(
        decisions.assignment_update,
        assignment=assignment,
        status=CANCELLED,
        by=samordnare,
        expected_version=seen,
    )
    assert error.messages == [STALE]


def test_nothing_changed_writes_nothing(give, samordnare):
    assignment = give()
    decisions.assignment_update(assignment=assignment, status=OPEN, by=samordnare)
    assert not Event.objects.of_action("councils.assignment.changed").exists()


# --- who may report ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("samordnare", 302),  # convenes both bodies
        ("kommunpolis", 302),  # submits input for Polisen, the responsible party
        ("forvaltning", 403),  # submits input for Kommunen only
        ("frivard", 403),
        ("sakerhetschef", 403),
        ("lpo-chef", 403),
        ("annan-kommun", 404),
    ],
)
def test_the_conveners_and_the_responsible_partys_input_givers_report(
    client_as, give, username, status
):
    assignment = give()
    response = client_as(username).post(
        update_url(assignment),
        {"status": IN_PROGRESS, "report": "", "version": version_of(assignment)},
    )
    assert response.status_code == status
    assignment.refresh_from_db()
    assert assignment.status == (IN_PROGRESS if status == 302 else OPEN)


def test_the_report_form_offers_only_the_next_states(client_as, give):
    html = client_as("kommunpolis").get(update_url(give())).content.decode()
    assert html.count('type="radio"') == 4
    assert "Ansvarig: Polisen. Klart senast 2025-05-11." in html


def test_a_finished_assignment_is_not_reported_again(client_as, give, samordnare):
    assignment = decisions.assignment_update(assignment=give(), status=CANCELLED, by=samordnare)
    response = client_as("samordnare").get(update_url(assignment), follow=True)
    assert "Uppdraget är redan avslutat (Avbrutet)." in response.content.decode()


def test_an_assignment_is_not_found_under_the_council(client_as, give, council):
    assignment = give()
    path = reverse(
        "councils:assignment_update", args=[council.agreement_id, council.pk, assignment.pk]
    )
    assert client_as("samordnare").get(path).status_code == 404


# --- on the agendas ------------------------------------------------------------------------


def test_an_open_assignment_is_on_the_operative_groups_next_meeting(give, group, samordnare):
    assignment = give()
    before = held_meeting(group, day=TODAY - timedelta(days=10))
    after = held_meeting(group, day=TODAY - timedelta(days=2))
    assert list(assignments_for_meeting(before)) == []
    assert list(assignments_for_meeting(after)) == [assignment]
    decisions.assignment_update(
        assignment=assignment, status=REPORTED, report="Klart.", by=samordnare
    )
    assert list(assignments_for_meeting(after)) == [assignment]  # still open then
    assert list(assignments_for_meeting(held_meeting(group, day=TODAY + timedelta(days=7)))) == []


def test_a_cancelled_assignment_is_on_no_agenda(give, group, samordnare):
    assignment = give()
    after = held_meeting(group, day=TODAY - timedelta(days=2))
    decisions.assignment_update(assignment=assignment, status=CANCELLED, by=samordnare)
    assert list(assignments_for_meeting(after)) == []


def test_the_council_follows_up_open_assignments_and_hears_reports_since_its_last_meeting(
    give, meeting, council, samordnare, time_machine
):
    reported_early, reported_late, still_open, cancelled = (
        give(description=f"Uppdrag {n}.") for n in range(4)
    )
    decisions.assignment_update(
        assignment=reported_early, status=REPORTED, report="Klart.", by=samordnare
    )  # 2025-03-12, before the council's next meeting on 2025-04-02
    decisions.assignment_update(assignment=cancelled, status=CANCELLED, by=samordnare)
    next_meeting = held_meeting(council, day=TODAY + timedelta(days=21))
    time_machine.move_to(at_ten(TODAY + timedelta(days=30)))
    decisions.assignment_update(
        assignment=reported_late, status=REPORTED, report="Klart.", by=samordnare
    )
    following = held_meeting(council, day=TODAY + timedelta(days=40))

    assert list(assignments_for_meeting(meeting)) == []  # given there
    assert set(assignments_for_meeting(next_meeting)) == {reported_early, reported_late, still_open}
    assert set(assignments_for_meeting(following)) == {reported_late, still_open}


def test_the_meeting_page_lists_the_assignments_to_take_up(client_as, give, group):
    give(description="Kartlägg klotter.")
    later = held_meeting(group, day=TODAY - timedelta(days=1))
    html = (
        client_as("forvaltning")
        .get(reverse("councils:meeting", args=[later.agreement_id, later.body_id, later.pk]))
        .content.decode()
    )
    assert "Kartlägg klotter." in text_of(html.split('id="uppdrag"')[1])


# --- overdue -------------------------------------------------------------------------------


def test_overdue_assignments_are_those_past_due_neither_reported_nor_cancelled(
    give, laholm, samordnare
):
    late = give(description="Sent.", due_on=TODAY + timedelta(days=5))
    give(description="I tid.", due_on=TODAY + timedelta(days=50))
    done = give(description="Klart.", due_on=TODAY + timedelta(days=5))
    decisions.assignment_update(assignment=done, status=REPORTED, report="Ja.", by=samordnare)
    assert list(overdue_assignments(laholm, TODAY + timedelta(days=6))) == [late]
    assert late.is_overdue(TODAY + timedelta(days=6))


@pytest.mark.parametrize("kind", ["strategic", "operative"])
def test_both_bodies_roster_pages_list_overdue_assignments_as_late_in_words(
    client_as, give, laholm, kind, time_machine
):
    give(description="Kartlägg klotter.", due_on=TODAY + timedelta(days=5))
    time_machine.move_to(at_ten(TODAY + timedelta(days=6)))
    body = laholm.bodies.get(kind=kind)
    html = (
        client_as("sakerhetschef")
        .get(reverse("councils:roster", args=[laholm.pk, body.pk]))
        .content.decode()
    )
    section = text_of(
        html.split('<section aria-labelledby="forsenade-uppdrag"')[1].split("</section>")[0]
    )
    assert "Försenade uppdrag till operativa gruppen" in section
    assert "Kartlägg klotter." in section
    assert "Polisen 2025-03-17 Försenat Ej påbörjat" in section
    assert "Rapportera" not in section  # sakerhetschef may not


def test_the_roster_links_an_overdue_assignment_to_whoever_may_report(
    client_as, give, laholm, group, time_machine
):
    assignment = give(due_on=TODAY + timedelta(days=5))
    time_machine.move_to(at_ten(TODAY + timedelta(days=6)))
    html = (
        client_as("kommunpolis")
        .get(reverse("councils:roster", args=[laholm.pk, group.pk]))
        .content.decode()
    )
    assert update_url(assignment) in html


def test_no_overdue_assignments_no_section(client_as, give, laholm, group):
    give()
    html = (
        client_as("sakerhetschef")
        .get(reverse("councils:roster", args=[laholm.pk, group.pk]))
        .content.decode()
    )
    assert "forsenade-uppdrag" not in html
