"""The sources of the annexes: a published lägesbild (annex 1), a published medborgarlöfte
(annex 2) and an adopted åtgärdsplan (annex 3) each become a snapshot of the shared shape
(situation/annex.py, actionplan/annex.py), and the coordinator makes a version of the
annex from it on the source's page."""

import json
from datetime import date

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from actionplan.annex import plan_snapshot, promise_snapshot
from actionplan.models import ActionPlan, CitizenPromise
from samverkan import annexes
from samverkan.models import Annex, AnnexVersion
from situation.annex import report_snapshot
from situation.models import SituationInput, SituationReport

State = AnnexVersion.State


@pytest.fixture
def report(laholm) -> SituationReport:
    return laholm.situation_reports.get(title="Lokal lägesbild Laholm 2024")


@pytest.fixture
def plan(laholm) -> ActionPlan:
    return laholm.action_plans.get(title="Åtgärdsplan 2024–2026")


@pytest.fixture
def promise(laholm) -> CitizenPromise:
    return laholm.citizen_promises.get(title="Medborgarlöfte 2024")


def sections(snapshot: dict) -> dict:
    return {s["key"]: s for s in snapshot["sections"]}


def text(snapshot: dict) -> str:
    return json.dumps(snapshot, ensure_ascii=False)


def hashed(snapshot: dict) -> str:
    return annexes.content_hash({"html": annexes.render_snapshot(snapshot), "snapshot": snapshot})


def errors(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level >= messages.ERROR]


# --- snapshots ------------------------------------------------------------------------


def test_the_lagesbild_snapshot_holds_its_three_parts_its_survey_and_its_orsaksanalys(report):
    snapshot = report_snapshot(report)
    annexes.snapshot_check(snapshot)
    found = sections(snapshot)
    assert snapshot["title"] == "Lokal lägesbild Laholm 2024"
    assert (snapshot["period_from"], snapshot["period_to"]) == ("2024-01-01", "2024-12-31")
    assert found["analysis"]["blocks"] == [{"type": "paragraph", "text": report.analysis}]
    assert found["mapping"]["blocks"][0]["text"].startswith("Det anmälda våldet")
    [question] = report.survey_questions.all()
    survey = found["survey"]["blocks"]
    assert survey[0]["text"] == question.question
    assert survey[1]["head"][0] == "Område" and len(survey[1]["rows"]) >= 2
    [problem] = report.problems.all()
    causes = found[f"problem-{problem.pk}"]["blocks"][-1]
    assert [row[0] for row in causes["rows"]] == ["Offer eller mål", "Gärningsperson", "Plats"]
    assert "Anmälda våldsbrott i offentlig miljö 2024" in causes["rows"][0][2]


def test_confidential_input_never_enters_the_lagesbild_snapshot(report):
    secret = report.inputs.get(sensitivity=SituationInput.Sensitivity.CONFIDENTIAL)
    snapshot = report_snapshot(report)
    shown = [row[0] for row in sections(snapshot)["inputs"]["blocks"][0]["rows"]]
    assert "Anmälda våldsbrott i offentlig miljö 2024" in shown
    assert secret.title not in text(snapshot)  # neither as input nor as a cause's evidence
    assert secret.title not in annexes.render_snapshot(snapshot)
    assert len(shown) == report.inputs.count() - 1


def test_the_plan_snapshot_has_every_measure_in_bras_columns(plan):
    snapshot = plan_snapshot(plan)
    annexes.snapshot_check(snapshot)
    found = sections(snapshot)
    facts = found["plan"]["blocks"][0]["items"]
    assert "Beslut: Kommunstyrelsen, 2024-03-06, diarienummer KS 2024/87" in facts
    assert "Lägesbild som underlag: Lokal lägesbild Laholm 2024" in facts
    [measures] = found["measures"]["blocks"]
    assert measures["head"][:9] == [
        "Nr",
        "Orsak",
        "Åtgärd",
        "Operativt mål",
        "Ansvarig part",
        "Medverkande parter",
        "Start",
        "Slut",
        "Status",
    ]
    assert [row[0] for row in measures["rows"]] == [str(n) for n in range(1, 13)]
    first = measures["rows"][0]
    assert first[2] == "Ny belysning i gångtunneln vid Lagavallen"
    assert first[4:9] == ["Kommunen", "Polisen", "2024-03-15", "2024-10-31", "Genomförd"]
    [follow_up] = plan.follow_ups.all()
    assert len(found[f"follow-up-{follow_up.pk}"]["blocks"][-1]["rows"]) == 12


