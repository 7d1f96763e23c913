"""The safety survey's pages (situation/views/survey.py): the coordinator reads a file into a
preview, saves or discards it; everyone in the situation picture reads the charts with
their data tables; nobody else imports, and the outsider sees nothing."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from situation.models import SurveyImport, SurveyResult
from tests.html_helpers import field_errors, section, table_rows, text_of
from tests.pages import COORDINATOR, OUTSIDER
from tests.situation.factories import AreaFactory
from tests.situation.pages_survey import SURVEY_QUERIES
from tests.situation.survey_support import csv_upload

QUESTION = "Känner sig trygg i centrum på dagen"


def url(name: str, agreement, *args) -> str:
    return reverse(f"situation:{name}", args=[agreement.pk, *args])


@pytest.fixture
def areas(laholm):
    names = ["Laholm centrum", "Mellbystrand", "Veinge"]
    return [AreaFactory(agreement=laholm, name=name) for name in names]


@pytest.fixture
def upload(laholm, areas):
    """A file of four rows, two of them bad."""
    return csv_upload(
        [
            [2023, "Laholm centrum", QUESTION, "88,5", 130],
            [2024, "Laholm centrum", QUESTION, "90", 128],
            [2024, "Hamnen", QUESTION, "70", 20],
            [2024, "Veinge", QUESTION, "hög", 60],
        ]
    )


def read_file(client, laholm, upload):
    response = client.post(url("survey_import", laholm), {"file": upload})
    survey_import = SurveyImport.objects.get(agreement=laholm, confirmed_at=None)
    return response, survey_import


def chart_of(html: str, question: str) -> str:
    """The <figure> of the question's chart."""
    figure = section(html, f'class="chart__heading">{question}')
    return figure.split("</figure>")[0]


# --- import, preview, save --------------------------------------------------------------


def test_a_file_is_previewed_with_bad_rows_and_reasons_and_saved_only_when_confirmed(
    client_as, laholm, upload
):
    client = client_as(COORDINATOR)
    before = SurveyResult.objects.count()
    response, survey_import = read_file(client, laholm, upload)
    preview = url("survey_preview", laholm, survey_import.pk)
    assert response.status_code == 302 and response["Location"] == preview
    assert SurveyResult.objects.count() == before

    html = client.get(preview).content.decode()
    rejected = section(html, 'id="rejected-heading"').split("</section>")[0]
    assert text_of(rejected.split("</h2>")[0]).endswith("Avvisade rader (2)")
    rows = [[text_of(cell) for cell in row] for row in table_rows(rejected)]
    assert rows == [
        [
            "4",
            "2024",
            "Hamnen",
            QUESTION,
            "",
            "70",
            "20",
            "Området ”Hamnen” finns inte i överenskommelsens lista över områden.",
        ],
        ["5", "2024", "Veinge", QUESTION, "", "hög", "60", "Andelen är inte ett tal."],
    ]
    accepted = section(html, 'id="accepted-heading"').split("</section>")[0]
    assert [[text_of(cell) for cell in row] for row in table_rows(accepted)] == [
        ["2", "2023", "Laholm centrum", QUESTION, "88,5 %", "130"],
        ["3", "2024", "Laholm centrum", QUESTION, "90 %", "128"],
    ]
    assert "Spara 2 resultat" in html
    assert f'action="{url("survey_confirm", laholm, survey_import.pk)}"' in html
    assert f'action="{url("survey_discard", laholm, survey_import.pk)}"' in html

    response = client.post(url("survey_confirm", laholm, survey_import.pk))
    assert response.status_code == 302 and response["Location"] == url("survey", laholm)
    saved = SurveyResult.objects.filter(survey_import=survey_import).order_by("year")
    assert [(r.year, r.area.name, r.value) for r in saved] == [
        (2023, "Laholm centrum", Decimal("88.50")),
        (2024, "Laholm centrum", Decimal("90.00")),
    ]
    # Saved: the preview reads as done, with nothing left to press.
    html = client.get(preview).content.decode()
    assert "Importen sparades" in html and "Spara 2 resultat" not in html


