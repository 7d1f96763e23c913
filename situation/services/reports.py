"""The lägesbild (SituationReport) and its orsaksanalys: composed by the coordinator.

A report starts as a draft the coordinator alone reads; publishing shows it to the members
of both bodies. Its sources are submitted input of the agreement and questions of the
safety survey; its orsaksanalys holds problems whose causes sit on the three sides of
Brå's problem triangle, each with the input that shows it. The coordinator declares the
lägesbild updated in full on a day: the freshness clock (situation/freshness.py) runs
from there.

The views let only the coordinator (MANAGE) in; the services refuse every change once
the agreement has ended. Events name the report, never an input.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.access import agreement_runs
from samverkan.services import _save, changes_apply, event_log, fields_check, version_check

from ..access import service_requires
from ..guard import check_text
from ..models import (
    MANAGE,
    Cause,
    Problem,
    ReportSurveyQuestion,
    SituationInput,
    SituationReport,
    SurveyResult,
)

REPORT_FIELDS = ("title", "period_from", "period_to", "mapping", "other_information", "analysis")
# The fields people write in, checked for personal identity numbers.
REPORT_TEXTS = ("title", "mapping", "other_information", "analysis")
PROBLEM_FIELDS = ("title", "description")
CAUSE_FIELDS = ("side", "description", "evidence")


# --- rules shared by every change -------------------------------------------------------


def _check_runs(agreement) -> None:
    if not agreement_runs(agreement):
        raise ValidationError(
            _("Överenskommelsen har upphört; lägesbilden kan inte längre ändras.")
        )


def _check_texts(instance, names: Iterable[str]) -> None:
    """No personnummer or samordningsnummer in the report's text: the error on its field."""
    errors = {}
    for name in names:
        label = instance._meta.get_field(name).verbose_name
        try:
            check_text(getattr(instance, name), field_label=label)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)


def _locked(report: SituationReport) -> SituationReport:
    return SituationReport.objects.select_for_update().select_related("agreement").get(pk=report.pk)


def _submitted_inputs(agreement, inputs, *, field: str) -> list[SituationInput]:
    """The given inputs, refused unless each is submitted input of the agreement (a draft,
    a superseded revision or another agreement's input is not a source)."""
    inputs = list(inputs)
    pks = {i.pk for i in inputs}
    found = set(
        SituationInput.objects.filter(
            pk__in=pks, agreement=agreement, status=SituationInput.Status.SUBMITTED
        ).values_list("pk", flat=True)
    )
    if found != pks:
        raise ValidationError(
            {
                field: _(
                    "Bara inlämnat underlag till den här överenskommelsen kan väljas. "
                    "Utkast och underlag som ersatts av en rättelse kan inte väljas."
                )
            }
        )
    return inputs


def _facts(report: SituationReport, **more) -> dict:
    return {"report": report.title, **more}


# --- the report -------------------------------------------------------------------------


@transaction.atomic
def report_create(*, agreement, by, data: dict) -> SituationReport:
    """Start a lägesbild for a period, as a draft (data: title, period_from, period_to and
    optionally mapping, other_information, analysis)."""
    service_requires(by, MANAGE, agreement)
    fields_check(service="report_create", fields=data, allowed=REPORT_FIELDS)
    _check_runs(agreement)
    report = SituationReport(
        agreement=agreement,
        created_by=by if getattr(by, "pk", None) else None,
        status=SituationReport.Status.DRAFT,
        **data,
    )
    _check_texts(report, REPORT_TEXTS)
    _save(report, by)
    event_log(
        agreement=agreement,
        actor=by,
        action="situation.report.created",
        obj=report,
        # Every member reads the events; a draft is the coordinator's, so not its title.
        data={},
    )
    return report


@transaction.atomic
def report_update(
    *, report: SituationReport, by, data: dict, expected_version: int | None = None
) -> SituationReport:
    """Change the report's title, period or text; refused if someone saved a change since
    the form was opened at `expected_version`. Saves nothing when nothing differs."""
    service_requires(by, MANAGE, report.agreement)
    fields_check(service="report_update", fields=data, allowed=REPORT_FIELDS)
    report = _locked(report)
    _check_runs(report.agreement)
    version_check(instance=report, expected=expected_version)
    changes = changes_apply(report, data)
    if not changes:
        return report
    _check_texts(report, [name for name in changes if name in REPORT_TEXTS])
    _save(report, by, fields=list(changes))
    return report


