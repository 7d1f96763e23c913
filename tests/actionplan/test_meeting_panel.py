"""The measures on a meeting's page: shown under an "åtgärdsplanens status" item, from the
adopted plan covering the meeting's day (else the latest adopted), with inline status
forms only where the reader may report, in a constant number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Measure
from actionplan.services.plans import measure_status_update
from councils.models import Body
from councils.roles import sync_all
from tests.actionplan.factories import ActionPlanFactory, MeasureFactory
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.helpers import AFTER_THE_END, at_ten
from tests.html_helpers import section, text_of

HEADING = 'id="meeting-measures-heading"'


def party(agreement, short_name):
    return agreement.parties.get(short_name=short_name)


@pytest.fixture
def group(laholm):
    return laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)


@pytest.fixture
def meeting(group):
    """An operative group meeting a week ahead with the "åtgärdsplanens status" item."""
    meeting = MeetingFactory(body=group)
    AgendaItemFactory(meeting=meeting, kind="action_plan_status", title="Åtgärdsplanens status")
    return meeting


@pytest.fixture
def plan(laholm):
    plan = ActionPlanFactory(agreement=laholm, title="Åtgärdsplan för centrum")
    for number, (title, short_name) in enumerate(
        (
            ("Kameraövervakning", "Polisen"),
            ("Återfallsprevention", "Kriminalvården"),
            ("Belysning", "Kommunen"),
        ),
        start=1,
    ):
        MeasureFactory(plan=plan, number=number, title=title, responsible=party(laholm, short_name))
    return plan


def meeting_url(meeting):
    return reverse(
        "councils:meeting", args=[meeting.body.agreement_id, meeting.body_id, meeting.pk]
    )


def rows(html) -> dict[str, bool]:
    """{measure title: whether its row has a status form} in the panel."""
    panel = section(html, HEADING).split("</section>")[0]
    found = {}
    for row in panel.split('<tr id="measure-row-')[1:]:
        row = row.split("</tr>")[0]
        title = text_of(row.split('<th scope="row">')[1].split("</th>")[0])
        found[title] = "<form" in row
    return found


def test_a_meeting_without_the_item_shows_no_measures(laholm, client_as, group, plan):
    plain = MeetingFactory(body=group)
    AgendaItemFactory(meeting=plain, kind="other")
    assert HEADING not in client_as("samordnare").get(meeting_url(plain)).content.decode()


def test_the_police_officer_reports_the_police_measure_in_place_and_reads_the_others(
    client_as, meeting, plan
):
    html = client_as("kommunpolis").get(meeting_url(meeting)).content.decode()
    assert rows(html) == {
        "Kameraövervakning": True,
        "Återfallsprevention": False,
        "Belysning": False,
    }
    assert "Rapporteras av Kriminalvården" in text_of(html)


@pytest.mark.parametrize(
    ("username", "forms"),
    [("samordnare", 3), ("frivard", 1), ("forvaltning", 1), ("ks-ordforande", 0)],
)
def test_who_gets_a_form_follows_the_rights(client_as, meeting, plan, username, forms):
    html = client_as(username).get(meeting_url(meeting)).content.decode()
    assert sum(rows(html).values()) == forms


def test_the_plan_covering_the_meetings_day_is_shown_else_the_latest_adopted(
    laholm, client_as, meeting, plan
):
    later = ActionPlanFactory(
        agreement=laholm,
        title="Åtgärdsplan 2027–2028",
        period_from=date(2027, 1, 1),
        period_to=date(2028, 12, 31),
    )
    MeasureFactory(plan=later, title="Nästa periods åtgärd")
    ActionPlanFactory(
        agreement=laholm, title="Utkast", status="draft", decided_by="", decided_on=None
    )
    client = client_as("samordnare")
    html = client.get(meeting_url(meeting)).content.decode()
    assert "Åtgärderna i Åtgärdsplan för centrum." in text_of(html)
    plan.delete()
    # No plan covers the day (the demo's ends 2026): the latest adopted one.
    laholm.action_plans.exclude(pk=later.pk).filter(status="adopted").update(
        period_to=date(2025, 1, 31)
    )
    html = client.get(meeting_url(meeting)).content.decode()
    assert "Åtgärderna i Åtgärdsplan 2027–2028." in text_of(html)


def queries_on(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("username", ["samordnare", "kommunpolis"])
def test_the_panel_runs_as_many_queries_with_500_measures_as_with_10(
    laholm, client_as, meeting, plan, username
):
    parties = list(laholm.parties.all())

    def add(count):
        start = plan.measures.count()
        Measure.objects.bulk_create(
            Measure(
                plan=plan,
                number=start + n + 1,
                title=f"Åtgärd {start + n + 1}",
                goal="Färre brott.",
                starts_on=date(2025, 1, 1),
                ends_on=date(2025, 12, 31),
                responsible=parties[n % len(parties)],
            )
            for n in range(count)
        )

    add(7)
    client = client_as(username)
    with_ten = queries_on(client, meeting_url(meeting))
    add(490)
    assert queries_on(client, meeting_url(meeting)) == with_ten
    assert len(rows(client.get(meeting_url(meeting)).content.decode())) == 500


def test_after_the_agreements_end_the_measures_are_read_without_forms(
    laholm, client_as, meeting, plan, time_machine
):
    day = AFTER_THE_END[0]
    time_machine.move_to(at_ten(day))
    sync_all(on=day)
    for username in ("samordnare", "kommunpolis"):
        html = client_as(username).get(meeting_url(meeting)).content.decode()
        assert set(rows(html).values()) == {False}, username
        assert "Rapporteras av Polisen" in text_of(html)


def test_the_row_shows_the_latest_report(laholm, client_as, user, meeting, plan):
    measure = plan.measures.get(title="Kameraövervakning")
    measure_status_update(
        measure=measure,
        status="done",
        on=date(2025, 3, 10),
        comment="Kamerorna är i drift.",
        meeting=meeting,
        by=user("kommunpolis"),
    )
    html = client_as("ks-ordforande").get(meeting_url(meeting)).content.decode()
    row = section(html, f'<tr id="measure-row-{measure.pk}">').split("</tr>")[0]
    assert "Genomförd" in text_of(row)
    assert "2025-03-10: Kamerorna är i drift." in text_of(row)