def test_the_promise_snapshot_never_holds_internal_notes(promise):
    notes = [promise.internal_notes, *promise.reports.values_list("internal_notes", flat=True)]
    notes = [n for n in notes if n]
    assert len(notes) == 2
    snapshot = promise_snapshot(promise)
    annexes.snapshot_check(snapshot)
    html = annexes.render_snapshot(snapshot)
    for note in notes:
        assert note not in text(snapshot) and note not in html
    assert "Interna" not in text(snapshot) and "Internt" not in text(snapshot)
    found = sections(snapshot)
    assert (
        "Utfärdas av: Kommunen (Laholms kommun), Polisen (Polismyndigheten)"
        in (found["promise"]["blocks"][0]["items"])
    )
    assert len(found["commitments"]["blocks"][0]["rows"]) == 3
    assert len(found["dialogues"]["blocks"][0]["rows"]) == 3
    assert found["priorities"]["blocks"][0]["rows"][0][:2] == [
        "1",
        "Otrygghet vid resecentrum på kvällar",
    ]


@pytest.mark.parametrize("source", ["report", "plan", "promise"])
def test_the_same_source_twice_gives_the_same_content_in_any_language(laholm, source, request):
    build = {"report": report_snapshot, "plan": plan_snapshot, "promise": promise_snapshot}
    obj = request.getfixturevalue(source)
    first = build[source](obj)
    with translation.override("en"):
        again = build[source](type(obj).objects.get(pk=obj.pk))
    assert again == first
    assert hashed(again) == hashed(first)


def test_a_changed_measure_changes_only_its_row_in_the_plan_snapshot(plan):
    before = plan_snapshot(plan)
    plan.measures.filter(number=7).update(status="ongoing")
    after = plan_snapshot(plan)
    changed = [s for s in annexes.compare(before, after) if s["change"] != "unchanged"]
    assert [s["key"] for s in changed] == ["measures"]
    lines = [line for op, line in changed[0]["lines"] if op != "same"]
    assert len(lines) == 2 and all(line.startswith("7 | ") for line in lines)


# --- making a version on the source's page ----------------------------------------------


def report_url(report, name="situation:report_annex_version"):
    return reverse(name, args=[report.agreement_id, report.pk])


def plan_url(plan, name="actionplan:plan_annex_version"):
    return reverse(name, args=[plan.agreement_id, plan.pk])


def promise_url(promise, name="actionplan:promise_annex_version"):
    return reverse(name, args=[promise.agreement_id, promise.pk])


def test_the_coordinator_makes_a_version_of_annex_1_from_the_lagesbild(client_as, report):
    response = client_as("samordnare").post(report_url(report))
    version = AnnexVersion.objects.get(annex__number=1, state=State.DRAFT)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "samverkan:version", args=[report.agreement_id, version.pk]
    )
    assert errors(response) == []
    assert (version.number, version.source, version.source_label) == (2, report, report.title)
    assert version.snapshot == report_snapshot(report)
    assert annexes.integrity([version])[version.pk].ok


def test_making_again_replaces_the_draft_instead_of_adding_one(client_as, report, laholm):
    client = client_as("samordnare")
    client.post(report_url(report))
    [draft] = AnnexVersion.objects.filter(annex__number=1, state=State.DRAFT)
    SituationReport.objects.filter(pk=report.pk).update(analysis="En ny analys.")
    response = client.post(report_url(report))
    assert errors(response) == []
    [again] = AnnexVersion.objects.filter(annex__number=1).exclude(state=State.IN_FORCE)
    assert (again.pk, again.number) == (draft.pk, 2)
    assert sections(again.snapshot)["analysis"]["blocks"][0]["text"] == "En ny analys."


def test_the_coordinator_makes_annex_2_and_annex_3_from_the_promise_and_the_plan(
    client_as, promise, plan, plan_annex
):
    client = client_as("samordnare")
    for url, number, source in ((promise_url(promise), 2, promise), (plan_url(plan), 3, plan)):
        response = client.post(url)
        version = AnnexVersion.objects.get(annex__number=number, state=State.DRAFT)
        assert errors(response) == []
        assert response["Location"].endswith(f"/versioner/{version.pk}/")
        assert version.source == source


@pytest.mark.parametrize(("username", "status"), [("kommunpolis", 403), ("annan-kommun", 404)])
def test_only_the_coordinator_makes_a_version(client_as, report, plan, promise, username, status):
    client = client_as(username)
    for url in (report_url(report), plan_url(plan), promise_url(promise)):
        assert client.post(url).status_code == status
    assert not AnnexVersion.objects.filter(state=State.DRAFT).exists()


def test_a_get_makes_nothing(client_as, report):
    assert client_as("samordnare").get(report_url(report)).status_code == 405


def test_an_unpublished_lagesbild_is_refused_with_a_message(client_as, laholm):
    draft = SituationReport.objects.create(
        agreement=laholm,
        title="Lägesbild 2025",
        period_from=date(2025, 1, 1),
        period_to=date(2025, 2, 28),
    )
    response = client_as("samordnare").post(report_url(draft))
    assert response["Location"] == reverse("situation:report_detail", args=[laholm.pk, draft.pk])
    assert errors(response) == ["Publicera lägesbilden innan den blir en bilaga."]
    assert not AnnexVersion.objects.filter(state=State.DRAFT).exists()


