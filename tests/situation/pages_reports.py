"""The situation picture's home page, the lägesbild with its orsaksanalys, and search in
the one registry (tests/pages.py).

Reading is for whoever reads the situation picture (every seat holder: the "member"
column); the signatory with no seat (ks-ordforande) gets 403. Composing is the
coordinator's (MANAGE). The rows act on a published report of their own, made once per
`Objects` (any agreement: the renewal and the other agreement too), with one submitted
input selected into it, a survey question, and a problem with a cause. A draft report is
the coordinator's alone (404 for the others): tests/situation/test_reports_views.py checks
that, since after the agreement's end not even the coordinator reads a draft.
"""

from datetime import timedelta

from django.utils import timezone

from samverkan.services import version_of
from situation.models import (
    Cause,
    Problem,
    ReportSurveyQuestion,
    SituationInput,
    SituationReport,
    SurveyImport,
    SurveyResult,
)
from tests.browser.support import empty_form
from tests.pages import GET, POST, K, Objects, Page, Scan
from tests.situation.factories import AreaFactory, IndicatorFactory, SituationInputFactory

NO_SEAT = "ks-ordforande"  # a signatory who holds no seat: no part in the situation picture
OPERATIVE_ONLY = "forvaltning"  # reads internal input only

SURVEY_QUESTION = "Känner sig trygga i sitt bostadsområde på kvällen"

# Query bounds (today's count + 2).
HOME_QUERIES = 23
REPORT_LIST_QUERIES = 14
REPORT_QUERIES = 30
REPORT_HISTORY_QUERIES = 18
SEARCH_QUERIES = 11


def _once(build):
    """A builder of one object per Objects, made when first asked for."""

    def get(o: Objects):
        key = f"reports_{build.__name__}"
        if key not in o.__dict__:
            o.__dict__[key] = build(o)
        return o.__dict__[key]

    get.__name__ = build.__name__
    return get


def _today():
    return timezone.localdate()


@_once
def report_input(o: Objects) -> SituationInput:
    """A submitted input of the agreement's first party, with an indicator."""
    situation_input = SituationInputFactory(
        agreement=o.agreement,
        party=o.party,
        title="Inbrotten i fritidshus ökar",
        narrative="Fler inbrott i fritidshus längs kusten under vintern.",
        period_from=_today() - timedelta(days=60),
        period_to=_today() - timedelta(days=1),
    )
    IndicatorFactory(situation_input=situation_input, name="Anmälda inbrott", value=14)
    return situation_input


@_once
def survey_question(o: Objects) -> str:
    """A question of the safety survey with results for two years in one area."""
    survey_import = SurveyImport.objects.create(
        agreement=o.agreement, file_name="trygghetsenkat.csv", confirmed_at=timezone.now()
    )
    area = AreaFactory(agreement=o.agreement, name="Mellbystrand")
    for year, value in ((_today().year - 2, 61), (_today().year - 1, 64)):
        SurveyResult.objects.create(
            agreement=o.agreement,
            survey_import=survey_import,
            year=year,
            area=area,
            question=SURVEY_QUESTION,
            value=value,
            is_share=True,
            respondents=300,
        )
    return SURVEY_QUESTION


def _report(o: Objects, status: str, title: str) -> SituationReport:
    return SituationReport.objects.create(
        agreement=o.agreement,
        title=title,
        period_from=_today() - timedelta(days=365),
        period_to=_today() - timedelta(days=1),
        mapping="Inbrotten i fritidshus har ökat längs kusten.",
        other_information="Trygghetsenkäten visar att fler känner sig trygga.",
        analysis="Inbrotten är säsongsbundna; fritidshusområdena bör prioriteras.",
        status=status,
    )


@_once
def report(o: Objects) -> SituationReport:
    """A published lägesbild with its sources and an orsaksanalys of one problem."""
    published = _report(o, SituationReport.Status.PUBLISHED, "Lägesbild för kustområdet")
    published.inputs.add(report_input(o))
    ReportSurveyQuestion.objects.create(report=published, question=survey_question(o), order=1)
    problem = Problem.objects.create(report=published, title="Inbrott i fritidshus", order=1)
    cause = Cause.objects.create(
        problem=problem, side=Cause.Side.PLACE, description="Obevakade hus vintertid."
    )
    cause.evidence.add(report_input(o))
    return published


@_once
def draft_report(o: Objects) -> SituationReport:
    return _report(o, SituationReport.Status.DRAFT, "Lägesbild, utkast")


def problem(o: Objects) -> Problem:
    return report(o).problems.get()


def cause(o: Objects) -> Cause:
    return problem(o).causes.get()


class KR:
    """URL kwargs builders."""

    @staticmethod
    def report(o: Objects) -> dict:
        return K.agreement(o) | {"report_pk": report(o).pk}

    @staticmethod
    def draft(o: Objects) -> dict:
        return K.agreement(o) | {"report_pk": draft_report(o).pk}

    @staticmethod
    def problem(o: Objects) -> dict:
        return KR.report(o) | {"problem_pk": problem(o).pk}

    @staticmethod
    def cause(o: Objects) -> dict:
        return KR.problem(o) | {"cause_pk": cause(o).pk}


def _report_fields(title: str) -> dict:
    today = _today()
    return {
        "title": title,
        "period_from": (today - timedelta(days=365)).isoformat(),
        "period_to": today.isoformat(),
        "mapping": "Våld i offentlig miljö är koncentrerat till centrum på helgkvällar.",
        "other_information": "Trygghetsvandringen i oktober pekade ut stationsområdet.",
        "analysis": "Centrum på helgkvällar bör prioriteras.",
    }


