"""The history pages of a meeting, a follow-up of the action plan and a request for input:
who changed what, when, from what to what; shown to exactly those who see the object's
own page, in the same number of queries however long the history is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan.models import FollowUp, Outcome
from actionplan.services import followups as follow_up_services
from councils.demo import HELD_STARTS
from councils.models import Assignment, Body, Decision, Meeting
from councils.services import invitations
from councils.services import meetings as meeting_services
from situation.models import InputRequest
from situation.services.requests import request_close, request_send
from tests.actionplan.factories import ActionPlanFactory, MeasureFactory
from tests.factories import MeetingFactory
from tests.helpers import OUTSIDER, TODAY
from tests.html_helpers import table_rows, text_of
from tests.samverkan.test_history_paging import add_versions


@pytest.fixture(autouse=True)
def quiet_invitations(monkeypatch):
    """Invitations are the invitations' tests' business: here they send nothing."""
    for name in ("invitees_from_roster", "meeting_changed", "meeting_cancelled"):
        monkeypatch.setattr(invitations, name, lambda *, meeting, by: None)


@pytest.fixture
def council(laholm) -> Body:
    return laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)


@pytest.fixture
def coordinator(user):
    return user("samordnare")


def rows(client, url: str) -> list[list[str]]:
    """The history table's rows as read: time, what, change, by whom."""
    response = client.get(url)
    assert response.status_code == 200, url
    return [[text_of(cell) for cell in row] for row in table_rows(response.content.decode())]


def queries_for(client, url: str) -> int:
    client.get(url)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def later_than_now():
    """A moment after every history row so far: added rows come first on the page."""
    return timezone.now() + timedelta(minutes=1)


# --- the meeting ------------------------------------------------------------------------


def meeting_url(meeting, name="councils:meeting_history") -> str:
    return reverse(name, args=[meeting.agreement_id, meeting.body_id, meeting.pk])


@pytest.fixture
def meeting(council) -> Meeting:
    return MeetingFactory(body=council, place="Kommunhuset, Laholm")


def test_a_moved_meeting_shows_who_moved_it_when_and_from_where_to_where(
    client_as, meeting, coordinator
):
    meeting_services.meeting_update(meeting=meeting, by=coordinator, place="Stadshuset, Laholm")
    meeting_services.agenda_item_add(meeting=meeting, title="Aktuell lägesbild", by=coordinator)

    added, changed = rows(client_as("kommunpolis"), meeting_url(meeting))[:2]

    assert changed[0].startswith(TODAY.isoformat())
    assert (
        changed[1]
        == f"Möte: Strategiskt råd {timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"
    )
    assert "Plats: Kommunhuset, Laholm → Stadshuset, Laholm" in changed[2]
    assert changed[3] == coordinator.get_full_name()
    assert added[1:] == [
        "Dagordningspunkt: Aktuell lägesbild",
        "Skapad",
        coordinator.get_full_name(),
    ]


def test_the_meeting_page_links_its_history(client_as, meeting):
    page = client_as("kommunpolis").get(meeting_url(meeting, "councils:meeting"))
    assert f'href="{meeting_url(meeting)}"' in page.content.decode()


def test_the_minutes_decisions_positions_and_assignments_are_in_the_meetings_history(
    client_as, council
):
    held = council.meetings.get(starts_at=HELD_STARTS)
    kinds = {row[1].split(":")[0] for row in rows(client_as("kommunpolis"), meeting_url(held))}
    assert {"Möte", "Dagordningspunkt", "Kallad", "Beslut", "Ställningstagande"} <= kinds
    assert "Uppdrag till operativa gruppen" in kinds


def test_a_meeting_not_yet_convened_has_no_history_for_whoever_may_not_see_it(client_as, council):
    draft = MeetingFactory(body=council, status=Meeting.Status.DRAFT)
    member = client_as("kommunpolis")
    assert member.get(meeting_url(draft, "councils:meeting")).status_code == 404
    assert member.get(meeting_url(draft)).status_code == 404
    assert client_as("samordnare").get(meeting_url(draft)).status_code == 200


def test_no_meeting_history_for_the_outsider_nor_the_anonymous(client_as, meeting):
    assert client_as(None).get(meeting_url(meeting)).status_code == 302
    assert client_as(OUTSIDER).get(meeting_url(meeting)).status_code == 404


def test_a_meeting_under_another_body_has_no_history_there(client_as, laholm, meeting):
    group = laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)
    url = reverse("councils:meeting_history", args=[laholm.pk, group.pk, meeting.pk])
    assert client_as("samordnare").get(url).status_code == 404


def test_a_long_meeting_history_costs_no_more_queries_than_a_short_one(
    client_as, council, coordinator
):
    held = council.meetings.get(starts_at=HELD_STARTS)
    member = client_as("kommunpolis")
    few = queries_for(member, meeting_url(held))

    start = later_than_now()
    decision = Decision.objects.filter(item__meeting=held).first()
    for instance, changes in (
        (held, {"place": lambda n: f"Sal {n}"}),
        (held.items.first(), {"notes": lambda n: f"Underlag {n}"}),
        (held.invitees.first(), {"attendance": lambda n: ("present", "absent")[n % 2]}),
        (decision, {"reason": lambda n: f"Skäl {n}"}),
        (decision.positions.first(), {"stance": lambda n: ("agrees", "abstains")[n % 2]}),
        (Assignment.objects.filter(decision=decision).first(), {"report": lambda n: f"R {n}"}),
    ):
        add_versions(instance, 30, start=start, by=coordinator, **changes)

    many = queries_for(member, meeting_url(held))
    assert many == few
    # Every table has rows on the first page, so each was read and labelled.
    response = member.get(meeting_url(held))
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.num_pages > 3


