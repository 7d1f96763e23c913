"""The annual report (samverkan/annual.py, the apps' `annual` modules and
samverkan/views_annual.py): the Laholm demo's figures for 2025 and 2024, the years it has,
who reads it, and its fixed number of queries."""

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Measure, StatusUpdate
from councils.models import AgendaItem, Assignment, Decision
from samverkan import annual
from situation.models import SituationInput
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.helpers import OUTSIDER, TODAY, at_ten

READER = "samordnare"


def report_url(agreement, year: int) -> str:
    return reverse("samverkan:annual_report", args=[agreement.pk, year])


def sections(response) -> dict[str, dict]:
    """{app label: its section's context} of a report page."""
    return {shown.template.split("/")[0]: shown.context for shown in response.context["sections"]}


@pytest.fixture
def read(client_as, laholm):
    def get(year: int):
        response = client_as(READER).get(report_url(laholm, year))
        assert response.status_code == 200
        return sections(response), response.content.decode()

    return get


# --- the figures ---------------------------------------------------------------------------


def test_2025_has_the_council_meeting_its_decisions_and_its_assignment(read):
    found, html = read(2025)
    councils = found["councils"]
    assert councils["meetings_held"] == 1
    held = {body.name: [m.date for m in body.held] for body in councils["bodies"]}
    assert held == {"Strategiskt råd": [date(2025, 2, 13)], "Operativ samverkansgrupp": []}
    assert len(councils["decisions"]) == 4
    assert {d.item.meeting.date for d in councils["decisions"]} == {date(2025, 2, 13)}
    assert councils["assignments"] == {
        "given": 1,
        "done": 0,
        "open": 1,
        "overdue": 0,
        "cancelled": 0,
    }
    assert "1 möte hölls under 2025." in html
    assert "4 beslut fattades under 2025." in html


def test_2025_has_the_inputs_of_all_three_parties_and_the_lagesbild(read):
    situation = read(2025)[0]["situation"]
    assert situation["inputs"] == 5
    assert [(str(r["party"]), r["source"], r["count"]) for r in situation["by_source"]] == [
        ("Kommunen", "Kommunal förvaltning", 1),
        ("Kommunen", "Kommunalt bolag", 1),
        ("Polisen", "Polisen", 2),
        ("Kriminalvården", "Kriminalvården", 1),
    ]
    assert sum(row["n"] for row in situation["by_category"]) == 5
    assert [report.title for report in situation["reports"]] == ["Lokal lägesbild Laholm 2024"]


def test_2025_counts_the_measures_that_run_in_it_by_status_and_party(read):
    actionplan = read(2025)[0]["actionplan"]
    assert actionplan["statuses"] == ["Planerad", "Pågår", "Genomförd", "Avbruten"]
    assert [(str(r["party"]), r["cells"]) for r in actionplan["rows"]] == [
        ("Kommunen", [1, 2, 0, 1]),
        ("Polisen", [0, 3, 0, 0]),
        ("Kriminalvården", [1, 1, 0, 0]),
    ]
    assert (actionplan["totals"], actionplan["measures"]) == ([2, 6, 0, 1], 9)
    assert [u.on for u in actionplan["updates"]] == [
        date(2025, 1, 28),
        date(2025, 2, 5),
        date(2025, 3, 5),
    ]


def test_2024_has_no_meetings_nor_inputs_but_the_plans_first_year(read):
    found, html = read(2024)
    assert found["councils"]["meetings_held"] == 0
    assert found["councils"]["decisions"] == []
    assert found["councils"]["assignments"]["given"] == 0
    assert found["situation"]["inputs"] == 0
    assert found["situation"]["reports"] == []
    actionplan = found["actionplan"]
    assert (actionplan["totals"], actionplan["measures"]) == ([0, 6, 3, 1], 10)
    assert len(actionplan["updates"]) == 12
    assert "Ingen lägesbild blev helt uppdaterad under 2024." in html


def test_the_compliance_lines_are_read_on_the_years_last_day_once_it_has_passed(read):
    lines_2024 = read(2024)[0]["samverkan"]
    assert lines_2024["day"] == date(2024, 12, 31)
    keys = {item.key: item.status for item in lines_2024["items"]}
    assert keys["councils.meetings.1.2024"] == "overdue"
    assert keys["samverkan.validity"] == "ok"
    # The annex version presented in 2025 was not waiting at the end of 2024.
    assert not any(key.startswith("samverkan.annex_version") for key in keys)
    lines_2025 = read(2025)[0]["samverkan"]
    assert lines_2025["day"] == TODAY
    assert any(item.key.startswith("samverkan.annex_version") for item in lines_2025["items"])


