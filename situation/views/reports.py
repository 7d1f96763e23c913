"""The lägesbild and its orsaksanalys: members read published reports, the coordinator
composes them (drafts are the coordinator's alone: 404 for everyone else).

What a reader sees of a report's sources goes through SituationInput.objects.visible_to:
a confidential input selected into the report does not exist for an operative-only
member, not even its title."""

from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.formpage import form_page, post_action
from samverkan.history import history_entries
from samverkan.services import version_of

from ..access import situation_perm_view
from ..forms.reports import (
    CauseForm,
    FullyUpdatedForm,
    ProblemForm,
    ReportForm,
    ReportSourcesForm,
)
from ..freshness import agreement_freshness
from ..models import (
    MANAGE,
    VIEW,
    Cause,
    Problem,
    ReportSurveyQuestion,
    SituationInput,
    SituationReport,
    SurveyResult,
)
from ..selectors_weekly import period_summary
from ..services import reports as services

PER_PAGE = 25
HISTORY_PER_PAGE = 50
# The three parts the agreement names, in its order and words.
PARTS = (
    ("mapping", gettext_lazy("Kartläggning av brottsligheten, dess omfattning och konsekvenser")),
    ("other_information", gettext_lazy("Annan information av betydelse")),
    ("analysis", gettext_lazy("Analys")),
)


def report_url(report) -> str:
    return reverse("situation:report_detail", args=[report.agreement_id, report.pk])


def _list_url(agreement) -> str:
    return reverse("situation:report_list", args=[agreement.pk])


def report_view(perm: str = VIEW):
    """Decorator: require `perm` on the agreement (403 without), then the report through
    the agreement; a draft exists only for the coordinator (404 for everyone else)."""

    def decorator(view):
        @situation_perm_view(perm)
        @wraps(view)
        def wrapper(request, agreement, report_pk, *args, **kwargs):
            report = get_object_or_404(agreement.situation_reports.all(), pk=report_pk)
            if report.status == SituationReport.Status.DRAFT and not request.rights.has(MANAGE):
                raise Http404
            report.agreement = agreement
            return view(request, agreement, report, *args, **kwargs)

        return wrapper

    return decorator


def problem_view(view):
    """Decorator: as report_view(MANAGE), then the problem through the report."""

    @report_view(MANAGE)
    @wraps(view)
    def wrapper(request, agreement, report, problem_pk, *args, **kwargs):
        problem = get_object_or_404(report.problems.all(), pk=problem_pk)
        problem.report = report
        return view(request, agreement, report, problem, *args, **kwargs)

    return wrapper


def _visible(request):
    """The agreement's input this user may see (one query for the parties they submit
    for, then lazy)."""
    return SituationInput.objects.visible_to(request.rights)


# --- reading --------------------------------------------------------------------------


@situation_perm_view(VIEW)
def report_list(request, agreement):
    reports = agreement.situation_reports.order_by("-period_to", "-pk")
    can_manage = request.rights.has(MANAGE)
    if not can_manage:
        reports = reports.filter(status=SituationReport.Status.PUBLISHED)
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "situation/report_list.html",
        {
            "agreement": agreement,
            "page": page,
            "can_manage": can_manage,
            "freshness": agreement_freshness(agreement, timezone.localdate()),
        },
    )


def _survey_charts(agreement, questions: list[str]) -> list:
    """A chart with its data table per question: a line per area over the years."""
    if not questions:
        return []
    from ..charts import Series, line_chart

    results = (
        SurveyResult.objects.filter(agreement=agreement, question__in=questions)
        .select_related("area")
        .order_by("area__order", "area__name", "year")
    )
    by_question: dict[str, dict] = {q: {} for q in questions}
    years: dict[str, set] = {q: set() for q in questions}
    shares: dict[str, bool] = {q: True for q in questions}
    for result in results:
        by_question[result.question].setdefault(result.area, {})[result.year] = result.value
        years[result.question].add(result.year)
        shares[result.question] &= result.is_share
    charts = []
    for question in questions:
        question_years = sorted(years[question])
        series = [
            Series(area.name, [(str(year), values.get(year)) for year in question_years])
            for area, values in by_question[question].items()
        ]
        if not series:
            continue
        charts.append(
            line_chart(
                series,
                title=question,
                unit="%" if shares[question] else "",
                series_name=_("Område"),
                y_range=(0, 100) if shares[question] else None,
            )
        )
    return charts


def _problems(report, visible) -> list[Problem]:
    """The orsaksanalys: each problem with its causes by side of the problem triangle
    (`problem.sides`: [(side label, [causes])]), each cause with the evidence this user
    may see (`cause.shown_evidence`)."""
    evidence = visible.only("pk", "title", "agreement_id").order_by("-period_to", "-pk")
    causes = Cause.objects.order_by("pk").prefetch_related(
        Prefetch("evidence", queryset=evidence, to_attr="shown_evidence")
    )
    problems = list(
        report.problems.order_by("order", "pk").prefetch_related(
            Prefetch("causes", queryset=causes)
        )
    )
    for problem in problems:
        problem.sides = [
            (label, [c for c in problem.causes.all() if c.side == side])
            for side, label in Cause.Side.choices
        ]
    return problems


