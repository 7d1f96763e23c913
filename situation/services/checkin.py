"""The weekly check-in (avstämning, EST): the operative group sets a shared risk level
per area and week, decides quick actions and follows them up.

The views let only those with assess_situation in; the services refuse every change once
the agreement has ended, for a week outside it or one that has not begun. A risk level
and an action are changed in place, so simple-history keeps every earlier level, status
and outcome. Events name the area and the week, never what was written.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.access import agreement_runs
from samverkan.services import _save, changes_apply, event_log, version_check

from .. import weeks
from ..access import service_requires
from ..guard import check_text
from ..models import ASSESS, QuickAction, RiskAssessment
from ..selectors_weekly import week_in_agreement


def _check_runs(agreement) -> None:
    if not agreement_runs(agreement):
        raise ValidationError(
            _("Överenskommelsen har upphört; veckans avstämning kan inte längre ändras.")
        )


def _check_week(agreement, week: date) -> None:
    """A week inside the agreement that has begun: the group assesses what it has seen."""
    if weeks.monday(week) != week:
        raise ValueError(f"A week is given by its Monday, not {week}.")
    if not week_in_agreement(agreement, week):
        raise ValidationError(
            _("Vecka %(week)s ligger utanför överenskommelsens giltighetstid.")
            % {"week": weeks.label(week)}
        )
    if week > weeks.monday(timezone.localdate()):
        raise ValidationError(
            _("Vecka %(week)s har inte börjat än. Bedöm en vecka som har börjat.")
            % {"week": weeks.label(week)}
        )


def _check_area(agreement, area) -> None:
    if area.agreement_id != agreement.pk:
        raise ValidationError({"area": _("Välj ett av överenskommelsens områden.")})


def _check_text(field: str, value: str, label) -> None:
    try:
        check_text(value, field_label=label)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


# --- risk levels ------------------------------------------------------------------------


@transaction.atomic
def risk_set(
    *,
    agreement,
    area,
    week: date,
    level: str,
    reason: str,
    by,
    expected_version: int | None = None,
) -> RiskAssessment:
    """Set the area's shared risk level for the week (låg, förhöjd, hög) with its reason;
    setting it again changes it in place (the history keeps the earlier level). Refused if
    someone saved a level since the form was opened at `expected_version` (0: none yet)."""
    service_requires(by, ASSESS, agreement)
    _check_runs(agreement)
    _check_area(agreement, area)
    _check_week(agreement, week)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Skriv varför området har den här risknivån.")})
    _check_text("reason", reason, RiskAssessment._meta.get_field("reason").verbose_name)
    actor = by if getattr(by, "pk", None) else None
    assessment = RiskAssessment.objects.select_for_update().filter(area=area, week=week).first()
    facts = {"area": area.name, "week": weeks.label(week)}
    if assessment is None:
        assessment = RiskAssessment(
            agreement=agreement, area=area, week=week, level=level, reason=reason, set_by=actor
        )
        try:
            with transaction.atomic():
                _save(assessment, by)
        except IntegrityError as exc:  # someone set this week's level in the meantime
            raise ValidationError(
                _(
                    "Någon annan har ändrat uppgifterna sedan du öppnade formuläret. "
                    "Ladda om sidan och gör din ändring igen."
                ),
                code="stale",
            ) from exc
        event_log(
            agreement=agreement,
            actor=by,
            action="situation.risk.set",
            obj=assessment,
            data=facts | {"level": level},
        )
        return assessment
    version_check(instance=assessment, expected=expected_version)
    was = assessment.level
    changes = changes_apply(assessment, {"level": level, "reason": reason})
    if not changes:
        return assessment
    assessment.set_by = actor
    _save(assessment, by, fields=[*changes, "set_by"])
    if "level" in changes:
        event_log(
            agreement=agreement,
            actor=by,
            action="situation.risk.changed",
            obj=assessment,
            data=facts
            | {
                "level": level,
                "was": was,
            },
        )
    return assessment


# --- quick actions ----------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    agreement,
    area,
    week: date,
    what: str,
    responsible_party,
    follow_up_on: date,
    by,
) -> QuickAction:
    """Record a quick action decided at the week's check-in: what, the party responsible
    and the day it is followed up (in that week or later, inside the agreement)."""
    service_requires(by, ASSESS, agreement)
    _check_runs(agreement)
    _check_area(agreement, area)
    _check_week(agreement, week)
    if responsible_party.agreement_id != agreement.pk:
        raise ValidationError({"responsible_party": _("Välj en av överenskommelsens parter.")})
    if not (what or "").strip():
        raise ValidationError({"what": _("Beskriv åtgärden.")})
    _check_text("what", what, QuickAction._meta.get_field("what").verbose_name)
    if follow_up_on < week:
        raise ValidationError(
            {"follow_up_on": _("Uppföljningen kan inte ligga före veckan åtgärden beslutas.")}
        )
    if follow_up_on > agreement.valid_to:
        raise ValidationError(
            {"follow_up_on": _("Uppföljningen måste ligga inom överenskommelsens giltighetstid.")}
        )
    action = QuickAction(
        agreement=agreement,
        area=area,
        week=week,
        what=what,
        responsible_party=responsible_party,
        follow_up_on=follow_up_on,
        status=QuickAction.Status.OPEN,
        created_by=by if getattr(by, "pk", None) else None,
    )
    _save(action, by)
    event_log(
        agreement=agreement,
        actor=by,
        action="situation.action.added",
        obj=action,
        data={"area": area.name, "week": weeks.label(week)},
    )
    return action


# A status that closes an action: what came of it must be written down.
CLOSED = (QuickAction.Status.DONE, QuickAction.Status.NOT_DONE)


@transaction.atomic
def action_follow_up(
    *, action: QuickAction, status: str, outcome: str, by, expected_version: int | None = None
) -> QuickAction:
    """Follow an action up: its status (pågår, genomförd, inte genomförd) and what came of
    it, required once it is done or not done. Saves and logs nothing when nothing
    differs; the history keeps every earlier status and outcome."""
    service_requires(by, ASSESS, action.agreement)
    action = (
        QuickAction.objects.select_for_update()
        .select_related("agreement", "area")
        .get(pk=action.pk)
    )
    _check_runs(action.agreement)
    version_check(instance=action, expected=expected_version)
    outcome = outcome or ""
    if status in CLOSED and not outcome.strip():
        raise ValidationError({"outcome": _("Skriv vad som blev av åtgärden.")})
    _check_text("outcome", outcome, QuickAction._meta.get_field("outcome").verbose_name)
    changes = changes_apply(action, {"status": status, "outcome": outcome})
    if not changes:
        return action
    _save(action, by, fields=list(changes))
    event_log(
        agreement=action.agreement,
        actor=by,
        action="situation.action.followed_up",
        obj=action,
        data={
            "area": action.area.name,
            "week": weeks.label(action.week),
            "status": status,
        },
    )
    return action