def test_the_survey_page_charts_list_the_data(client_as, laholm, upload):
    client = client_as(COORDINATOR)
    _response, survey_import = read_file(client, laholm, upload)
    client.post(url("survey_confirm", laholm, survey_import.pk))
    html = client_as("forvaltning").get(url("survey", laholm)).content.decode()
    figure = chart_of(html, QUESTION)
    assert re.search(r"<svg[^>]*role=\"img\"", figure)
    assert "<title id=" in figure and QUESTION in figure
    assert [[text_of(cell) for cell in row] for row in table_rows(figure)] == [
        ["Laholm centrum", "88,5", "90"]
    ]
    headers = re.findall(r'<th scope="col">(.*?)</th>', figure)
    assert headers == ["Område", "2023", "2024"]
    assert figure.count("<polyline") == 1


def test_discarding_a_file_saves_nothing(client_as, laholm, upload):
    client = client_as(COORDINATOR)
    before = SurveyResult.objects.count()
    _response, survey_import = read_file(client, laholm, upload)
    response = client.post(url("survey_discard", laholm, survey_import.pk))
    assert response.status_code == 302
    assert not SurveyImport.objects.filter(pk=survey_import.pk).exists()
    assert SurveyResult.objects.count() == before


def test_a_file_with_the_wrong_columns_is_refused_on_the_field(client_as, laholm, areas):
    client = client_as(COORDINATOR)
    bad = csv_upload([[2024, "Veinge", QUESTION, 60]], header=["år", "plats", "fråga", "andel"])
    response = client.post(url("survey_import", laholm), {"file": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "file") == [
        "Filen saknar kolumnerna område och svarande. Första raden ska vara en rubrikrad med "
        "år, område, fråga, värde (eller andel) och svarande."
    ]
    assert 'enctype="multipart/form-data"' in html
    assert not SurveyImport.objects.filter(agreement=laholm, confirmed_at=None).exists()


def test_the_import_form_names_the_agreements_areas(client_as, laholm, areas):
    html = client_as(COORDINATOR).get(url("survey_import", laholm)).content.decode()
    assert "Laholm centrum, Mellbystrand" in text_of(html)


def test_the_coordinator_is_offered_the_import_and_the_files_not_yet_saved(
    client_as, laholm, upload
):
    client = client_as(COORDINATOR)
    _response, survey_import = read_file(client, laholm, upload)
    html = client.get(url("survey", laholm)).content.decode()
    assert f'href="{url("survey_import", laholm)}"' in html
    assert f'href="{url("survey_preview", laholm, survey_import.pk)}"' in html
    member = client_as("sakerhetschef").get(url("survey", laholm)).content.decode()
    assert url("survey_import", laholm) not in member
    assert url("survey_preview", laholm, survey_import.pk) not in member


def test_without_results_the_page_says_so(client_as, other_agreement):
    html = client_as(OUTSIDER).get(url("survey", other_agreement)).content.decode()
    assert "Inga resultat från trygghetsenkäten är sparade ännu." in html
    assert "<figure" not in html


def test_the_previews_tables_page_on_their_own(client_as, laholm, areas):
    rows = [[2000 + n % 20, "Veinge", f"Fråga {n}", "50", 10] for n in range(60)]
    rows += [[2024, "Hamnen", f"Fråga {n}", "50", 10] for n in range(55)]
    client = client_as(COORDINATOR)
    client.post(url("survey_import", laholm), {"file": csv_upload(rows)})
    survey_import = SurveyImport.objects.get(agreement=laholm, confirmed_at=None)
    preview = url("survey_preview", laholm, survey_import.pk)
    html = client.get(preview + "?avvisade=2").content.decode()
    rejected = section(html, 'id="rejected-heading"').split("</section>")[0]
    assert [text_of(row[0]) for row in table_rows(rejected)] == ["112", "113", "114", "115", "116"]
    assert 'href="?avvisade=1"' in rejected
    accepted = section(html, 'id="accepted-heading"').split("</section>")[0]
    assert len(table_rows(accepted)) == 50
    assert 'href="?avvisade=2&amp;sida=2"' in accepted


# --- who may ------------------------------------------------------------------------------

ACTIONS = [
    ("survey_import", "GET"),
    ("survey_import", "POST"),
    ("survey_preview", "GET"),
    ("survey_confirm", "POST"),
    ("survey_discard", "POST"),
]


def _open(client, laholm, survey_import, name, method, upload):
    args = [] if name == "survey_import" else [survey_import.pk]
    target = url(name, laholm, *args)
    if method == "POST":
        return client.post(target, {"file": upload} if name == "survey_import" else {})
    return client.get(target)


@pytest.mark.parametrize(("name", "method"), ACTIONS)
@pytest.mark.parametrize(
    ("username", "status"), [("sakerhetschef", 403), ("kommunpolis", 403), (OUTSIDER, 404)]
)
def test_only_the_coordinator_imports_saves_and_discards(
    client_as, laholm, upload, name, method, username, status
):
    _response, survey_import = read_file(client_as(COORDINATOR), laholm, upload)
    before = SurveyResult.objects.count()
    client = client_as(username)
    response = _open(client, laholm, survey_import, name, method, csv_upload([]))
    assert response.status_code == status
    assert SurveyResult.objects.count() == before
    assert SurveyImport.objects.filter(agreement=laholm, confirmed_at=None).count() == 1


def test_an_import_of_another_agreement_is_not_found(client_as, laholm, other_agreement, upload):
    _response, survey_import = read_file(client_as(COORDINATOR), laholm, upload)
    client = client_as(OUTSIDER)
    for name in ("survey_preview", "survey_confirm", "survey_discard"):
        target = url(name, other_agreement, survey_import.pk)
        response = client.post(target) if name != "survey_preview" else client.get(target)
        assert response.status_code == 404, name
    assert SurveyImport.objects.filter(pk=survey_import.pk, confirmed_at=None).exists()


# --- queries ------------------------------------------------------------------------------


def add_results(agreement, *, questions: range, areas: int, years: int, pending: int = 0) -> None:
    """questions × areas × years more results (and some files not yet saved)."""
    places = [AreaFactory(agreement=agreement, name=f"Område {n}") for n in range(areas)]
    survey_import = SurveyImport.objects.create(agreement=agreement, file_name="mer.csv")
    SurveyResult.objects.bulk_create(
        SurveyResult(
            agreement=agreement,
            survey_import=survey_import,
            year=2010 + y,
            area=place,
            question=f"Fråga {q:02d} om trygghet",
            value=Decimal(40 + (q + y) % 50),
            is_share=True,
            respondents=100 + y,
        )
        for q in questions
        for place in places
        for y in range(years)
    )
    for n in range(pending):
        SurveyImport.objects.create(agreement=agreement, file_name=f"ej-sparad-{n}.csv")


def queries(client, path: str) -> tuple[int, str]:
    client.get(path)  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


@pytest.mark.parametrize("username", [COORDINATOR, "forvaltning"])
def test_the_survey_page_runs_the_same_queries_with_10_and_1000_results(
    client_as, laholm, username
):
    client = client_as(username)
    path = url("survey", laholm)
    add_results(laholm, questions=range(50, 51), areas=2, years=5, pending=1)  # 10 results
    few, _html = queries(client, path)
    add_results(laholm, questions=range(10), areas=10, years=10, pending=20)  # 1,000 more
    many, html = queries(client, path)
    assert many == few <= SURVEY_QUERIES
    assert html.count("<figure") == 10  # a page of charts
    assert re.search(r"Sida 1 av [2-9]", html)
    assert len(table_rows(chart_of(html, "Fråga 00 om trygghet"))) == 10  # one per area
