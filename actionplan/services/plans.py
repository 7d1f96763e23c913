"""The åtgärdsplan and its measures: kept by the coordinator, status reported by the parties.

The agreement: "Kommunen ska med lägesbilden som underlag besluta om en plan för vilka
åtgärder som kommunen avser att vidta för att förebygga brott (åtgärdsplan). […] Planen
innehåller även åtgärder från övriga samverkansparter. I planen skall det tydligt framgå
vilken part som ansvarar för respektive åtgärd."

So a plan starts as the coordinator's draft, based on a published lägesbild, and is adopted
by a municipal decision (body, date, diarienummer). Every measure names exactly one
responsible party of the agreement; its causes come from the basis lägesbild's
orsaksanalys. Whoever holds a seat for the responsible party, and the coordinator, report
the measure's status. Nothing changes once the agreement has ended.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.access import agreement_runs
from councils.models import Meeting
from samverkan.services import _save, changes_apply, event_log, fields_check, version_check
from situation.access import service_requires
from situation.guard import check_text
from situation.models import Cause, SituationReport

from ..access import service_requires_update
from ..models import MANAGE, UPDATE_FOR_PARTY, ActionPlan, Commitment, Measure, StatusUpdate

PLAN_FIELDS = ("title", "period_from", "period_to", "report", "summary")
PLAN_TEXTS = ("title", "summary")
MEASURE_FIELDS = (
    "number",
    "cause",
    "title",
    "description",
    "goal",
    "starts_on",
    "ends_on",
    "responsible",
    "contributors",
    "commitment",
    "indicator",
)
MEASURE_TEXTS = ("title", "description", "goal", "indicator")


# --- rules shared by every change -------------------------------------------------------


def _check_runs(agreement) -> None:
    if not agreement_runs(agreement):
        raise ValidationError(
            _("Överenskommelsen har upphört; åtgärdsplanen kan inte längre ändras.")
        )


def _check_texts(instance, names: Iterable[str]) -> None:
    """No personnummer or samordningsnummer in the plan's text: the error on its field."""
    errors = {}
    for name in names:
        label = instance._meta.get_field(name).verbose_name
        try:
            check_text(getattr(instance, name), field_label=label)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)


def _check_period(start: date | None, end: date | None, field: str, message: str) -> None:
    if start and end and end < start:
        raise ValidationError({field: message})


def _locked_plan(plan: ActionPlan) -> ActionPlan:
    # Only the plan's row is locked: PostgreSQL locks no nullable side of an outer join.
    return (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related("agreement", "report")
        .get(pk=plan.pk)
    )


def _locked_measure(measure: Measure) -> Measure:
    return (
        Measure.objects.select_for_update(of=("self",))
        .select_related("plan__agreement", "responsible", "latest_update")
        .get(pk=measure.pk)
    )


def _check_report(agreement, report: SituationReport | None) -> None:
    """The basis must be a published lägesbild of the same agreement."""
    if report is None:
        return
    if report.agreement_id != agreement.pk or report.status != SituationReport.Status.PUBLISHED:
        raise ValidationError(
            {"report": _("Välj en publicerad lägesbild i den här överenskommelsen.")}
        )


def _user(by):
    return by if getattr(by, "pk", None) else None


# --- the plan ---------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, agreement, by, data: dict) -> ActionPlan:
    """Start an åtgärdsplan as a draft (data: title, period_from, period_to and optionally
    report, the published lägesbild it is based on, and summary)."""
    service_requires(by, MANAGE, agreement)
    fields_check(service="plan_create", fields=data, allowed=PLAN_FIELDS)
    _check_runs(agreement)
    _check_report(agreement, data.get("report"))
    _check_period(
        data.get("period_from"),
        data.get("period_to"),
        "period_to",
        _("Perioden kan inte sluta före den börjar."),
    )
    plan = ActionPlan(
        agreement=agreement, created_by=_user(by), status=ActionPlan.Status.DRAFT, **data
    )
    _check_texts(plan, PLAN_TEXTS)
    _save(plan, by)
    event_log(
        agreement=agreement,
        actor=by,
        action="actionplan.plan.created",
        obj=plan,
        data={"plan": plan.title},
    )
    return plan