# --- the years -----------------------------------------------------------------------------


def test_the_report_opens_on_this_year_while_the_agreement_runs(client_as, laholm):
    response = client_as(READER).get(reverse("samverkan:annual_report_index", args=[laholm.pk]))
    assert response.status_code == 302
    assert response.url == report_url(laholm, 2025)


def test_after_the_agreement_the_report_opens_on_its_last_year(laholm):
    assert annual.default_year(laholm, date(2025, 6, 1)) == 2025
    assert annual.default_year(laholm, date(2030, 6, 1)) == 2026
    assert annual.default_year(laholm, date(2023, 6, 1)) == 2026


def test_the_page_links_the_agreements_other_years(read, laholm):
    html = read(2025)[1]
    assert f'href="{report_url(laholm, 2024)}"' in html
    assert f'href="{report_url(laholm, 2026)}"' in html
    assert '<strong aria-current="page">2025</strong>' in html


@pytest.mark.parametrize("year", [2023, 2027, 1999])
def test_a_year_outside_the_agreement_does_not_exist(client_as, laholm, year):
    assert client_as(READER).get(report_url(laholm, year)).status_code == 404


def test_the_compliance_page_links_to_the_report(client_as, laholm):
    response = client_as(READER).get(reverse("compliance", args=[laholm.pk]))
    index = reverse("samverkan:annual_report_index", args=[laholm.pk])
    assert f'href="{index}"' in response.content.decode()


# --- who reads it --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["samverkan:annual_report", "samverkan:annual_report_index"])
@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("frivard", 200),  # on the council as a substitute
        ("forvaltning", 403),  # the operative group only
        ("ks-ordforande", 403),  # a signatory without a seat
        (OUTSIDER, 404),
    ],
)
def test_the_council_reads_the_report_and_no_one_else(client_as, laholm, name, username, status):
    args = [laholm.pk, 2025] if name == "samverkan:annual_report" else [laholm.pk]
    response = client_as(username).get(reverse(name, args=args))
    expected = 302 if status == 200 and name.endswith("index") else status
    assert response.status_code == expected


def test_an_anonymous_visitor_is_sent_to_log_in(client, laholm):
    response = client.get(report_url(laholm, 2025))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- a fixed number of queries -------------------------------------------------------------


def _grow(agreement, n: int) -> None:
    """n more held meetings per body in 2025, each with an adopted decision giving an
    assignment; n more measures with a status update; n more submitted inputs."""
    party = agreement.parties.first()
    for body in agreement.bodies.all():
        for k in range(n):
            day = date(2025, 1 + k % 2, 2 + k % 25)
            meeting = MeetingFactory(
                body=body, starts_at=at_ten(day), ends_at=at_ten(day) + timedelta(hours=2)
            )
            item = AgendaItemFactory(meeting=meeting, kind=AgendaItem.Kind.ASSIGNMENT)
            decision = Decision.objects.create(
                item=item, text=f"Beslut {k}", adopted=True, decided_at=at_ten(day)
            )
            Assignment.objects.create(
                decision=decision,
                body=body,
                description=f"Uppdrag {k}",
                responsible_party=party,
                due_on=day + timedelta(days=30),
            )
    template = Measure.objects.filter(
        plan__agreement=agreement, ends_on__gte=date(2025, 12, 31)
    ).first()
    for k in range(n):
        measure = Measure.objects.get(pk=template.pk)
        measure.pk, measure.number, measure.latest_update = (
            None,
            100 + Measure.objects.count(),
            None,
        )
        measure.status = Measure.Status.values[k % 4]
        measure.save()
        StatusUpdate.objects.create(measure=measure, on=date(2025, 2, 1), status=measure.status)
    source = SituationInput.objects.filter(
        agreement=agreement, status=SituationInput.Status.SUBMITTED
    ).first()
    for _k in range(n):
        copy = SituationInput.objects.get(pk=source.pk)
        copy.pk, copy.thread, copy.supersedes = None, uuid.uuid4(), None
        copy.save()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_report_runs_the_same_queries_whatever_the_data(
    client_as, laholm, django_assert_max_num_queries
):
    client = client_as(READER)
    url = report_url(laholm, 2025)
    client.get(url)  # sessions and caches warmed
    before = _queries(client, url)
    _grow(laholm, 2)
    small = _queries(client, url)
    _grow(laholm, 12)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    found = sections(response)
    assert found["councils"]["meetings_held"] == 1 + 2 * 14
    assert found["actionplan"]["measures"] == 9 + 14
    assert found["situation"]["inputs"] == 5 + 14
    assert before == small