@report_view(VIEW)
def report_detail(request, agreement, report):
    visible = _visible(request)
    inputs = (
        visible.filter(reports=report)
        .select_related("party", "area", "category")
        .prefetch_related("indicators")
        .order_by("-period_to", "-pk")
    )
    page = Paginator(inputs, PER_PAGE).get_page(request.GET.get("sida"))
    questions = list(report.survey_questions.values_list("question", flat=True))
    can_manage = request.rights.has(MANAGE)
    today = timezone.localdate()
    return render(
        request,
        "situation/report_detail.html",
        {
            "agreement": agreement,
            "report": report,
            "parts": [(name, heading, getattr(report, name)) for name, heading in PARTS],
            "page": page,
            "charts": _survey_charts(agreement, questions),
            # The weekly follow-up over the period: evidence for the full update.
            "weekly": period_summary(agreement, report.period_from, report.period_to),
            "problems": _problems(report, visible),
            "freshness": agreement_freshness(agreement, today),
            "can_manage": can_manage,
            "fully_updated_form": FullyUpdatedForm() if can_manage else None,
        },
    )


@report_view(VIEW)
def report_history(request, agreement, report):
    problems = Problem.history.filter(report_id=report.pk)
    entries = history_entries(
        SituationReport.history.filter(id=report.pk),
        ReportSurveyQuestion.history.filter(report_id=report.pk),
        problems,
        Cause.history.filter(problem_id__in=problems.values("id")),
    )
    page = Paginator(entries, HISTORY_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "samverkan/history.html",
        {"agreement": agreement, "report": report, "page": page, "subject": report.title},
    )


# --- composing ------------------------------------------------------------------------


@situation_perm_view(MANAGE)
@require_http_methods(["GET", "POST"])
def report_create(request, agreement):
    created: list[SituationReport] = []

    def save(data):
        data.pop("expected_version", None)
        created.append(services.report_create(agreement=agreement, by=request.user, data=data))
        return _("Lägesbilden %(title)s är påbörjad. Välj underlaget den bygger på.") % {
            "title": data["title"]
        }

    return form_page(
        request,
        ReportForm(request.POST or None),
        save=save,
        success_url=lazy(lambda: report_url(created[0]), str)(),
        cancel_url=_list_url(agreement),
        title=_("Ny lägesbild"),
        intro=_(
            "Lägesbilden är ett utkast som bara du ser tills du publicerar den. "
            "Den har de tre delar som överenskommelsen anger."
        ),
    )


@report_view(MANAGE)
@require_http_methods(["GET", "POST"])
def report_edit(request, agreement, report):
    initial = {name: getattr(report, name) for name in services.REPORT_FIELDS}
    form = ReportForm(request.POST or None, initial=initial | {"version": version_of(report)})

    def save(data):
        expected = data.pop("expected_version", None)
        services.report_update(report=report, by=request.user, data=data, expected_version=expected)
        return _("Lägesbilden är sparad.")

    return form_page(
        request,
        form,
        save=save,
        success_url=report_url(report),
        cancel_url=report_url(report),
        title=_("Ändra %(title)s") % {"title": report.title},
    )


@report_view(MANAGE)
@require_http_methods(["GET", "POST"])
def report_sources(request, agreement, report):
    initial = {
        "inputs": list(report.inputs.values_list("pk", flat=True)),
        "survey_questions": list(report.survey_questions.values_list("question", flat=True)),
    }
    form = ReportSourcesForm(
        request.POST or None, initial=initial, visible=_visible(request), agreement=agreement
    )
    intro = _(
        "Välj det inlämnade underlag och de frågor ur trygghetsenkäten som lägesbilden "
        "bygger på. Underlaget visas som en tabell och enkätfrågorna som diagram."
    )
    corrected = report.inputs.filter(status=SituationInput.Status.SUPERSEDED).count()
    if corrected:
        # A correction replaced them: they are no longer offered, and saving drops them.
        intro += " " + _(
            "%(count)s av de valda underlagen har ersatts av en rättelse. Välj rättelsen "
            "i stället; det ersatta underlaget tas bort ur lägesbilden när du sparar."
        ) % {"count": corrected}

    def save(data):
        services.report_sources_set(
            report=report,
            inputs=data["inputs"],
            survey_questions=data["survey_questions"],
            by=request.user,
        )
        return _("Lägesbildens underlag är sparat.")

    return form_page(
        request,
        form,
        save=save,
        success_url=report_url(report),
        cancel_url=report_url(report),
        title=_("Underlag till %(title)s") % {"title": report.title},
        intro=intro,
    )