@transaction.atomic
def plan_update(
    *, plan: ActionPlan, by, data: dict, expected_version: int | None = None
) -> ActionPlan:
    """Change the plan's title, period, basis or introduction; refused if someone saved a
    change since the form was opened at `expected_version`. Saves nothing when nothing
    differs."""
    service_requires(by, MANAGE, plan.agreement)
    fields_check(service="plan_update", fields=data, allowed=PLAN_FIELDS)
    plan = _locked_plan(plan)
    _check_runs(plan.agreement)
    version_check(instance=plan, expected=expected_version)
    if "report" in data:
        _check_report(plan.agreement, data["report"])
        new_report_id = data["report"].pk if data["report"] else None
        if new_report_id != plan.report_id and plan.measures.filter(cause__isnull=False).exists():
            raise ValidationError(
                {
                    "report": _(
                        "Planens åtgärder hänvisar till orsaker i den nuvarande lägesbilden. "
                        "Ta bort hänvisningarna innan du byter lägesbild."
                    )
                }
            )
    changes = changes_apply(plan, data)
    if not changes:
        return plan
    _check_period(
        plan.period_from,
        plan.period_to,
        "period_to",
        _("Perioden kan inte sluta före den börjar."),
    )
    _check_texts(plan, [name for name in changes if name in PLAN_TEXTS])
    _save(plan, by, fields=list(changes))
    event_log(
        agreement=plan.agreement,
        actor=by,
        action="actionplan.plan.changed",
        obj=plan,
        data={"plan": plan.title, "changes": changes},
    )
    return plan