@transaction.atomic
def report_sources_set(
    *,
    report: SituationReport,
    inputs: Iterable[SituationInput],
    survey_questions: Iterable[str],
    by,
) -> SituationReport:
    """Select the report's sources: submitted input of the agreement, and questions of the
    safety survey (the distinct questions of its results), shown in the given order."""
    service_requires(by, MANAGE, report.agreement)
    report = _locked(report)
    agreement = report.agreement
    _check_runs(agreement)
    inputs = _submitted_inputs(agreement, inputs, field="inputs")
    questions = list(dict.fromkeys(q for q in survey_questions))
    known = set(
        SurveyResult.objects.filter(agreement=agreement, question__in=questions)
        .values_list("question", flat=True)
        .distinct()
    )
    if set(questions) - known:
        raise ValidationError(
            {"survey_questions": _("Välj bland frågorna i trygghetsenkätens resultat.")}
        )
    report._history_user = by if getattr(by, "pk", None) else None
    report.inputs.set(inputs)
    existing = {q.question: q for q in report.survey_questions.all()}
    for question in existing.keys() - set(questions):
        chosen = existing[question]
        chosen._history_user = report._history_user
        chosen.delete()
    for order, question in enumerate(questions, start=1):
        chosen = existing.get(question) or ReportSurveyQuestion(report=report, question=question)
        if chosen.pk is None or chosen.order != order:
            chosen.order = order
            _save(chosen, by)
    return report


@transaction.atomic
def report_publish(*, report: SituationReport, by) -> SituationReport:
    """Publish a draft: the members of both bodies read it from now on. The three parts the
    agreement names must be written first."""
    service_requires(by, MANAGE, report.agreement)
    report = _locked(report)
    _check_runs(report.agreement)
    if report.status == SituationReport.Status.PUBLISHED:
        raise ValidationError(_("Lägesbilden är redan publicerad."))
    missing = [
        str(report._meta.get_field(name).verbose_name)
        for name in ("mapping", "other_information", "analysis")
        if not getattr(report, name).strip()
    ]
    if missing:
        raise ValidationError(
            _("Skriv alla tre delarna innan lägesbilden publiceras. Det saknas: %(parts)s.")
            % {"parts": "; ".join(missing)}
        )
    report.status = SituationReport.Status.PUBLISHED
    _save(report, by, fields=["status"])
    event_log(
        agreement=report.agreement,
        actor=by,
        action="situation.report.published",
        obj=report,
        data=_facts(report),
    )
    return report


@transaction.atomic
def report_mark_fully_updated(*, report: SituationReport, on: date, by) -> SituationReport:
    """Declare the published lägesbild updated in full on `on` (not in the future, not
    before the report's period begins): the freshness clock starts again from that day."""
    service_requires(by, MANAGE, report.agreement)
    report = _locked(report)
    _check_runs(report.agreement)
    if report.status != SituationReport.Status.PUBLISHED:
        raise ValidationError(_("Publicera lägesbilden innan den markeras som helt uppdaterad."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("Dagen kan inte ligga i framtiden.")})
    if on < report.period_from:
        raise ValidationError(
            {
                "on": _("Dagen kan inte ligga före lägesbildens period, som börjar %(start)s.")
                % {"start": report.period_from.isoformat()}
            }
        )
    if report.fully_updated_on == on:
        return report
    report.fully_updated_on = on
    _save(report, by, fields=["fully_updated_on"])
    event_log(
        agreement=report.agreement,
        actor=by,
        action="situation.report.fully_updated",
        obj=report,
        data=_facts(report, day=on.isoformat()),
    )
    return report


# --- the orsaksanalys: problems ---------------------------------------------------------