# --- a follow-up of the action plan -----------------------------------------------------


@pytest.fixture
def plan(laholm):
    plan = ActionPlanFactory(agreement=laholm, title="Åtgärdsplan 2025–2026")
    plan.measure = MeasureFactory(
        plan=plan,
        number=1,
        title="Trygghetsvandringar",
        responsible=laholm.parties.get(short_name="Polisen"),
    )
    return plan


@pytest.fixture
def follow_up(plan, coordinator) -> FollowUp:
    return follow_up_services.follow_up_start(
        plan=plan, by=coordinator, data={"held_on": TODAY - timedelta(days=1)}
    )


def follow_up_url(follow_up, name="actionplan:follow_up_history") -> str:
    plan = follow_up.plan
    return reverse(name, args=[plan.agreement_id, plan.pk, follow_up.pk])


def write_outcome(follow_up, coordinator, text):
    follow_up_services.follow_up_update(
        follow_up=follow_up,
        by=coordinator,
        data={},
        outcomes={follow_up.plan.measure.pk: {"outcome": text, "effect": Outcome.Effect.PARTLY}},
    )


def test_a_rewritten_outcome_shows_who_rewrote_it_and_from_what(
    client_as, plan, follow_up, coordinator
):
    follow_up.plan = plan
    write_outcome(follow_up, coordinator, "Sex vandringar.")
    write_outcome(follow_up, coordinator, "Tolv vandringar.")

    newest = rows(client_as("kommunpolis"), follow_up_url(follow_up))[0]

    assert newest[0].startswith(TODAY.isoformat())
    assert newest[1] == "Utfall: Trygghetsvandringar"
    assert "Utfall: Sex vandringar. → Tolv vandringar." in newest[2]
    assert newest[3] == coordinator.get_full_name()


def test_the_follow_up_page_links_its_history(client_as, follow_up):
    page = client_as("kommunpolis").get(follow_up_url(follow_up, "actionplan:follow_up_detail"))
    assert f'href="{follow_up_url(follow_up)}"' in page.content.decode()


def test_no_follow_up_history_for_the_outsider_nor_under_another_plan(client_as, laholm, follow_up):
    assert client_as(OUTSIDER).get(follow_up_url(follow_up)).status_code == 404
    other = ActionPlanFactory(agreement=laholm)
    url = reverse("actionplan:follow_up_history", args=[laholm.pk, other.pk, follow_up.pk])
    assert client_as("samordnare").get(url).status_code == 404


def test_a_long_follow_up_history_costs_no_more_queries_than_a_short_one(
    client_as, plan, follow_up, coordinator
):
    follow_up.plan = plan
    write_outcome(follow_up, coordinator, "Sex vandringar.")
    member = client_as("kommunpolis")
    few = queries_for(member, follow_up_url(follow_up))

    start = later_than_now()
    add_versions(follow_up, 40, start=start, by=coordinator, summary=lambda n: f"Möte {n}")
    outcome = follow_up.outcomes.get()
    add_versions(outcome, 40, start=start, by=coordinator, outcome=lambda n: f"{n} vandringar")

    assert queries_for(member, follow_up_url(follow_up)) == few


# --- a request for input ----------------------------------------------------------------


@pytest.fixture
def input_request(laholm, coordinator) -> InputRequest:
    return request_send(
        agreement=laholm, by=coordinator, title="Inför mötet i april", due_on=TODAY + timedelta(7)
    )


def request_url(input_request, name="situation:request_history") -> str:
    return reverse(name, args=[input_request.agreement_id, input_request.pk])


def test_a_closed_request_shows_who_closed_it(client_as, input_request, coordinator):
    request_close(request=input_request, by=coordinator)

    closed = rows(client_as("kommunpolis"), request_url(input_request))[0]

    assert closed[1] == "Begäran om underlag: Inför mötet i april"
    assert closed[2].startswith("Ändrad Avslutad:")
    assert closed[3] == coordinator.get_full_name()


def test_the_request_page_links_its_history(client_as, input_request):
    page = client_as("kommunpolis").get(request_url(input_request, "situation:request_detail"))
    assert f'href="{request_url(input_request)}"' in page.content.decode()


def test_whoever_may_not_read_the_request_may_not_read_its_history(client_as, input_request):
    # A signatory with no seat has no part in the situation picture.
    no_part = client_as("ks-ordforande")
    assert no_part.get(request_url(input_request, "situation:request_detail")).status_code == 403
    assert no_part.get(request_url(input_request)).status_code == 403
    assert client_as(OUTSIDER).get(request_url(input_request)).status_code == 404


def test_a_long_request_history_costs_no_more_queries_than_a_short_one(
    client_as, input_request, coordinator
):
    member = client_as("kommunpolis")
    few = queries_for(member, request_url(input_request))
    add_versions(
        input_request, 60, start=later_than_now(), by=coordinator, title=lambda n: f"Inför {n}"
    )
    assert queries_for(member, request_url(input_request)) == few