@transaction.atomic
def plan_adopt(
    *,
    plan: ActionPlan,
    decided_by: str,
    decided_on: date,
    case_number: str,
    by,
    expected_version: int | None = None,
) -> ActionPlan:
    """Record the municipal decision that adopted the plan: the deciding body, the day (not
    in the future) and the diarienummer. The plan must rest on a lägesbild and hold a
    measure."""
    service_requires(by, MANAGE, plan.agreement)
    plan = _locked_plan(plan)
    _check_runs(plan.agreement)
    version_check(instance=plan, expected=expected_version)
    if plan.is_adopted:
        raise ValidationError(_("Planen är redan beslutad."))
    errors = {}
    decided_by, case_number = (decided_by or "").strip(), (case_number or "").strip()
    if not decided_by:
        errors["decided_by"] = _("Ange vilket organ som beslutade om planen.")
    if decided_on is None:
        errors["decided_on"] = _("Ange vilken dag planen beslutades.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("Beslutsdagen kan inte ligga i framtiden.")
    if not case_number:
        errors["case_number"] = _("Ange beslutets diarienummer.")
    if errors:
        raise ValidationError(errors)
    if plan.report_id is None:
        raise ValidationError(
            _(
                "Kommunen beslutar om planen med lägesbilden som underlag. "
                "Välj lägesbilden innan planen beslutas."
            )
        )
    if not plan.measures.exists():
        raise ValidationError(_("Lägg till planens åtgärder innan den beslutas."))
    plan.status = ActionPlan.Status.ADOPTED
    plan.decided_by, plan.decided_on, plan.case_number = decided_by, decided_on, case_number
    _check_texts(plan, ["decided_by", "case_number"])
    _save(plan, by, fields=["status", "decided_by", "decided_on", "case_number"])
    event_log(
        agreement=plan.agreement,
        actor=by,
        action="actionplan.plan.adopted",
        obj=plan,
        data={
            "plan": plan.title,
            "body": decided_by,
            "day": decided_on.isoformat(),
            "case": case_number,
        },
    )
    return plan


# --- measures ---------------------------------------------------------------------------


def _measure_fields(plan: ActionPlan, data: dict) -> tuple[dict, list | None]:
    """Check what points outside the measure (party, cause, commitment) and split off the
    contributing parties (an M2M, set after saving)."""
    data = dict(data)
    contributors = data.pop("contributors", None)
    agreement = plan.agreement
    errors = {}
    if "responsible" in data:
        responsible = data["responsible"]
        if responsible is None:
            errors["responsible"] = _(
                "Ange vilken part som ansvarar för åtgärden. I planen ska det tydligt "
                "framgå vilken part som ansvarar för respektive åtgärd."
            )
        elif responsible.agreement_id != agreement.pk:
            errors["responsible"] = _("Välj en av överenskommelsens parter.")
    if contributors is not None:
        contributors = list(contributors)
        responsible = data.get("responsible")
        if any(party.agreement_id != agreement.pk for party in contributors):
            errors["contributors"] = _("Välj bland överenskommelsens parter.")
        elif responsible is not None and any(p.pk == responsible.pk for p in contributors):
            errors["contributors"] = _(
                "Den ansvariga parten kan inte samtidigt vara medverkande part."
            )
    cause = data.get("cause")
    if cause is not None:
        belongs = (
            plan.report_id is not None
            and Cause.objects.filter(pk=cause.pk, problem__report_id=plan.report_id).exists()
        )
        if not belongs:
            errors["cause"] = _("Välj en orsak ur orsaksanalysen i planens lägesbild.")
    commitment = data.get("commitment")
    if (
        commitment is not None
        and not Commitment.objects.filter(pk=commitment.pk, promise__agreement=agreement).exists()
    ):
        errors["commitment"] = _("Välj ett åtagande i ett av överenskommelsens medborgarlöften.")
    if errors:
        raise ValidationError(errors)
    return data, contributors


def _check_measure(measure: Measure) -> None:
    _check_period(
        measure.starts_on,
        measure.ends_on,
        "ends_on",
        _("Åtgärden kan inte sluta före den börjar."),
    )
    taken = (
        Measure.objects.filter(plan_id=measure.plan_id, number=measure.number)
        .exclude(pk=measure.pk)
        .exists()
    )
    if measure.number and taken:
        raise ValidationError(
            {
                "number": _("Planen har redan en åtgärd med nummer %(number)s.")
                % {"number": measure.number}
            }
        )


@transaction.atomic
def measure_add(*, plan: ActionPlan, by, data: dict) -> Measure:
    """Add a measure to the plan (data: title, goal, starts_on, ends_on, responsible — one
    of the agreement's parties, required — and optionally number, cause, description,
    contributors, commitment, indicator). Without a number it comes last."""
    service_requires(by, MANAGE, plan.agreement)
    fields_check(service="measure_add", fields=data, allowed=MEASURE_FIELDS)
    plan = _locked_plan(plan)
    _check_runs(plan.agreement)
    fields, contributors = _measure_fields(plan, {"responsible": None, **data})
    if not fields.get("number"):
        fields["number"] = (plan.measures.aggregate(last=Max("number"))["last"] or 0) + 1
    measure = Measure(plan=plan, status=Measure.Status.PLANNED, **fields)
    _check_measure(measure)
    _check_texts(measure, MEASURE_TEXTS)
    _save(measure, by)
    if contributors:
        measure.contributors.set(contributors)
    event_log(
        agreement=plan.agreement,
        actor=by,
        action="actionplan.measure.added",
        obj=measure,
        data={"measure": measure.title, "party": measure.responsible.short_name},
    )
    return measure


@transaction.atomic
def measure_update(
    *, measure: Measure, by, data: dict, expected_version: int | None = None
) -> Measure:
    """Change a measure's columns (its status changes through status updates only)."""
    service_requires(by, MANAGE, measure.plan.agreement)
    fields_check(service="measure_update", fields=data, allowed=MEASURE_FIELDS)
    measure = _locked_measure(measure)
    plan = measure.plan
    _check_runs(plan.agreement)
    version_check(instance=measure, expected=expected_version)
    fields, contributors = _measure_fields(plan, data)
    if (
        contributors is not None
        and "responsible" not in fields
        and any(p.pk == measure.responsible_id for p in contributors)
    ):
        raise ValidationError(
            {"contributors": _("Den ansvariga parten kan inte samtidigt vara medverkande part.")}
        )
    changes = changes_apply(measure, fields)
    if changes:
        if not measure.number:
            raise ValidationError({"number": _("Ange åtgärdens nummer i planen.")})
        _check_measure(measure)
        _check_texts(measure, [name for name in changes if name in MEASURE_TEXTS])
        _save(measure, by, fields=list(changes))
    contributors_changed = False
    if contributors is not None:
        current = {p.pk for p in measure.contributors.all()}
        if current != {p.pk for p in contributors}:
            measure._history_user = _user(by)
            measure.contributors.set(contributors)
            contributors_changed = True
    if changes or contributors_changed:
        # The contributing parties are an M2M: the history shows them, the event names
        # the measure.
        event_log(
            agreement=plan.agreement,
            actor=by,
            action="actionplan.measure.changed",
            obj=measure,
            data={"measure": measure.title, "changes": changes},
        )
    return measure


@transaction.atomic
def measure_remove(*, measure: Measure, by) -> None:
    """Remove a measure from a draft plan; once the plan is decided its measures stay
    (a measure given up is reported as cancelled)."""
    service_requires(by, MANAGE, measure.plan.agreement)
    measure = _locked_measure(measure)
    plan = measure.plan
    _check_runs(plan.agreement)
    if plan.is_adopted:
        raise ValidationError(
            _(
                "Planen är beslutad: dess åtgärder kan inte tas bort. "
                "Rapportera åtgärden som avbruten i stället."
            )
        )
    title = measure.title
    user = _user(by)
    for update in measure.updates.all():
        update._history_user = user
        update.delete()
    measure._history_user = user
    measure.delete()
    event_log(
        agreement=plan.agreement,
        actor=by,
        action="actionplan.measure.removed",
        obj=plan,
        data={"measure": title},
    )


# --- status updates ---------------------------------------------------------------------


def _reporting_party(measure: Measure, by) -> str:
    """Who the event names as reporting: the responsible party for its own people, else the
    reporter's own party in the agreement (the coordinator's), else the responsible one."""
    agreement = measure.plan.agreement
    if by is None or by.has_perm(UPDATE_FOR_PARTY, measure.responsible):
        return measure.responsible.short_name
    own = agreement.parties.filter(party__people__user=by).values_list("short_name", flat=True)
    return own.first() or measure.responsible.short_name


@transaction.atomic
def measure_status_update(
    *, measure: Measure, status: str, on: date, comment: str, meeting=None, by
) -> StatusUpdate:
    """Record a dated status with a comment, by someone of the responsible party or the
    coordinator (at `meeting` when given there); the measure takes the new status."""
    measure = _locked_measure(measure)
    plan = measure.plan
    agreement = plan.agreement
    _check_runs(agreement)
    service_requires_update(by, measure)
    if not plan.is_adopted:
        raise ValidationError(_("Status rapporteras när planen är beslutad."))
    errors = {}
    if status not in Measure.Status.values:
        errors["status"] = _("Välj en av statusarna.")
    if on is None:
        errors["on"] = _("Ange datum för statusen.")
    elif on > timezone.localdate():
        errors["on"] = _("Datumet kan inte ligga i framtiden.")
    elif measure.latest_update is not None and on < measure.latest_update.on:
        errors["on"] = _(
            "Åtgärden har redan en status daterad %(day)s. En ny status kan inte dateras "
            "tidigare än så."
        ) % {"day": measure.latest_update.on.isoformat()}
    if (
        meeting is not None
        and not Meeting.objects.filter(pk=meeting.pk, body__agreement=agreement).exists()
    ):
        errors["meeting"] = _("Mötet hör inte till den här överenskommelsen.")
    if not errors and status == measure.status and not (comment or "").strip():
        # A report that says nothing new would only fill the measure's history.
        errors["comment"] = _(
            "Statusen är redan %(status)s. Skriv en kommentar om vad som har hänt, eller välj "
            "en ny status."
        ) % {"status": Measure.Status(status).label}
    if errors:
        raise ValidationError(errors)
    if meeting is not None and meeting.date > on:
        # Reported on the meeting's page before the meeting: not given at the meeting.
        meeting = None
    update = StatusUpdate(
        measure=measure,
        on=on,
        status=status,
        comment=comment or "",
        meeting=meeting,
        by=_user(by),
    )
    _check_texts(update, ["comment"])
    _save(update, by)
    measure.status, measure.latest_update = status, update
    _save(measure, by, fields=["status", "latest_update"])
    event_log(
        agreement=agreement,
        actor=by,
        action="actionplan.measure.status_updated",
        obj=measure,
        data={
            "party": _reporting_party(measure, by),
            "measure": measure.title,
            "status": status,
        },
    )
    return update