@report_view(MANAGE)
@require_POST
def report_publish(request, agreement, report):
    def run():
        services.report_publish(report=report, by=request.user)
        return _("Lägesbilden är publicerad och kan läsas av båda organens ledamöter.")

    return post_action(request, run, redirect_to=report_url(report))


@report_view(MANAGE)
@require_http_methods(["GET", "POST"])
def report_fully_updated(request, agreement, report):
    def save(data):
        services.report_mark_fully_updated(report=report, on=data["on"], by=request.user)
        return _("Lägesbilden är markerad som helt uppdaterad %(day)s.") % {
            "day": data["on"].isoformat()
        }

    return form_page(
        request,
        FullyUpdatedForm(request.POST or None),
        save=save,
        success_url=report_url(report),
        cancel_url=report_url(report),
        title=_("Markera %(title)s som helt uppdaterad") % {"title": report.title},
        intro=_(
            "Överenskommelsen anger att lägesbilden ska uppdateras i sin helhet minst "
            "vartannat år. Från den här dagen räknas de två åren på nytt."
        ),
        submit_label=_("Markera som helt uppdaterad"),
    )


# --- the orsaksanalys -----------------------------------------------------------------


@report_view(MANAGE)
@require_http_methods(["GET", "POST"])
def problem_add(request, agreement, report):
    def save(data):
        data.pop("expected_version", None)
        services.problem_add(report=report, by=request.user, data=data)
        return _("Problemet %(title)s är tillagt i orsaksanalysen.") % {"title": data["title"]}

    return form_page(
        request,
        ProblemForm(request.POST or None),
        save=save,
        success_url=report_url(report) + "#orsaksanalys",
        cancel_url=report_url(report),
        title=_("Nytt problem i orsaksanalysen"),
        intro=report.title,
    )


@problem_view
@require_http_methods(["GET", "POST"])
def problem_edit(request, agreement, report, problem):
    initial = {"title": problem.title, "description": problem.description}
    form = ProblemForm(request.POST or None, initial=initial | {"version": version_of(problem)})

    def save(data):
        expected = data.pop("expected_version", None)
        services.problem_update(
            problem=problem, by=request.user, data=data, expected_version=expected
        )
        return _("Problemet %(title)s är sparat.") % {"title": data["title"]}

    return form_page(
        request,
        form,
        save=save,
        success_url=report_url(report) + "#orsaksanalys",
        cancel_url=report_url(report),
        title=_("Ändra problemet %(title)s") % {"title": problem.title},
        intro=report.title,
    )


@problem_view
@require_POST
def problem_remove(request, agreement, report, problem):
    def run():
        services.problem_remove(problem=problem, by=request.user)
        return _("Problemet %(title)s är borttaget ur orsaksanalysen.") % {"title": problem.title}

    return post_action(request, run, redirect_to=report_url(report) + "#orsaksanalys")


@problem_view
@require_http_methods(["GET", "POST"])
def cause_add(request, agreement, report, problem):
    def save(data):
        data.pop("expected_version", None)
        services.cause_add(problem=problem, by=request.user, data=data)
        return _("Orsaken är tillagd till problemet %(title)s.") % {"title": problem.title}

    return form_page(
        request,
        CauseForm(request.POST or None, visible=_visible(request)),
        save=save,
        success_url=report_url(report) + "#orsaksanalys",
        cancel_url=report_url(report),
        title=_("Ny orsak till %(title)s") % {"title": problem.title},
        intro=report.title,
    )


def _cause(problem, cause_pk) -> Cause:
    cause = get_object_or_404(problem.causes.all(), pk=cause_pk)
    cause.problem = problem
    return cause


@problem_view
@require_http_methods(["GET", "POST"])
def cause_edit(request, agreement, report, problem, cause_pk):
    cause = _cause(problem, cause_pk)
    initial = {
        "side": cause.side,
        "description": cause.description,
        "evidence": list(cause.evidence.values_list("pk", flat=True)),
        "version": version_of(cause),
    }
    form = CauseForm(request.POST or None, initial=initial, visible=_visible(request))

    def save(data):
        expected = data.pop("expected_version", None)
        services.cause_update(cause=cause, by=request.user, data=data, expected_version=expected)
        return _("Orsaken är sparad.")

    return form_page(
        request,
        form,
        save=save,
        success_url=report_url(report) + "#orsaksanalys",
        cancel_url=report_url(report),
        title=_("Ändra orsak till %(title)s") % {"title": problem.title},
        intro=report.title,
    )


@problem_view
@require_POST
def cause_remove(request, agreement, report, problem, cause_pk):
    cause = _cause(problem, cause_pk)

    def run():
        services.cause_remove(cause=cause, by=request.user)
        return _("Orsaken är borttagen.")

    return post_action(request, run, redirect_to=report_url(report) + "#orsaksanalys")