class DR:
    """POST data builders: valid forms, so a permitted POST succeeds (302)."""

    @staticmethod
    def new_report(o: Objects) -> dict:
        return _report_fields("Lägesbild 2025")

    @staticmethod
    def report(o: Objects) -> dict:
        return _report_fields("Lägesbild för kustområdet") | {"version": version_of(report(o))}

    @staticmethod
    def sources(o: Objects) -> dict:
        return {"inputs": [report_input(o).pk], "survey_questions": [survey_question(o)]}

    @staticmethod
    def fully_updated(o: Objects) -> dict:
        return {"on": _today().isoformat()}

    @staticmethod
    def new_problem(o: Objects) -> dict:
        return {"title": "Otrygghet vid stationen", "description": "Kvällstid, särskilt helger."}

    @staticmethod
    def problem(o: Objects) -> dict:
        p = problem(o)
        return {"version": version_of(p), "title": p.title, "description": "Ökar vintertid."}

    @staticmethod
    def new_cause(o: Objects) -> dict:
        return {
            "side": Cause.Side.OFFENDER,
            "description": "Samma grupp återkommer.",
            "evidence": [report_input(o).pk],
        }

    @staticmethod
    def cause(o: Objects) -> dict:
        c = cause(o)
        return {
            "version": version_of(c),
            "side": c.side,
            "description": "Obevakade och mörka hus vintertid.",
            "evidence": [report_input(o).pk],
        }


def search_for_burglary(page) -> None:
    """Scan action: search for "inbrott" and wait for the results."""
    page.fill("#search-q", "inbrott")
    with page.expect_navigation():
        page.click("main form.search-form button[type=submit]")
    assert page.locator("#results-heading").is_visible(), "no results heading after a search"


READERS = {NO_SEAT: 403}

# fmt: off
PAGES = [
    #    URL name                         kwargs        request                anon, samordnare,
    #                                                                              member, outsider
    Page("situation:home",                K.agreement,  GET,                   302, 200, 200, 404,
         others=READERS, queries=HOME_QUERIES, label="situation home",
         scans=(Scan("situation home"), Scan("situation home as a submitter", user="kommunpolis"))),
    Page("situation:report_list",         K.agreement,  GET,                   302, 200, 200, 404,
         others=READERS, queries=REPORT_LIST_QUERIES, label="report list",
         scans=(Scan("report list"),)),
    Page("situation:report_create",       K.agreement,  GET,                   302, 200, 403, 404,
         scans=(Scan("report create form"), Scan("report form with errors", act=empty_form))),
    Page("situation:report_create",       K.agreement,  POST(DR.new_report),   302, 302, 403, 404),
    Page("situation:report_detail",       KR.report,    GET,                   302, 200, 200, 404,
         others=READERS, queries=REPORT_QUERIES, label="report",
         scans=(Scan("report with orsaksanalys"),
                Scan("report as an operative-only member", user=OPERATIVE_ONLY))),
    Page("situation:report_edit",         KR.report,    GET,                   302, 200, 403, 404,
         scans=(Scan("report edit form"),)),
    Page("situation:report_edit",         KR.report,    POST(DR.report),       302, 302, 403, 404),
    Page("situation:report_sources",      KR.report,    GET,                   302, 200, 403, 404,
         scans=(Scan("report sources form"),)),
    Page("situation:report_sources",      KR.report,    POST(DR.sources),      302, 302, 403, 404),
    Page("situation:report_publish",      KR.draft,     GET,                   302, 405, 403, 404),
    Page("situation:report_publish",      KR.draft,     POST(),                302, 302, 403, 404),
    Page("situation:report_fully_updated", KR.report,   GET,                   302, 200, 403, 404,
         scans=(Scan("report fully updated form"),)),
    Page("situation:report_fully_updated", KR.report,   POST(DR.fully_updated), 302, 302, 403, 404),
    Page("situation:report_history",      KR.report,    GET,                   302, 200, 200, 404,
         others=READERS, queries=REPORT_HISTORY_QUERIES, label="report history",
         scans=(Scan("report history"),)),
    Page("situation:problem_add",         KR.report,    GET,                   302, 200, 403, 404,
         scans=(Scan("problem form"),)),
    Page("situation:problem_add",         KR.report,    POST(DR.new_problem),  302, 302, 403, 404),
    Page("situation:problem_edit",        KR.problem,   GET,                   302, 200, 403, 404,
         scans=(Scan("problem edit form"),)),
    Page("situation:problem_edit",        KR.problem,   POST(DR.problem),      302, 302, 403, 404),
    Page("situation:problem_remove",      KR.problem,   GET,                   302, 405, 403, 404),
    Page("situation:problem_remove",      KR.problem,   POST(),                302, 302, 403, 404),
    Page("situation:cause_add",           KR.problem,   GET,                   302, 200, 403, 404,
         scans=(Scan("cause form"),)),
    Page("situation:cause_add",           KR.problem,   POST(DR.new_cause),    302, 302, 403, 404),
    Page("situation:cause_edit",          KR.cause,     GET,                   302, 200, 403, 404,
         scans=(Scan("cause edit form"),)),
    Page("situation:cause_edit",          KR.cause,     POST(DR.cause),        302, 302, 403, 404),
    Page("situation:cause_remove",        KR.cause,     GET,                   302, 405, 403, 404),
    Page("situation:cause_remove",        KR.cause,     POST(),                302, 302, 403, 404),
    Page("situation:search",              K.agreement,  GET,                   302, 200, 200, 404,
         others=READERS, queries=SEARCH_QUERIES, label="situation search",
         scans=(Scan("situation search"),
                Scan("situation search results", act=search_for_burglary))),
]
# fmt: on
