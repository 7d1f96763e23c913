"""The lägesbild's pages: members read a published report in the agreement's three parts,
with the input they may see, the survey as charts and the orsaksanalys; drafts are the
coordinator's alone; the coordinator composes, publishes and dates the full update."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from situation.models import (
    Cause,
    Indicator,
    Problem,
    ReportSurveyQuestion,
    SituationInput,
    SituationReport,
    SurveyImport,
    SurveyResult,
)
from situation.services import reports as services
from tests.helpers import TODAY
from tests.html_helpers import section, table_rows, text_of
from tests.situation.factories import AreaFactory, CategoryFactory, SituationInputFactory

QUESTION = "Känner sig trygga i sitt bostadsområde på kvällen"
CONFIDENTIAL_TITLE = "Hemlig uppgift om narkotikaförsäljning"


def party(agreement, short_name):
    return agreement.parties.get(short_name=short_name)


@pytest.fixture
def report(laholm, user):
    """A published report with an internal and a confidential input, a survey question
    and a problem with a cause on each of two sides."""
    report = SituationReport.objects.create(
        agreement=laholm,
        title="Lägesbild kusten 2024",
        period_from=date(2024, 1, 1),
        period_to=date(2024, 12, 31),
        mapping="Inbrotten i fritidshus ökar.",
        other_information="Fler känner sig trygga.",
        analysis="Kusten bör prioriteras.",
        status=SituationReport.Status.PUBLISHED,
    )
    internal = SituationInputFactory(
        agreement=laholm,
        party=party(laholm, "Polisen"),
        author=user("kommunpolis"),
        title="Inbrotten i Mellbystrand",
        source_detail="",
        area=AreaFactory(agreement=laholm, name="Mellbystrand"),
        category=CategoryFactory(agreement=laholm, name="Inbrott"),
    )
    Indicator.objects.create(
        situation_input=internal,
        name="Anmälda inbrott",
        value=14,
        unit="st",
        comparison_value=9,
        comparison_period="2023",
    )
    confidential = SituationInputFactory(
        agreement=laholm,
        party=party(laholm, "Polisen"),
        author=user("kommunpolis"),
        title=CONFIDENTIAL_TITLE,
        sensitivity=SituationInput.Sensitivity.CONFIDENTIAL,
    )
    report.inputs.add(internal, confidential)
    survey_import = SurveyImport.objects.create(agreement=laholm, file_name="enkat.csv")
    for area_name, values in (("Mellbystrand", (61, 64)), ("Knäred", (70, None))):
        area = AreaFactory(agreement=laholm, name=area_name)
        for year, value in zip((2023, 2024), values, strict=True):
            if value is not None:
                SurveyResult.objects.create(
                    agreement=laholm,
                    survey_import=survey_import,
                    year=year,
                    area=area,
                    question=QUESTION,
                    value=value,
                    is_share=True,
                )
    ReportSurveyQuestion.objects.create(report=report, question=QUESTION, order=1)
    problem = Problem.objects.create(report=report, title="Inbrott i fritidshus", order=1)
    place = Cause.objects.create(problem=problem, side="place", description="Obevakade hus.")
    place.evidence.add(internal, confidential)
    Cause.objects.create(problem=problem, side="offender", description="Samma grupp.")
    report.internal, report.confidential = internal, confidential
    return report


def detail_url(report) -> str:
    return reverse("situation:report_detail", args=[report.agreement_id, report.pk])


def read(client_as, username, url) -> str:
    response = client_as(username).get(url)
    assert response.status_code == 200, (username, url, response.status_code)
    return response.content.decode()


def test_the_report_reads_in_the_three_parts_the_agreement_names(client_as, report):
    html = read(client_as, "sakerhetschef", detail_url(report))
    headings = [text_of(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    assert headings[:7] == [
        "Kartläggning av brottsligheten, dess omfattning och konsekvenser",
        "Annan information av betydelse",
        "Analys",
        "Underlag",
        "Trygghetsenkäten",
        "Veckouppföljningen under perioden",
        "Orsaksanalys",
    ]
    assert "Inbrotten i fritidshus ökar." in html


def test_the_selected_input_is_a_table_with_its_indicators(client_as, report):
    html = read(client_as, "sakerhetschef", detail_url(report))
    rows = {
        text_of(r[0]).split(" Konfidentiellt")[0]: [text_of(c) for c in r]
        for r in table_rows(section(html, 'id="underlag"').split("</section>")[0])
    }
    assert rows["Inbrotten i Mellbystrand"][1:] == [
        "Polisen",
        "Polisen",
        "Mellbystrand",
        "Inbrott",
        f"{TODAY - timedelta(days=40):%Y-%m-%d}–{TODAY - timedelta(days=10):%Y-%m-%d}",
        "Anmälda inbrott: 14 st (jämfört med 9 2023)",
    ]
    assert CONFIDENTIAL_TITLE in rows


def test_a_confidential_input_does_not_exist_for_an_operative_only_member(client_as, report):
    html = read(client_as, "forvaltning", detail_url(report))
    assert "Inbrotten i Mellbystrand" in html
    assert CONFIDENTIAL_TITLE not in html
    assert f"/underlag/{report.confidential.pk}/" not in html
    # Neither in the table nor as evidence of a cause.
    analysis = section(html, 'id="orsaksanalys"')
    assert "Obevakade hus." in analysis
    assert (
        reverse("situation:input_detail", args=[report.agreement_id, report.internal.pk])
        in analysis
    )


@pytest.mark.parametrize("username", ["samordnare", "sakerhetschef", "frivard"])
def test_the_council_and_the_coordinator_read_the_confidential_input(client_as, report, username):
    assert CONFIDENTIAL_TITLE in read(client_as, username, detail_url(report))


def test_the_survey_question_is_a_chart_with_its_data_table(client_as, report):
    html = read(client_as, "kommunpolis", detail_url(report))
    survey = section(html, 'id="trygghetsenkat"').split("</section>")[0]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in survey
    assert QUESTION in survey
    rows = [[text_of(c) for c in row] for row in table_rows(survey)]
    assert rows == [["Mellbystrand", "61", "64"], ["Knäred", "70", "saknas"]]


def test_the_orsaksanalys_groups_causes_by_side_of_the_triangle(client_as, report):
    html = read(client_as, "kommunpolis", detail_url(report))
    analysis = text_of(section(html, 'id="orsaksanalys"'))
    assert (
        "Inbrott i fritidshus Offer eller mål Ingen orsak angiven. "
        "Gärningsperson Samma grupp. "
        "Plats Obevakade hus. Underlag: " in analysis
    )


def test_a_member_is_offered_nothing_to_change(client_as, report):
    html = read(client_as, "sakerhetschef", detail_url(report))
    for name in ("report_edit", "report_sources", "problem_add"):
        assert reverse(f"situation:{name}", args=[report.agreement_id, report.pk]) not in html
    assert "report-fully-updated" not in html


def test_the_coordinator_is_offered_the_changes(client_as, report):
    html = read(client_as, "samordnare", detail_url(report))
    for name in ("report_edit", "report_sources", "problem_add", "report_fully_updated"):
        assert reverse(f"situation:{name}", args=[report.agreement_id, report.pk]) in html


# --- drafts ---------------------------------------------------------------------------------


@pytest.fixture
def draft(laholm):
    return SituationReport.objects.create(
        agreement=laholm,
        title="Utkast till lägesbild",
        period_from=date(2025, 1, 1),
        period_to=date(2025, 2, 28),
    )


@pytest.mark.parametrize("username", ["sakerhetschef", "kommunpolis", "forvaltning", "frivard"])
def test_a_draft_does_not_exist_for_anyone_but_the_coordinator(client_as, draft, username):
    client = client_as(username)
    assert client.get(detail_url(draft)).status_code == 404
    history = reverse("situation:report_history", args=[draft.agreement_id, draft.pk])
    assert client.get(history).status_code == 404
    listing = client.get(reverse("situation:report_list", args=[draft.agreement_id]))
    assert "Utkast till lägesbild" not in listing.content.decode()


def test_the_coordinator_reads_and_lists_the_draft(client_as, draft):
    assert "Utkast, syns bara för samordnaren" in read(client_as, "samordnare", detail_url(draft))
    listing = read(
        client_as, "samordnare", reverse("situation:report_list", args=[draft.agreement_id])
    )
    assert "Utkast till lägesbild" in listing


def test_after_the_agreement_has_ended_a_draft_is_no_ones(client_as, draft, laholm, time_machine):
    from councils.roles import sync_all
    from tests.helpers import at_ten

    day = laholm.valid_to + timedelta(days=15)
    time_machine.move_to(at_ten(day))
    sync_all(on=day)
    assert client_as("samordnare").get(detail_url(draft)).status_code == 404


# --- the same number of queries however many inputs -----------------------------------------


def many_inputs(agreement, author, count: int) -> list[SituationInput]:
    polisen = party(agreement, "Polisen")
    category = CategoryFactory(agreement=agreement, name="Inbrott")
    made = SituationInput.objects.bulk_create(
        SituationInput(
            agreement=agreement,
            party=polisen,
            author=author,
            title=f"Underlag nummer {n}",
            source=SituationInput.Source.POLICE,
            category=category,
            period_from=date(2024, 1, 1),
            period_to=date(2024, 12, 31),
            narrative="Fler inbrott än förra året.",
            status=SituationInput.Status.SUBMITTED,
            sensitivity=(
                SituationInput.Sensitivity.CONFIDENTIAL
                if n % 2
                else SituationInput.Sensitivity.INTERNAL
            ),
        )
        for n in range(count)
    )
    Indicator.objects.bulk_create(
        Indicator(situation_input=i, name="Anmälda brott", value=n) for n, i in enumerate(made)
    )
    return made


@pytest.mark.parametrize("username", ["samordnare", "forvaltning"])
def test_the_report_runs_as_many_queries_with_10_as_with_1000_inputs(
    client_as, report, user, username, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    author = user("kommunpolis")
    client = client_as(username)
    url = detail_url(report)
    report.inputs.add(*many_inputs(report.agreement, author, 10))
    client.get(url)
    with CaptureQueriesContext(connection) as ten:
        html = client.get(url).content.decode()
    assert "Sida 1 av" not in html
    inputs = many_inputs(report.agreement, author, 990)
    report.inputs.add(*inputs)
    for cause in Cause.objects.filter(problem__report=report):
        cause.evidence.add(*inputs[:200])
    with django_assert_num_queries(len(ten.captured_queries)):
        html = client.get(url).content.decode()
    # 1,002 inputs, 25 a page; the confidential half is not there for an operative member.
    pages = 41 if username == "samordnare" else 21
    assert f"Sida 1 av {pages}" in html
    with django_assert_num_queries(len(ten.captured_queries)):
        assert client.get(url + "?sida=3").status_code == 200


# --- history ----------------------------------------------------------------------------------


def test_the_history_reads_the_report_its_problems_and_causes(client_as, report, user):
    coordinator = user("samordnare")
    services.report_update(report=report, by=coordinator, data={"analysis": "Ny analys."})
    problem = services.problem_add(report=report, by=coordinator, data={"title": "Otrygghet"})
    services.cause_add(
        problem=problem, by=coordinator, data={"side": "victim", "description": "Äldre."}
    )
    url = reverse("situation:report_history", args=[report.agreement_id, report.pk])
    html = text_of(read(client_as, "kommunpolis", url))
    assert (
        "Lägesbild: Lägesbild kusten 2024 Ändrad Analys: Kusten bör prioriteras. → Ny analys."
        in (html)
    )
    assert "Problem i orsaksanalysen: Otrygghet Skapad" in html
    assert "Orsak: Äldre. Skapad" in html


# --- composing --------------------------------------------------------------------------------


def test_a_new_report_opens_on_its_page(client_as, laholm):
    response = client_as("samordnare").post(
        reverse("situation:report_create", args=[laholm.pk]),
        {
            "title": "Lägesbild 2025",
            "period_from": "2025-01-01",
            "period_to": "2025-02-28",
            "mapping": "Kartläggning.",
        },
    )
    report = laholm.situation_reports.get(title="Lägesbild 2025")
    assert response.status_code == 302
    assert response["Location"] == detail_url(report)
    assert report.status == SituationReport.Status.DRAFT


def test_a_period_ending_before_it_starts_is_an_error_on_its_end(client_as, laholm):
    response = client_as("samordnare").post(
        reverse("situation:report_create", args=[laholm.pk]),
        {"title": "Lägesbild", "period_from": "2025-02-01", "period_to": "2025-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "period_to": ["Perioden kan inte sluta före den börjar."]
    }


def test_the_sources_form_offers_submitted_input_only(client_as, report, laholm, user):
    draft = SituationInputFactory(
        agreement=laholm,
        party=party(laholm, "Kommunen"),
        author=user("samordnare"),
        title="Eget utkast",
        status=SituationInput.Status.DRAFT,
    )
    url = reverse("situation:report_sources", args=[laholm.pk, report.pk])
    html = read(client_as, "samordnare", url)
    assert "Inbrotten i Mellbystrand" in html
    assert "Eget utkast" not in html
    assert QUESTION in html
    response = client_as("samordnare").post(url, {"inputs": [draft.pk]})
    assert response.status_code == 200  # refused by the form: not among the choices
    assert list(report.inputs.order_by("pk")) == [report.internal, report.confidential]


def test_the_full_update_is_dated_on_the_page(client_as, report):
    url = reverse("situation:report_fully_updated", args=[report.agreement_id, report.pk])
    client = client_as("samordnare")
    future = client.post(url, {"on": (TODAY + timedelta(days=1)).isoformat()})
    assert future.status_code == 200
    assert "Dagen kan inte ligga i framtiden." in future.content.decode()
    assert client.post(url, {"on": TODAY.isoformat()})["Location"] == detail_url(report)
    report.refresh_from_db()
    assert report.fully_updated_on == TODAY
    html = read(client_as, "sakerhetschef", detail_url(report))
    assert "Helt uppdaterad</dt><dd>2025-03-12" in html


def test_publishing_a_draft_without_its_parts_says_what_is_missing(client_as, draft):
    client = client_as("samordnare")
    url = reverse("situation:report_publish", args=[draft.agreement_id, draft.pk])
    response = client.post(url, follow=True)
    assert "Det saknas: kartläggning av brottsligheten" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == SituationReport.Status.DRAFT


def test_the_cause_form_offers_the_input_as_evidence(client_as, report):
    problem = report.problems.get()
    url = reverse("situation:cause_add", args=[report.agreement_id, report.pk, problem.pk])
    response = client_as("samordnare").post(
        url, {"side": "victim", "description": "Äldre boende.", "evidence": [report.internal.pk]}
    )
    assert response.status_code == 302
    cause = problem.causes.get(side="victim")
    assert list(cause.evidence.all()) == [report.internal]


def test_an_outsider_never_sees_the_report(client, report):
    client.force_login(get_user_model().objects.get(username="annan-kommun"))
    assert client.get(detail_url(report)).status_code == 404


def test_the_sources_form_says_when_a_chosen_input_was_corrected(client_as, report):
    SituationInput.objects.filter(pk=report.internal.pk).update(status="superseded")
    url = reverse("situation:report_sources", args=[report.agreement_id, report.pk])
    html = text_of(read(client_as, "samordnare", url))
    assert "1 av de valda underlagen har ersatts av en rättelse." in html