@transaction.atomic
def problem_add(*, report: SituationReport, by, data: dict) -> Problem:
    """Add a problem to the report's orsaksanalys, last (data: title, description)."""
    service_requires(by, MANAGE, report.agreement)
    fields_check(service="problem_add", fields=data, allowed=PROBLEM_FIELDS)
    report = _locked(report)
    _check_runs(report.agreement)
    last = report.problems.aggregate(last=Max("order"))["last"] or 0
    problem = Problem(report=report, order=last + 1, **data)
    _check_texts(problem, data)
    return _save(problem, by)


def _locked_problem(problem: Problem) -> Problem:
    return (
        Problem.objects.select_for_update().select_related("report__agreement").get(pk=problem.pk)
    )


@transaction.atomic
def problem_update(
    *, problem: Problem, by, data: dict, expected_version: int | None = None
) -> Problem:
    """Change a problem's title or description."""
    service_requires(by, MANAGE, problem.report.agreement)
    fields_check(service="problem_update", fields=data, allowed=PROBLEM_FIELDS)
    problem = _locked_problem(problem)
    _check_runs(problem.report.agreement)
    version_check(instance=problem, expected=expected_version)
    changes = changes_apply(problem, data)
    if changes:
        _check_texts(problem, changes)
        _save(problem, by, fields=list(changes))
    return problem


@transaction.atomic
def problem_remove(*, problem: Problem, by) -> None:
    """Remove a problem and its causes from the orsaksanalys."""
    service_requires(by, MANAGE, problem.report.agreement)
    problem = _locked_problem(problem)
    _check_runs(problem.report.agreement)
    user = by if getattr(by, "pk", None) else None
    for cause in problem.causes.all():
        cause._history_user = user
        cause.delete()
    problem._history_user = user
    problem.delete()


# --- the orsaksanalys: causes -----------------------------------------------------------


def _cause_fields(data: dict, agreement):
    """Split off the evidence (an M2M, set after saving) and check it."""
    data = dict(data)
    evidence = data.pop("evidence", None)
    if evidence is not None:
        evidence = _submitted_inputs(agreement, evidence, field="evidence")
    return data, evidence


@transaction.atomic
def cause_add(*, problem: Problem, by, data: dict) -> Cause:
    """Add a cause of the problem on one side of the problem triangle (data: side,
    description, evidence: submitted inputs of the agreement that show it)."""
    service_requires(by, MANAGE, problem.report.agreement)
    fields_check(service="cause_add", fields=data, allowed=CAUSE_FIELDS)
    problem = _locked_problem(problem)
    agreement = problem.report.agreement
    _check_runs(agreement)
    fields, evidence = _cause_fields(data, agreement)
    cause = Cause(problem=problem, **fields)
    _check_texts(cause, ["description"])
    _save(cause, by)
    if evidence:
        cause.evidence.set(evidence)
    return cause


def _locked_cause(cause: Cause) -> Cause:
    return (
        Cause.objects.select_for_update()
        .select_related("problem__report__agreement")
        .get(pk=cause.pk)
    )


@transaction.atomic
def cause_update(*, cause: Cause, by, data: dict, expected_version: int | None = None) -> Cause:
    """Change a cause: its side of the triangle, its description or its evidence."""
    service_requires(by, MANAGE, cause.problem.report.agreement)
    fields_check(service="cause_update", fields=data, allowed=CAUSE_FIELDS)
    cause = _locked_cause(cause)
    agreement = cause.problem.report.agreement
    _check_runs(agreement)
    version_check(instance=cause, expected=expected_version)
    fields, evidence = _cause_fields(data, agreement)
    changes = changes_apply(cause, fields)
    if changes:
        _check_texts(cause, [name for name in changes if name == "description"])
        _save(cause, by, fields=list(changes))
    if evidence is not None:
        current = set(cause.evidence.values_list("pk", flat=True))
        if current != {i.pk for i in evidence}:
            cause._history_user = by if getattr(by, "pk", None) else None
            cause.evidence.set(evidence)
    return cause


@transaction.atomic
def cause_remove(*, cause: Cause, by) -> None:
    """Remove a cause from the orsaksanalys."""
    service_requires(by, MANAGE, cause.problem.report.agreement)
    cause = _locked_cause(cause)
    _check_runs(cause.problem.report.agreement)
    cause._history_user = by if getattr(by, "pk", None) else None
    cause.delete()
