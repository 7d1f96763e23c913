"""The formal follow-up (uppföljning) of an adopted åtgärdsplan: per measure its outcome
and an assessment of its effect. The agreement: "Åtgärdsplanen ska minst vartannat år
följas upp." Completing a follow-up restarts the plan's clock (actionplan/clocks.py).

The coordinator (MANAGE) keeps the follow-ups; the services refuse every change once the
agreement has ended and every change to a completed follow-up.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from councils.access import agreement_runs
from samverkan.services import _save, changes_apply, event_log, fields_check
from situation.access import service_requires
from situation.guard import check_text

from ..models import MANAGE, ActionPlan, FollowUp, Outcome

FOLLOW_UP_FIELDS = ("held_on", "summary", "meeting")
OUTCOME_FIELDS = ("outcome", "effect")


# --- rules shared by every change -------------------------------------------------------


def _check_runs(agreement) -> None:
    if not agreement_runs(agreement):
        raise ValidationError(
            _("Överenskommelsen har upphört; åtgärdsplanen kan inte längre följas upp.")
        )


def _check_texts(instance, names: Iterable[str], *, keys: dict | None = None) -> None:
    """No personnummer or samordningsnummer in what people write: the error on its field
    (`keys` renames a field for the form, e.g. outcome -> outcome_12)."""
    errors = {}
    for name in names:
        label = instance._meta.get_field(name).verbose_name
        try:
            check_text(getattr(instance, name), field_label=label)
        except ValidationError as exc:
            errors[(keys or {}).get(name, name)] = exc.messages
    if errors:
        raise ValidationError(errors)


def _check_follow_up(follow_up: FollowUp, plan: ActionPlan) -> None:
    """The day not before the plan's adoption; the meeting one of the agreement's."""
    errors = {}
    if plan.decided_on and follow_up.held_on and follow_up.held_on < plan.decided_on:
        errors["held_on"] = _("Uppföljningen kan inte ligga före beslutet om planen (%(day)s).") % {
            "day": plan.decided_on.isoformat()
        }
    if follow_up.meeting_id and follow_up.meeting.agreement_id != plan.agreement_id:
        errors["meeting"] = _("Välj ett möte i den här överenskommelsen.")
    if errors:
        raise ValidationError(errors)


def _check_open(follow_up: FollowUp) -> None:
    if follow_up.status == FollowUp.Status.COMPLETED:
        raise ValidationError(_("Uppföljningen är avslutad och kan inte längre ändras."))


def _locked(follow_up: FollowUp) -> FollowUp:
    return (
        # Lock the follow-up's row only: PostgreSQL refuses FOR UPDATE on the nullable
        # side of the join to its meeting.
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("plan__agreement", "meeting")
        .get(pk=follow_up.pk)
    )


def _facts(follow_up: FollowUp) -> dict:
    return {"plan": follow_up.plan.title, "day": follow_up.held_on.isoformat()}


def follow_up_version(follow_up: FollowUp) -> int:
    """The version of the follow-up with its outcomes, so a stale edit is caught whichever
    part someone else saved. The two history tables number their rows apart, so the newest
    of each is added up (it grows with every save of either), never compared: the larger
    one would hide a save of the other."""
    own = FollowUp.history.filter(id=follow_up.pk).aggregate(v=Max("history_id"))["v"]
    outcomes = Outcome.history.filter(follow_up_id=follow_up.pk).aggregate(v=Max("history_id"))
    return (own or 0) + (outcomes["v"] or 0)


def _version_check(follow_up: FollowUp, expected: int | None) -> None:
    if expected is not None and follow_up_version(follow_up) != expected:
        raise ValidationError(
            _(
                "Någon annan har ändrat uppgifterna sedan du öppnade formuläret. "
                "Ladda om sidan och gör din ändring igen."
            ),
            code="stale",
        )


# --- the follow-up ----------------------------------------------------------------------


@transaction.atomic
def follow_up_start(*, plan: ActionPlan, by, data: dict) -> FollowUp:
    """Start a follow-up of an adopted plan (data: held_on, and optionally summary and
    meeting, one of the agreement's)."""
    service_requires(by, MANAGE, plan.agreement)
    fields_check(service="follow_up_start", fields=data, allowed=FOLLOW_UP_FIELDS)
    plan = ActionPlan.objects.select_for_update().select_related("agreement").get(pk=plan.pk)
    _check_runs(plan.agreement)
    if not plan.is_adopted:
        raise ValidationError(_("Åtgärdsplanen följs upp först när den är beslutad."))
    follow_up = FollowUp(
        plan=plan,
        created_by=by if getattr(by, "pk", None) else None,
        status=FollowUp.Status.DRAFT,
        **data,
    )
    _check_follow_up(follow_up, plan)
    _check_texts(follow_up, ["summary"])
    _save(follow_up, by)
    event_log(
        agreement=plan.agreement,
        actor=by,
        action="actionplan.follow_up.started",
        obj=follow_up,
        data=_facts(follow_up),
    )
    return follow_up


@transaction.atomic
def follow_up_update(
    *,
    follow_up: FollowUp,
    by,
    data: dict,
    outcomes: dict[int, dict] | None = None,
    expected_version: int | None = None,
) -> FollowUp:
    """Change the follow-up's day, summary or meeting, and record per measure of the plan
    its outcome and assessed effect (outcomes: {measure id: {"outcome", "effect"}}). An
    error on a measure's outcome is keyed `outcome_<measure id>` (as the form names it).
    Refused once completed, or if someone saved a change since `expected_version`."""
    service_requires(by, MANAGE, follow_up.plan.agreement)
    fields_check(service="follow_up_update", fields=data, allowed=FOLLOW_UP_FIELDS)
    follow_up = _locked(follow_up)
    plan = follow_up.plan
    _check_runs(plan.agreement)
    _check_open(follow_up)
    _version_check(follow_up, expected_version)
    changes = changes_apply(follow_up, data)
    if changes:
        _check_follow_up(follow_up, plan)
        _check_texts(follow_up, [name for name in changes if name == "summary"])
        _save(follow_up, by, fields=list(changes))
    if outcomes:
        _outcomes_set(follow_up, outcomes, by)
    return follow_up


def _outcomes_set(follow_up: FollowUp, outcomes: dict[int, dict], by) -> None:
    measures = {m.pk: m for m in follow_up.plan.measures.all()}
    unknown = sorted(set(outcomes) - set(measures))
    if unknown:
        raise ValidationError(_("Bara planens egna åtgärder kan följas upp."))
    existing = {o.measure_id: o for o in follow_up.outcomes.all()}
    for measure_pk, values in outcomes.items():
        fields_check(service="follow_up_update", fields=values, allowed=OUTCOME_FIELDS)
        values = {"outcome": "", "effect": ""} | values
        outcome = existing.get(measure_pk)
        if outcome is None:
            if not (values["outcome"].strip() or values["effect"]):
                continue
            outcome = Outcome(follow_up=follow_up, measure=measures[measure_pk], **values)
            _check_texts(outcome, ["outcome"], keys={"outcome": f"outcome_{measure_pk}"})
            _save(outcome, by)
            continue
        changed = changes_apply(outcome, values)
        if changed:
            if "outcome" in changed:
                _check_texts(outcome, ["outcome"], keys={"outcome": f"outcome_{measure_pk}"})
            _save(outcome, by, fields=list(changed))


@transaction.atomic
def follow_up_complete(*, follow_up: FollowUp, on: date, by) -> FollowUp:
    """Complete the follow-up: its outcomes are final and the plan's clock runs from its
    day. Refused for a follow-up whose day lies after `on`."""
    service_requires(by, MANAGE, follow_up.plan.agreement)
    follow_up = _locked(follow_up)
    _check_runs(follow_up.plan.agreement)
    if follow_up.status == FollowUp.Status.COMPLETED:
        raise ValidationError(_("Uppföljningen är redan avslutad."))
    if follow_up.held_on > on:
        raise ValidationError(
            _(
                "Uppföljningen är satt till %(day)s och kan inte avslutas innan den har "
                "hållits. Ändra datumet om den hölls tidigare."
            )
            % {"day": follow_up.held_on.isoformat()}
        )
    if follow_up.meeting_id and follow_up.meeting.date > on:
        raise ValidationError(
            _("Uppföljningen ska gås igenom på mötet %(day)s och avslutas först efter det.")
            % {"day": follow_up.meeting.date.isoformat()}
        )
    # A follow-up of the whole plan: an outcome (text or assessed effect) for every measure,
    # since completing it restarts the plan's two-year clock.
    missing = (
        follow_up.plan.measures.exclude(
            outcomes__in=Outcome.objects.filter(follow_up=follow_up).exclude(outcome="", effect="")
        )
        .distinct()
        .count()
    )
    if missing:
        raise ValidationError(
            ngettext(
                "%(count)s åtgärd saknar utfall och bedömd effekt. Skriv in dem innan "
                "uppföljningen avslutas.",
                "%(count)s åtgärder saknar utfall och bedömd effekt. Skriv in dem innan "
                "uppföljningen avslutas.",
                missing,
            )
            % {"count": missing}
        )
    follow_up.status = FollowUp.Status.COMPLETED
    _save(follow_up, by, fields=["status"])
    event_log(
        agreement=follow_up.plan.agreement,
        actor=by,
        action="actionplan.follow_up.completed",
        obj=follow_up,
        data=_facts(follow_up),
    )
    return follow_up