def test_a_draft_plan_is_refused_with_a_message(client_as, plan, plan_annex):
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.DRAFT)
    response = client_as("samordnare").post(plan_url(plan))
    assert errors(response) == [
        "Registrera kommunens beslut om åtgärdsplanen innan den blir en bilaga."
    ]
    assert response["Location"].endswith(f"/atgardsplan/{plan.pk}/")
    assert not AnnexVersion.objects.filter(state=State.DRAFT).exists()


def test_an_unpublished_promise_is_refused_with_a_message(client_as, promise):
    CitizenPromise.objects.filter(pk=promise.pk).update(status=CitizenPromise.Status.DRAFT)
    response = client_as("samordnare").post(promise_url(promise))
    assert errors(response) == ["Publicera medborgarlöftet innan det blir en bilaga."]
    assert response["Location"].endswith(f"/medborgarloften/{promise.pk}/")
    assert not AnnexVersion.objects.filter(state=State.DRAFT).exists()


def test_a_version_waiting_for_the_council_is_not_replaced(client_as, plan):
    waiting = AnnexVersion.objects.get(annex__number=3, state=State.PRESENTED)
    response = client_as("samordnare").post(plan_url(plan))
    assert response["Location"].endswith(f"/atgardsplan/{plan.pk}/")
    [message] = errors(response)
    assert message.startswith("Version 2 har status ”Föredragen för strategiska rådet”.")
    waiting.refresh_from_db()
    assert waiting.state == State.PRESENTED and waiting.source == plan


def test_an_agreement_without_an_annex_of_the_kind_is_refused_with_a_message(
    client_as, report, laholm
):
    Annex.objects.filter(agreement=laholm, kind=Annex.Kind.SITUATION_PICTURE).update(
        kind=Annex.Kind.OTHER
    )
    response = client_as("samordnare").post(report_url(report))
    assert errors(response) == [
        "Överenskommelsen har ingen bilaga av typen Lokal lägesbild och orsaksanalys."
    ]


# --- the source's page --------------------------------------------------------------------


def test_the_coordinator_sees_the_button_and_the_latest_version_from_the_source(
    client_as, report, plan, promise
):
    client = client_as("samordnare")
    for url, number, latest, state in (
        (report_url(report, "situation:report_detail"), 1, 1, "gäller"),
        (promise_url(promise, "actionplan:promise_detail"), 2, 1, "gäller"),
        (plan_url(plan, "actionplan:plan_detail"), 3, 2, "föredragen för strategiska rådet"),
    ):
        html = client.get(url).content.decode()
        version = AnnexVersion.objects.get(annex__number=number, number=latest)
        link = reverse("samverkan:version", args=[version.agreement_id, version.pk])
        assert f'href="{link}">bilaga {number}, version {latest}</a> ({state})' in html
        assert f"Gör ny version av bilaga {number}" in html


def test_a_member_sees_the_latest_version_but_no_button(client_as, plan):
    html = client_as("kommunpolis").get(plan_url(plan, "actionplan:plan_detail")).content.decode()
    assert "bilaga 3, version 2</a>" in html
    assert "Gör ny version av bilaga" not in html
    assert "ny-bilageversion" not in html


def test_the_page_names_no_version_before_one_is_made_from_the_source(client_as, laholm):
    report = SituationReport.objects.create(
        agreement=laholm,
        title="Lägesbild 2025",
        period_from=date(2025, 1, 1),
        period_to=date(2025, 2, 28),
        status=SituationReport.Status.PUBLISHED,
    )
    html = client_as("samordnare").get(report_url(report, "situation:report_detail")).content
    assert "Ingen version av bilaga 1 är gjord härifrån ännu." in html.decode()


def test_the_panel_costs_the_same_queries_however_many_versions_the_source_has(client_as, report):
    client = client_as("samordnare")
    url = report_url(report, "situation:report_detail")
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = queries()
    in_force = AnnexVersion.objects.get(annex__number=1, state=State.IN_FORCE)
    for number in range(2, 12):
        AnnexVersion.objects.create(
            agreement=in_force.agreement,
            annex=in_force.annex,
            number=number,
            title=in_force.title,
            dated_on=in_force.dated_on,
            state=State.REJECTED,
            snapshot=in_force.snapshot,
            html=in_force.html,
            content_hash=in_force.content_hash,
            source_type=in_force.source_type,
            source_id=in_force.source_id,
        )
    assert queries() == one
    assert "bilaga 1, version 11</a> (avslagen)" in client.get(url).content.decode()
