"""The start page's "Att göra" (samverkan/start.py, with the groups councils, situation and
actionplan register): for the person logged in, their next meetings, the requests for
input their party has yet to answer, the versions awaiting their signature, their party's
open assignments and its measures without a recent status update, each linking to where
they act. Only their own parties' and bodies' items, only in agreements they are in, and a
constant number of queries however much there is.

The clock is frozen on 2025-03-12 (tests/helpers.py NOW); the demo then has one open
request for input due 2025-03-19, one assignment of Polisen due 2025-05-31, the meetings
of 2026, and measures last updated months ago (Polisen's and Kriminalvården's)."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import tests.pages  # noqa: F401 (first: it joins the registry, pages_versions with it)
from actionplan.models import ActionPlan, Measure
from actionplan.services.plans import measure_status_update
from councils.models import Assignment, Body, Meeting
from councils.roles import sync_all
from councils.services.decisions import assignment_update
from councils.services.meetings import meeting_cancel
from samverkan.models import AnnexVersion
from situation.models import InputRequest
from situation.services.requests import request_close
from tests.annexes.pages_versions import decided_by_council, new_annex, sign_as, snapshot
from tests.factories import InviteeFactory, MeetingFactory
from tests.helpers import DEMO_USERNAMES, OUTSIDER, TODAY, at_ten, person
from tests.html_helpers import text_of
from tests.situation.factories import InputRequestFactory, SituationInputFactory

pytestmark = pytest.mark.django_db

HOME = "/"
MEETINGS = "Mina nästa möten"
REQUESTS = "Underlag till lägesbilden"
SIGNATURES = "Väntar på din underskrift"
ASSIGNMENTS = "Uppdrag till min part"
MEASURES = "Åtgärder som behöver en statusuppdatering"
NOTHING = "Inget att göra just nu."

DEMO_REQUEST = "Aktuell information inför operativa gruppens nästa möte"
DEMO_ASSIGNMENT = "Ta fram ett underlag om otryggheten kring resecentrum"
# Polisen's measures last updated 2024-08-05 and 2024-11-04, Kriminalvården's 2024-12-02.
POLICE_STALE = ["Mobil polisstation i Mellbystrand", "Insatser mot narkotikaförsäljning"]
PRISON_STALE = "Samordnad frigivning för unga vuxna"


def todo_html(client) -> str:
    """The "Att göra" section of the start page."""
    response = client.get(reverse("samverkan:home"))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<section aria-labelledby="todo-heading"')
    return html[start : html.index('<ul class="cards">', start)]


def groups(client) -> dict[str, list[tuple[str, str]]]:
    """{group heading: [(the item's text, its link), …]}, in the page's order."""
    found = {}
    for chunk in todo_html(client).split("<h3 ")[1:]:
        heading = text_of(chunk[chunk.index(">") + 1 : chunk.index("</h3>")])
        found[heading] = [
            (text_of(item), re.search(r'href="([^"]+)"', item).group(1))
            for item in re.findall(r"<li>(.*?)</li>", chunk, re.S)
        ]
    return found


def texts(client, heading: str) -> list[str]:
    return [text for text, _link in groups(client).get(heading, [])]


def party(agreement, short_name: str):
    return agreement.parties.get(short_name=short_name)


# --- who sees which groups --------------------------------------------------------------

# On the frozen date, in the demo. The coordinator and the operative group's members submit
# input for their party; every seat holder updates their party's measures; the signatories
# sign (nothing is decided and awaiting signatures in the demo).
DEMO_GROUPS = {
    "samordnare": [MEETINGS, REQUESTS],
    "sakerhetschef": [MEETINGS],
    "laholmshem": [MEETINGS],
    "kommunpolis": [MEETINGS, REQUESTS, ASSIGNMENTS, MEASURES],
    "lpo-chef": [MEETINGS, ASSIGNMENTS, MEASURES],
    "frivardschef": [MEETINGS, MEASURES],
    "frivard": [MEETINGS, REQUESTS, MEASURES],
    # A signatory with no seat: no meetings, and Kommunen has nothing open.
    "ks-ordforande": [],
    "forvaltning": [MEETINGS, REQUESTS],
    OUTSIDER: [],
}


def test_every_demo_role_is_listed():
    assert set(DEMO_GROUPS) == set(DEMO_USERNAMES) | {OUTSIDER}


@pytest.mark.parametrize("username", DEMO_GROUPS)
def test_each_demo_role_sees_its_groups_in_order(client_as, laholm, username):
    client = client_as(username)
    assert list(groups(client)) == DEMO_GROUPS[username]
    html = todo_html(client)
    assert '<h2 id="todo-heading">Att göra</h2>' in html
    assert (NOTHING in html) is (not DEMO_GROUPS[username])
    assert ("Det här behöver dig nu." in html) is bool(DEMO_GROUPS[username])


def test_the_agreements_and_the_renewal_line_stay_on_the_page(client_as, laholm):
    response = client_as("samordnare").get(reverse("samverkan:home"))
    html = response.content.decode()
    assert laholm in response.context["agreements"]
    assert html.index('id="todo-heading"') < html.index('<ul class="cards">')
    assert f'href="{reverse("samverkan:agreement", args=[laholm.pk])}"' in html


def test_the_outsider_sees_nothing_of_laholm_but_their_own_meeting(
    client_as, laholm, other_agreement
):
    body = other_agreement.bodies.get()
    MeetingFactory(body=body, starts_at=at_ten(TODAY + timedelta(days=20)))
    client = client_as(OUTSIDER)
    [(text, link)] = groups(client)[MEETINGS]
    assert link.startswith(f"/overenskommelser/{other_agreement.pk}/")
    html = todo_html(client)
    assert f"/overenskommelser/{laholm.pk}/" not in html
    for laholm_thing in (DEMO_REQUEST, DEMO_ASSIGNMENT, *POLICE_STALE, "Humlegången"):
        assert laholm_thing not in html
    # And Laholm's members do not see the other agreement's meeting.
    assert all(
        not link.startswith(f"/overenskommelser/{other_agreement.pk}/")
        for _text, link in groups(client_as("kommunpolis"))[MEETINGS]
    )


# --- meetings ---------------------------------------------------------------------------


def test_the_next_five_meetings_of_the_bodies_one_sits_on_in_stockholm_time(client_as, laholm):
    client = client_as("kommunpolis")  # on both bodies
    meetings = groups(client)[MEETINGS]
    assert [text.split(",")[0] for text, _link in meetings] == [
        "Operativ samverkansgrupp",
        "Strategiskt råd",
        "Operativ samverkansgrupp",
        "Strategiskt råd",
        "Operativ samverkansgrupp",
    ]
    first = Meeting.objects.get(body__agreement=laholm, starts_at__date=date(2026, 1, 29))
    assert meetings[0] == (
        "Operativ samverkansgrupp, torsdag 29 januari 2026 13:00 "
        "Ordinarie möte, Humlegången 6, Laholm",
        reverse("councils:meeting", args=[laholm.pk, first.body_id, first.pk]),
    )
    html = todo_html(client)
    # Stored in UTC, shown and marked up in Stockholm's time, summer time included.
    assert '<time datetime="2026-01-29T13:00:00+01:00">' in html
    assert '<time datetime="2026-05-07T13:00:00+02:00">torsdag 7 maj 2026 13:00</time>' in html


def test_a_council_member_sees_the_councils_meetings_and_those_they_are_called_to(
    client_as, laholm
):
    client = client_as("laholmshem")  # on the council only
    assert {text.split(",")[0] for text in texts(client, MEETINGS)} == {"Strategiskt råd"}
    operative = laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)
    meeting = MeetingFactory(body=operative, starts_at=at_ten(TODAY + timedelta(days=3)))
    InviteeFactory(meeting=meeting, person=person("laholmshem"), role="guest")
    first, link = groups(client)[MEETINGS][0]
    assert first.startswith("Operativ samverkansgrupp, lördag 15 mars 2025 10:00 Snart")
    assert link == reverse("councils:meeting", args=[laholm.pk, operative.pk, meeting.pk])


def test_a_cancelled_or_ended_meeting_is_not_listed(client_as, user, laholm, time_machine):
    client = client_as("kommunpolis")
    first = Meeting.objects.filter(body__agreement=laholm).order_by("starts_at")[1]
    assert first.starts_at.date() == date(2026, 1, 29)
    meeting_cancel(meeting=first, reason="Krockar med budgetarbetet.", by=user("samordnare"))
    assert not any("29 januari 2026" in text for text in texts(client, MEETINGS))
    time_machine.move_to(at_ten(date(2026, 2, 13)))  # the day after the council's
    client = client_as("kommunpolis")  # logged in again: the session has long expired
    assert texts(client, MEETINGS)[0].startswith("Operativ samverkansgrupp, onsdag 25 mars 2026")


# --- requests for input -----------------------------------------------------------------


def test_a_request_due_shows_for_whoever_submits_for_each_party(client_as, laholm):
    request = laholm.input_requests.get(title=DEMO_REQUEST)
    link = reverse("situation:input_create", args=[laholm.pk]) + f"?request={request.pk}"
    for username, short_name in [
        ("samordnare", "Kommunen"),
        ("forvaltning", "Kommunen"),
        ("kommunpolis", "Polisen"),
        ("frivard", "Kriminalvården"),
    ]:
        assert groups(client_as(username))[REQUESTS] == [
            (
                f"{DEMO_REQUEST} Snart Ska inkomma senast 2025-03-19 "
                f"· Underlag från {short_name}"
                + (" · Samverkansöverenskommelse 2024–2026" if username == "samordnare" else ""),
                link,
            )
        ]
    # Of Polisen, but submitting for nobody: nothing to answer.
    assert REQUESTS not in groups(client_as("lpo-chef"))


def test_a_request_answered_by_the_party_leaves_that_party_only(client_as, laholm):
    request = laholm.input_requests.get(title=DEMO_REQUEST)
    polisen = party(laholm, "Polisen")
    SituationInputFactory(agreement=laholm, party=polisen, request=request, status="draft")
    assert texts(client_as("kommunpolis"), REQUESTS)  # a draft is no answer
    SituationInputFactory(agreement=laholm, party=polisen, request=request)
    assert REQUESTS not in groups(client_as("kommunpolis"))
    assert texts(client_as("frivard"), REQUESTS)


def test_requests_are_listed_from_fourteen_days_before_they_are_due_until_closed(
    client_as, user, laholm, time_machine
):
    InputRequestFactory(agreement=laholm, title="Om två veckor", due_on=TODAY + timedelta(14))
    InputRequestFactory(agreement=laholm, title="Om femton dagar", due_on=TODAY + timedelta(15))
    listed = texts(client_as("kommunpolis"), REQUESTS)
    assert [text.split(" Snart")[0] for text in listed] == [DEMO_REQUEST, "Om två veckor"]

    time_machine.move_to(at_ten(date(2025, 3, 20)))
    listed = texts(client_as("kommunpolis"), REQUESTS)
    assert listed[0].startswith(f"{DEMO_REQUEST} Försenad Ska inkomma senast 2025-03-19")
    assert 'class="tag tag--late">Försenad</span>' in todo_html(client_as("kommunpolis"))
    assert any(text.startswith("Om femton dagar") for text in listed)

    request_close(request=InputRequest.objects.get(title=DEMO_REQUEST), by=user("samordnare"))
    assert not any(DEMO_REQUEST in text for text in texts(client_as("kommunpolis"), REQUESTS))


# --- versions awaiting one's signature --------------------------------------------------


@pytest.fixture
def decided(laholm, user):
    """A version of a new annex, decided by the council and awaiting every signature."""
    annex = new_annex(laholm)
    content = snapshot("Trygghetsplan 2025", ["Trygghetsvandringar"])
    return decided_by_council(laholm, annex, content, user("samordnare"))


def test_a_decided_version_waits_for_each_signatory_until_they_sign(client_as, user, decided):
    link = reverse("samverkan:version_sign", args=[decided.agreement_id, decided.pk])
    for username, short_name in [
        ("lpo-chef", "Polisen"),
        ("frivardschef", "Kriminalvården"),
        ("ks-ordforande", "Kommunen"),
    ]:
        assert groups(client_as(username))[SIGNATURES] == [
            (
                f"{decided} Väntar på dig Beslutad 2025-03-12 · Underteckna för {short_name} "
                "· Samverkansöverenskommelse 2024–2026",
                link,
            )
        ]
    for username in ("samordnare", "kommunpolis", "frivard"):
        assert SIGNATURES not in groups(client_as(username))

    sign_as(decided, "Polisen", user)
    assert SIGNATURES not in groups(client_as("lpo-chef"))
    assert texts(client_as("frivardschef"), SIGNATURES)


def test_a_version_not_yet_decided_waits_for_no_signature(client_as, laholm, decided):
    AnnexVersion.objects.filter(pk=decided.pk).update(state=AnnexVersion.State.PRESENTED)
    assert SIGNATURES not in groups(client_as("lpo-chef"))


def test_a_signatory_for_two_parties_has_a_line_for_each(client_as, user, laholm, decided):
    kriminalvarden = party(laholm, "Kriminalvården")
    kriminalvarden.signatory_user = user("lpo-chef")
    kriminalvarden.save()  # the rights follow (councils/apps.py)
    listed = texts(client_as("lpo-chef"), SIGNATURES)
    assert [text.split(" · ")[1] for text in listed] == [
        "Underteckna för Polisen",
        "Underteckna för Kriminalvården",
    ]
    assert SIGNATURES not in groups(client_as("frivardschef"))


# --- assignments ------------------------------------------------------------------------


@pytest.fixture
def demo_assignment(laholm):
    return Assignment.objects.get(body__agreement=laholm)


def test_a_polisen_member_sees_polisens_assignment_and_not_kommunens(
    client_as, laholm, demo_assignment
):
    Assignment.objects.create(
        decision=demo_assignment.decision,
        body=demo_assignment.body,
        description="Kartlägg belysningen i centrum.",
        responsible_party=party(laholm, "Kommunen"),
        due_on=TODAY + timedelta(days=40),
    )
    meeting = demo_assignment.decision.item.meeting
    # Whoever submits input for Polisen reports on it; the others read it at its meeting.
    update = reverse(
        "councils:assignment_update", args=[laholm.pk, demo_assignment.body_id, demo_assignment.pk]
    )
    read = reverse("councils:meeting", args=[laholm.pk, meeting.body_id, meeting.pk])
    for username, link in [("kommunpolis", update), ("lpo-chef", read)]:
        [(text, found)] = groups(client_as(username))[ASSIGNMENTS]
        assert text.startswith(DEMO_ASSIGNMENT)
        assert "Klart senast 2025-05-31 · Polisen ansvarar, pågår" in text
        assert found == link
    for username in ("samordnare", "ks-ordforande"):
        [text] = texts(client_as(username), ASSIGNMENTS)
        assert text.startswith("Kartlägg belysningen i centrum.")
    assert ASSIGNMENTS not in groups(client_as("frivard"))


def test_overdue_assignments_come_first_and_reported_ones_go(
    client_as, user, laholm, demo_assignment
):
    common = {"decision": demo_assignment.decision, "body": demo_assignment.body}
    polisen = party(laholm, "Polisen")
    late = Assignment.objects.create(
        description="Sammanställ anmälningarna.", responsible_party=polisen,
        due_on=TODAY - timedelta(days=1), **common,
    )  # fmt: skip
    Assignment.objects.create(
        description="Klart om en vecka.", responsible_party=polisen,
        due_on=TODAY + timedelta(days=7), **common,
    )  # fmt: skip
    listed = texts(client_as("kommunpolis"), ASSIGNMENTS)
    assert [text.split(" Klart senast")[0] for text in listed[:2]] == [
        "Sammanställ anmälningarna. Försenad",
        "Klart om en vecka. Snart",
    ]
    # The demo's, due 2025-05-31 and not yet soon; its description cut at 80 characters.
    assert listed[2].startswith(DEMO_ASSIGNMENT) and "… Klart senast 2025-05-31" in listed[2]
    assignment_update(
        assignment=late, status=Assignment.Status.REPORTED, report="Klart.", by=user("kommunpolis")
    )
    assert len(texts(client_as("kommunpolis"), ASSIGNMENTS)) == 2


# --- measures ---------------------------------------------------------------------------


def test_a_partys_measures_without_an_update_for_three_months_show_for_its_people(
    client_as, laholm
):
    police = texts(client_as("kommunpolis"), MEASURES)
    assert [text.split(" Senast")[0] for text in police] == [
        "Mobil polisstation i Mellbystrand helgerna i juli",
        "Insatser mot narkotikaförsäljning till unga",
    ]
    assert police[0].endswith("Senast uppdaterad 2024-08-05 · Polisen ansvarar, pågår")
    [prison] = texts(client_as("frivard"), MEASURES)
    assert prison.startswith(PRISON_STALE)
    # Kommunen's measures were updated lately; nobody sees another party's.
    for username in ("samordnare", "sakerhetschef", "forvaltning"):
        assert MEASURES not in groups(client_as(username))


def test_a_status_update_takes_the_measure_off_the_list(client_as, user, laholm):
    measure = Measure.objects.get(plan__agreement=laholm, title__startswith="Insatser mot")
    [(_text, link)] = [
        entry for entry in groups(client_as("kommunpolis"))[MEASURES] if "Insatser" in entry[0]
    ]
    assert link == reverse(
        "actionplan:measure_detail", args=[laholm.pk, measure.plan_id, measure.pk]
    )
    measure_status_update(
        measure=measure,
        status=Measure.Status.ONGOING,
        on=TODAY,
        comment="Två tillslag under februari.",
        by=user("kommunpolis"),
    )
    assert [text.split(" Senast")[0] for text in texts(client_as("lpo-chef"), MEASURES)] == [
        "Mobil polisstation i Mellbystrand helgerna i juli"
    ]


@pytest.mark.parametrize(("day", "listed"), [(date(2025, 2, 4), False), (date(2025, 2, 5), True)])
def test_three_months_after_the_last_update_the_measure_is_listed(
    client_as, laholm, time_machine, day, listed
):
    # Last updated 2024-11-04: still within three months on 2025-02-04.
    time_machine.move_to(at_ten(day))
    shown = texts(client_as("kommunpolis"), MEASURES)
    assert any(text.startswith("Insatser mot narkotikaförsäljning") for text in shown) is listed


def test_a_measure_never_updated_counts_from_its_start(client_as, laholm):
    plan = laholm.action_plans.get(status=ActionPlan.Status.ADOPTED)
    fields = {"plan": plan, "goal": "Färre anmälningar.", "ends_on": date(2026, 6, 30)}
    polisen = party(laholm, "Polisen")
    Measure.objects.create(
        title="Begun four months ago", starts_on=TODAY - timedelta(days=120),
        responsible=polisen, status=Measure.Status.ONGOING, **fields,
    )  # fmt: skip
    Measure.objects.create(
        title="Begun last month", starts_on=TODAY - timedelta(days=30),
        responsible=polisen, status=Measure.Status.ONGOING, **fields,
    )  # fmt: skip
    Measure.objects.create(
        title="Not begun", starts_on=TODAY + timedelta(days=30),
        responsible=polisen, **fields,
    )  # fmt: skip
    shown = texts(client_as("kommunpolis"), MEASURES)
    [begun] = [text for text in shown if text.startswith("Begun")]
    assert begun == (
        "Begun four months ago Ingen statusuppdatering sedan starten 2024-11-12 "
        "· Polisen ansvarar, pågår"
    )
    assert not any(text.startswith("Not begun") for text in shown)


# --- after the agreement ----------------------------------------------------------------


def test_once_the_agreement_has_ended_its_open_items_need_nobody(client_as, laholm, time_machine):
    time_machine.move_to(at_ten(date(2027, 1, 15)))
    sync_all()  # as the daily `manage.py syncroles` would
    html = todo_html(client_as("kommunpolis"))
    for item in (DEMO_ASSIGNMENT, *POLICE_STALE, DEMO_REQUEST):
        assert item not in html


# --- queries ----------------------------------------------------------------------------


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("samverkan:home")).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("username", ["kommunpolis", "lpo-chef"])
def test_the_start_page_runs_as_many_queries_with_much_more_to_do(
    client_as, user, laholm, demo_assignment, django_assert_max_num_queries, username
):
    client = client_as(username)
    client.get(reverse("samverkan:home"))  # warm per-process caches
    before = _queries(client)
    shown = {heading: len(items) for heading, items in groups(client).items()}

    polisen = party(laholm, "Polisen")
    operative = laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)
    plan = laholm.action_plans.get(status=ActionPlan.Status.ADOPTED)
    for n in range(12):
        meeting = MeetingFactory(body=operative, starts_at=at_ten(TODAY + timedelta(days=n + 1)))
        InviteeFactory(meeting=meeting, person=person(username), role="guest")
        Assignment.objects.create(
            decision=demo_assignment.decision, body=operative, description=f"Uppdrag {n}",
            responsible_party=polisen, due_on=TODAY + timedelta(days=n - 6),
        )  # fmt: skip
        Measure.objects.create(
            plan=plan, title=f"Åtgärd {n}", goal="Mål.", starts_on=date(2024, 6, 1),
            ends_on=date(2026, 6, 30), responsible=polisen, status=Measure.Status.ONGOING,
        )  # fmt: skip
        InputRequestFactory(agreement=laholm, due_on=TODAY + timedelta(days=n % 10))
        decided_by_council(
            laholm, new_annex(laholm, f"Bilaga {n}"), snapshot(f"Plan {n}", ["Punkt"]),
            user("samordnare"),
        )  # fmt: skip

    with django_assert_max_num_queries(before):
        client.get(reverse("samverkan:home"))
    assert _queries(client) == before
    grown = {heading: len(items) for heading, items in groups(client).items()}
    assert grown[MEETINGS] == 5  # the next five, however many
    assert grown[ASSIGNMENTS] == shown[ASSIGNMENTS] + 12
    assert grown[MEASURES] == shown[MEASURES] + 12
    if username == "kommunpolis":
        assert grown[REQUESTS] == shown[REQUESTS] + 12
    else:
        assert grown[SIGNATURES] == 12
