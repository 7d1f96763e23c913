"""The åtgärdsplan's pages: every member reads the plans in Brå's columns, with the
responsible party of every measure by name, filters, counts per status and party, and the
history; the coordinator drafts a plan and records the municipal decision."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import ActionPlan, Measure, StatusUpdate
from actionplan.services import plans as services
from samverkan.services import version_of
from situation.models import Cause, Problem, SituationReport
from tests.actionplan.factories import (
    ActionPlanFactory,
    CitizenPromiseFactory,
    CommitmentFactory,
    MeasureFactory,
)
from tests.helpers import INVALID_CHOICE, TODAY, at_ten
from tests.html_helpers import field_errors, section, table_rows, text_of


def party(agreement, short_name):
    return agreement.parties.get(short_name=short_name)


def lagesbild(agreement, status=SituationReport.Status.PUBLISHED, title="Lägesbild centrum"):
    report = SituationReport.objects.create(
        agreement=agreement,
        title=title,
        period_from=date(2024, 1, 1),
        period_to=date(2024, 12, 31),
        status=status,
    )
    problem = Problem.objects.create(report=report, title="Skadegörelse vid resecentrum", order=1)
    Cause.objects.create(problem=problem, side=Cause.Side.PLACE, description="Mörk gångtunnel.")
    return report


@pytest.fixture
def plan(laholm):
    report = lagesbild(laholm)
    return ActionPlanFactory(
        agreement=laholm,
        title="Åtgärdsplan för centrum",
        report=report,
        period_from=date(2025, 1, 1),
        period_to=date(2026, 12, 31),
        decided_on=date(2025, 2, 3),
        case_number="KS 2025/12",
    )


def plan_url(plan, query=""):
    return reverse("actionplan:plan_detail", args=[plan.agreement_id, plan.pk]) + query


def many_measures(plan, count, *, status=Measure.Status.ONGOING):
    """`count` measures in bulk, each with a cause, a commitment, two contributing parties
    and a latest status update: everything the plan page shows per row."""
    agreement = plan.agreement
    parties = list(agreement.parties.order_by("order", "pk"))
    cause = Cause.objects.filter(problem__report=plan.report).first()
    commitment = CommitmentFactory(
        promise=CitizenPromiseFactory(agreement=agreement), responsible=parties[0]
    )
    start = Measure.objects.filter(plan=plan).count()
    measures = Measure.objects.bulk_create(
        Measure(
            plan=plan,
            number=start + n + 1,
            title=f"Åtgärd {start + n + 1}",
            goal="Färre anmälda brott.",
            starts_on=TODAY - timedelta(days=30),
            ends_on=TODAY + timedelta(days=30 + n),
            responsible=parties[n % len(parties)],
            cause=cause,
            commitment=commitment,
            status=status,
            indicator="Anmälda brott",
        )
        for n in range(count)
    )
    through = Measure.contributors.through
    through.objects.bulk_create(
        through(measure_id=m.pk, agreementparty_id=p.pk)
        for n, m in enumerate(measures)
        for p in parties
        if p.pk != parties[n % len(parties)].pk
    )
    updates = StatusUpdate.objects.bulk_create(
        StatusUpdate(measure=m, on=TODAY, status=status, comment="Pågår.") for m in measures
    )
    for measure, update in zip(measures, updates, strict=True):
        measure.latest_update = update
    Measure.objects.bulk_update(measures, ["latest_update"])
    return measures


# --- the list ---------------------------------------------------------------------------


def test_the_list_shows_every_plan_newest_first_with_its_decision(laholm, client_as, plan):
    ActionPlanFactory(
        agreement=laholm,
        title="Åtgärdsplan 2027",
        period_from=date(2026, 6, 1),
        status="draft",
        decided_by="",
        decided_on=None,
        case_number="",
    )
    response = client_as("ks-ordforande").get(reverse("actionplan:plan_list", args=[laholm.pk]))
    assert response.status_code == 200
    rows = [[text_of(cell) for cell in row] for row in table_rows(response.content.decode())]
    titles = [row[0] for row in rows]
    assert titles.index("Åtgärdsplan 2027") < titles.index("Åtgärdsplan för centrum")
    [draft] = [row for row in rows if row[0] == "Åtgärdsplan 2027"]
    assert draft[2:4] == ["Utkast", "Inte beslutad"]
    [adopted] = [row for row in rows if row[0] == "Åtgärdsplan för centrum"]
    assert adopted[1:] == [
        "2025-01-01–2026-12-31",
        "Beslutad",
        "Kommunstyrelsen 2025-02-03, KS 2025/12",
        "Lägesbild centrum",
    ]
    assert "Ny åtgärdsplan" not in response.content.decode()


# --- the plan ---------------------------------------------------------------------------


def test_the_plan_shows_each_measure_in_bras_columns_with_its_responsible_party_by_name(
    laholm, client_as, plan
):
    cause = Cause.objects.get(problem__report=plan.report)
    commitment = CommitmentFactory(
        promise=CitizenPromiseFactory(agreement=laholm),
        title="Fler trygghetsvandringar",
        responsible=party(laholm, "Polisen"),
    )
    measure = MeasureFactory(
        plan=plan,
        number=3,
        cause=cause,
        title="Kameraövervakning vid resecentrum",
        goal="Färre rån vid resecentrum.",
        starts_on=date(2025, 1, 15),
        ends_on=date(2025, 12, 31),
        responsible=party(laholm, "Polisen"),
        commitment=commitment,
        indicator="Anmälda rån",
    )
    measure.contributors.set([party(laholm, "Kommunen"), party(laholm, "Kriminalvården")])
    html = client_as("lpo-chef").get(plan_url(plan)).content.decode()
    [row] = [
        [text_of(cell) for cell in row]
        for row in table_rows(section(html, 'id="atgarder"'))
        if "Kameraövervakning" in text_of(row[2])
    ]
    assert row == [
        "3",
        "Skadegörelse vid resecentrum: Mörk gångtunnel.",
        "Kameraövervakning vid resecentrum",
        "Färre rån vid resecentrum.",
        "2025-01-15–2025-12-31",
        "Polisen",
        "Pågår",
        "Kommunen, Kriminalvården",
        "Fler trygghetsvandringar",
        "Anmälda rån",
    ]
    assert 'class="light light--ongoing">Pågår</span>' in html


def test_a_delayed_measure_reads_delayed_in_words_from_its_dates(
    laholm, client_as, plan, time_machine
):
    MeasureFactory(plan=plan, title="Belysning", ends_on=date(2025, 6, 30))
    MeasureFactory(
        plan=plan, title="Klotterplank", ends_on=date(2025, 5, 31), status=Measure.Status.DONE
    )
    client = client_as("kommunpolis")
    html = client.get(plan_url(plan)).content.decode()
    rows = [[text_of(c) for c in row] for row in table_rows(section(html, 'id="atgarder"'))]
    # The status stands beside the responsible party (column 6).
    assert [(row[2], row[6]) for row in rows] == [
        ("Belysning", "Pågår"),
        ("Klotterplank", "Genomförd"),
    ]

    time_machine.move_to(at_ten(date(2025, 7, 1)))
    client = client_as("kommunpolis")  # the session has long expired
    html = client.get(plan_url(plan, "?status=delayed")).content.decode()
    rows = [[text_of(c) for c in row] for row in table_rows(section(html, 'id="atgarder"'))]
    assert [(row[2], row[6]) for row in rows] == [("Belysning", "Försenad (pågår)")]
    assert 'class="light light--delayed">Försenad (pågår)</span>' in html


def test_the_measures_are_filtered_by_responsible_party_and_status(laholm, client_as, plan):
    MeasureFactory(plan=plan, title="Polisens åtgärd", responsible=party(laholm, "Polisen"))
    MeasureFactory(
        plan=plan,
        title="Kriminalvårdens åtgärd",
        responsible=party(laholm, "Kriminalvården"),
        status=Measure.Status.PLANNED,
    )
    client = client_as("frivard")

    def titles(query):
        html = client.get(plan_url(plan, query)).content.decode()
        return [text_of(row[2]) for row in table_rows(section(html, 'id="atgarder"'))]

    polisen = party(laholm, "Polisen").pk
    assert titles(f"?ansvarig={polisen}") == ["Polisens åtgärd"]
    assert titles("?status=planned") == ["Kriminalvårdens åtgärd"]
    assert titles(f"?ansvarig={polisen}&status=planned") == []
    # Unknown values are no filter at all.
    assert len(titles("?ansvarig=x&status=nonsense")) == 2


def test_the_counts_per_party_and_status_come_from_all_measures(laholm, client_as, plan):
    polisen, frivard = party(laholm, "Polisen"), party(laholm, "Kriminalvården")
    for status in ("planned", "ongoing", "ongoing", "done"):
        MeasureFactory(plan=plan, responsible=polisen, status=status)
    MeasureFactory(plan=plan, responsible=frivard, status="ongoing", ends_on=TODAY - timedelta(1))
    MeasureFactory(plan=plan, responsible=frivard, status="cancelled", ends_on=TODAY - timedelta(1))
    html = client_as("kommunpolis").get(plan_url(plan, "?status=done")).content.decode()
    counts = section(html, 'id="sammanstallning"').split("</table>")[0]
    rows = {
        text_of(cells[0]): [text_of(c) for c in cells[1:]]
        for cells in re.findall(r"<tr>(.*?)</tr>", counts.split("<tbody>")[1], re.S)
        for cells in [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", cells, re.S)]
    }
    assert rows == {
        "Kommunen": ["0", "0", "0", "0", "0", "0"],
        "Polisen": ["1", "2", "1", "0", "4", "0"],
        "Kriminalvården": ["0", "1", "0", "1", "2", "1"],
        "Alla parter": ["1", "3", "1", "1", "6", "1"],
    }


def test_the_measures_come_fifty_to_a_page_and_the_pages_keep_the_filter(laholm, client_as, plan):
    many_measures(plan, 120)
    polisen = party(laholm, "Polisen").pk
    client = client_as("kommunpolis")
    html = client.get(plan_url(plan, f"?ansvarig={polisen}")).content.decode()
    rows = table_rows(section(html, 'id="atgarder"'))
    assert len(rows) == 40
    assert "Sida 1 av 1" not in html
    html = client.get(plan_url(plan)).content.decode()
    assert len(table_rows(section(html, 'id="atgarder"'))) == 50
    assert "Sida 1 av 3" in text_of(html)
    html = client.get(plan_url(plan, f"?ansvarig={polisen}&status=ongoing")).content.decode()
    assert "Sida" not in text_of(section(html, 'id="atgarder"').split("</section>")[0])
    html = client.get(plan_url(plan, "?status=ongoing")).content.decode()
    assert 'href="?status=ongoing&amp;sida=2#atgarder"' in html


def queries_on(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("username", ["samordnare", "kommunpolis"])
def test_the_plan_page_runs_as_many_queries_with_500_measures_as_with_10(client_as, plan, username):
    many_measures(plan, 10)
    client = client_as(username)
    with_ten = queries_on(client, plan_url(plan))
    many_measures(plan, 490)
    assert queries_on(client, plan_url(plan)) == with_ten
    html = client.get(plan_url(plan)).content.decode()
    assert "Sida 1 av 10" in text_of(html)


def test_the_coordinator_is_offered_to_keep_the_plan_and_a_member_is_not(client_as, plan):
    draft = ActionPlanFactory(
        agreement=plan.agreement, status="draft", decided_by="", decided_on=None
    )
    html = client_as("samordnare").get(plan_url(draft)).content.decode()
    for name in ("plan_adopt", "measure_create", "plan_edit"):
        assert reverse(f"actionplan:{name}", args=[draft.agreement_id, draft.pk]) in html
    html = client_as("laholmshem").get(plan_url(draft)).content.decode()
    assert reverse("actionplan:plan_edit", args=[draft.agreement_id, draft.pk]) not in html
    assert "Utkast: kommunen har inte beslutat om planen ännu" in text_of(html)


# --- the coordinator's forms ------------------------------------------------------------


def test_the_plan_form_offers_only_the_agreements_published_lagesbilder(
    laholm, other_agreement, client_as
):
    draft = lagesbild(laholm, status=SituationReport.Status.DRAFT, title="Utkast till lägesbild")
    foreign = lagesbild(other_agreement, title="Annan kommuns lägesbild")
    client = client_as("samordnare")
    url = reverse("actionplan:plan_create", args=[laholm.pk])
    html = client.get(url).content.decode()
    assert "Utkast till lägesbild" not in html
    assert "Annan kommuns lägesbild" not in html
    data = {"title": "Plan", "period_from": "2025-01-01", "period_to": "2025-12-31"}
    for report in (draft, foreign):
        html = client.post(url, data | {"report": report.pk}).content.decode()
        assert field_errors(html, "report") == [INVALID_CHOICE]
    assert not ActionPlan.objects.filter(title="Plan").exists()


def test_a_new_plan_is_a_draft_and_the_decision_form_needs_every_part(laholm, client_as, plan):
    client = client_as("samordnare")
    response = client.post(
        reverse("actionplan:plan_create", args=[laholm.pk]),
        {
            "title": "Åtgärdsplan 2026",
            "period_from": "2026-01-01",
            "period_to": "2026-12-31",
            "report": plan.report_id,
        },
    )
    created = ActionPlan.objects.get(title="Åtgärdsplan 2026")
    assert response["Location"] == plan_url(created)
    assert created.status == ActionPlan.Status.DRAFT
    adopt_url = reverse("actionplan:plan_adopt", args=[laholm.pk, created.pk])
    blank = {"decided_by": "", "decided_on": "", "case_number": "", "version": version_of(created)}
    html = client.post(adopt_url, blank)
    html = html.content.decode()
    assert field_errors(html, "decided_by") == ["Ange vilket organ som beslutade om planen."]
    assert field_errors(html, "decided_on") == ["Ange vilken dag planen beslutades."]
    assert field_errors(html, "case_number") == ["Ange beslutets diarienummer."]
    decision = {
        "decided_by": "Kommunfullmäktige",
        "decided_on": "2025-03-10",
        "case_number": "KF 9",
        "version": version_of(created),
    }
    html = client.post(adopt_url, decision).content.decode()
    assert "Lägg till planens åtgärder innan den beslutas." in html
    MeasureFactory(plan=created)
    response = client.post(adopt_url, decision)
    assert response.status_code == 302
    created.refresh_from_db()
    assert (created.status, created.decided_by) == ("adopted", "Kommunfullmäktige")


# --- history ----------------------------------------------------------------------------


def test_the_history_names_the_measure_of_each_status_update(laholm, client_as, user, plan):
    measure = MeasureFactory(plan=plan, title="Belysning", responsible=party(laholm, "Polisen"))
    services.measure_status_update(
        measure=measure, status="done", on=TODAY, comment="Klart.", by=user("kommunpolis")
    )
    html = (
        client_as("ks-ordforande")
        .get(reverse("actionplan:plan_history", args=[laholm.pk, plan.pk]))
        .content.decode()
    )
    text = text_of(html)
    assert f"Statusuppdatering: Belysning: Genomförd den {TODAY.isoformat()}" in text
    assert "Erik Sand" in text
