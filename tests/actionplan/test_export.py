"""The plan as XLSX and CSV for reports to the municipal board: the same columns, one row
per measure with its responsible party by name, for every member who reads the plan."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actionplan.models import Measure
from situation.models import Cause, Problem, SituationReport
from tests.actionplan.factories import (
    ActionPlanFactory,
    CitizenPromiseFactory,
    CommitmentFactory,
    MeasureFactory,
    StatusUpdateFactory,
)
from tests.helpers import TODAY

HEADERS = [
    "Nr",
    "Orsak",
    "Åtgärd",
    "Operativt mål",
    "Start",
    "Slut",
    "Ansvarig part",
    "Medverkande parter",
    "Åtagande i medborgarlöftet",
    "Indikator",
    "Status",
    "Försenad",
    "Senaste statusuppdatering",
    "Kommentar",
]


def party(agreement, short_name):
    return agreement.parties.get(short_name=short_name)


@pytest.fixture
def plan(laholm):
    plan = ActionPlanFactory(agreement=laholm, title="Åtgärdsplan 2025–2026")
    report = SituationReport.objects.create(
        agreement=laholm,
        title="Lägesbild 2024",
        period_from=date(2024, 1, 1),
        period_to=date(2024, 12, 31),
        status=SituationReport.Status.PUBLISHED,
    )
    problem = Problem.objects.create(report=report, title="Otrygghet vid resecentrum", order=1)
    cause = Cause.objects.create(
        problem=problem, side=Cause.Side.PLACE, description="Dålig belysning vid resecentrum."
    )
    commitment = CommitmentFactory(
        promise=CitizenPromiseFactory(agreement=laholm),
        title="Fler trygghetsvandringar",
        responsible=party(laholm, "Kommunen"),
    )
    first = MeasureFactory(
        plan=plan,
        number=1,
        cause=cause,
        title="Ny belysning vid resecentrum",
        goal="Belysningen utbytt före hösten.",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 3, 1),  # passed and not done: delayed on the frozen day
        responsible=party(laholm, "Kommunen"),
        commitment=commitment,
        indicator="Andel trygga i trygghetsenkäten",
    )
    first.contributors.set([party(laholm, "Polisen"), party(laholm, "Kriminalvården")])
    update = StatusUpdateFactory(
        measure=first, on=date(2025, 2, 20), comment="=Leverantören är försenad."
    )
    Measure.objects.filter(pk=first.pk).update(latest_update=update)
    MeasureFactory(
        plan=plan,
        number=2,
        title="Återfallsprevention",
        responsible=party(laholm, "Kriminalvården"),
        status=Measure.Status.DONE,
    )
    return plan


def url(name, plan):
    return reverse(f"actionplan:{name}", args=[plan.agreement_id, plan.pk])


def download(client, user, plan, name):
    client.force_login(user("kommunpolis"))
    response = client.get(url(name, plan))
    assert response.status_code == 200
    return response


def test_the_xlsx_opens_with_one_row_per_measure_and_the_responsible_party_by_name(
    client, user, plan
):
    response = download(client, user, plan, "plan_xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 1 + 2
    first, second = rows[1], rows[2]
    assert first[:4] == (
        1,
        "Dålig belysning vid resecentrum.",
        "Ny belysning vid resecentrum",
        "Belysningen utbytt före hösten.",
    )
    assert first[6:12] == (
        "Kommunen",
        "Polisen, Kriminalvården",
        "Fler trygghetsvandringar",
        "Andel trygga i trygghetsenkäten",
        "Pågår",
        "Ja",
    )
    # A comment that looks like a formula stays text.
    assert first[13] == "=Leverantören är försenad."
    assert sheet.cell(row=2, column=14).data_type == "s"
    assert (second[2], second[6], second[10], second[11]) == (
        "Återfallsprevention",
        "Kriminalvården",
        "Genomförd",
        "Nej",
    )


def test_the_xlsx_is_a_table_with_a_frozen_header_widths_and_real_dates(client, user, plan):
    response = download(client, user, plan, "plan_xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    (table,) = sheet.tables.values()
    assert table.ref == "A1:N3"
    assert table.headerRowCount == 1
    assert sheet.column_dimensions["C"].width == 40
    assert sheet.column_dimensions["A"].width == 6
    start, update = sheet["E2"], sheet["M2"]
    assert isinstance(start.value, datetime) and start.value.date() == date(2025, 1, 1)
    assert start.is_date and start.number_format == "yyyy-mm-dd"
    assert update.value.date() == date(2025, 2, 20)


def test_the_csv_has_the_same_columns_for_swedish_excel(client, user, plan):
    response = download(client, user, plan, "plan_csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADERS
    assert len(rows) == 1 + 2
    first = rows[1]
    assert first[4:7] == ["2025-01-01", "2025-03-01", "Kommunen"]
    assert first[11:] == ["Ja", "2025-02-20", "'=Leverantören är försenad."]
    assert rows[2][12] == ""  # no status update yet


def test_the_download_is_named_after_the_plan(client, user, plan):
    response = download(client, user, plan, "plan_xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="atgardsplan-2025-2026.xlsx"; '
        "filename*=UTF-8''%C3%85tg%C3%A4rdsplan%202025-2026.xlsx"
    )
    assert response["Cache-Control"] == "no-store"
    csv_response = download(client, user, plan, "plan_csv")
    assert csv_response["Content-Disposition"].startswith(
        'attachment; filename="atgardsplan-2025-2026.csv"'
    )


def test_an_empty_plan_still_exports_a_valid_table(client, user, laholm):
    empty = ActionPlanFactory(agreement=laholm, title="Tom plan")
    sheet = load_workbook(io.BytesIO(download(client, user, empty, "plan_xlsx").content)).active
    assert list(sheet.tables.values())[0].ref == "A1:N2"
    assert [c.value for c in sheet[1]] == HEADERS


@pytest.mark.parametrize("name", ["plan_xlsx", "plan_csv"])
def test_the_export_runs_the_same_queries_for_3_and_60_measures(client, user, laholm, name):
    plan = ActionPlanFactory(agreement=laholm)
    client.force_login(user("samordnare"))

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(name, plan)).status_code == 200
        return len(captured.captured_queries)

    parties = list(laholm.parties.all())

    def grow(n):
        for number in range(n):
            measure = MeasureFactory(plan=plan, responsible=parties[number % 3])
            measure.contributors.set(parties[:2])
            update = StatusUpdateFactory(measure=measure, on=TODAY - timedelta(days=number))
            Measure.objects.filter(pk=measure.pk).update(latest_update=update)

    grow(3)
    few = count()
    grow(57)
    assert count() == few


@pytest.mark.parametrize("name", ["plan_xlsx", "plan_csv"])
@pytest.mark.parametrize("username", ["samordnare", "frivard", "ks-ordforande"])
def test_every_member_who_reads_the_plan_downloads_it(client, user, plan, name, username):
    client.force_login(user(username))
    assert client.get(url(name, plan)).status_code == 200


@pytest.mark.parametrize("name", ["plan_xlsx", "plan_csv"])
def test_the_outsider_gets_404_and_the_anonymous_are_sent_to_log_in(client, user, plan, name):
    assert client.get(url(name, plan)).status_code == 302
    client.force_login(user("annan-kommun"))
    assert client.get(url(name, plan)).status_code == 404
