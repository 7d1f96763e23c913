"""Feedback (återkoppling) to the parties' staff: a week's summary — the grid, the risk
levels, the quick actions decided and what came of the week before's — on a page and by
e-mail to whoever asks for it, once per week, through the outbox (samverkan.mail)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from councils.access import agreement_runs
from samverkan.access import Rights
from samverkan.mail import message_queue
from samverkan.services import event_log

from .. import weeks
from ..access import reads_situation, service_requires, weekly_parties
from ..models import MANAGE, FeedbackDispatch, FeedbackSubscription, QuickAction
from ..selectors_weekly import risk_levels, week_actions, week_grid

FEEDBACK_KIND = "situation.feedback"


def feedback_summary(agreement, monday: date) -> dict:
    """What the week's feedback says; the same on the page and in the e-mail."""
    grid = week_grid(agreement, monday)
    levels = risk_levels(agreement, [monday])
    risks = [(row.area, levels.get((row.area.pk, monday))) for row in grid.rows]
    last_week = monday - weeks.WEEK
    earlier = list(
        QuickAction.objects.filter(agreement=agreement, week=last_week)
        .select_related("area", "responsible_party")
        .order_by("area__order", "area__name", "pk")
    )
    # Per area with reports, its lines as the e-mail writes them ("Klotter 3 (snitt 2)").
    reported = [
        (
            row,
            ", ".join(
                _("%(line)s %(value)s (snitt %(average)s)")
                % {
                    "line": cell.category.name,
                    "value": cell.value_text,
                    "average": cell.average_text,
                }
                for cell in row.cells
                if cell.reports
            ),
        )
        for row in grid.rows
        if row.reports
    ]
    return {
        "reported": reported,
        "monday": monday,
        "label": weeks.label(monday),
        "last_week_label": weeks.label(last_week),
        "grid": grid,
        "risks": risks,
        "actions": week_actions(agreement, monday),
        "last_weeks_actions": earlier,
    }


def may_receive(user, agreement) -> bool:
    """Whether the user may read the feedback: whoever reads the situation picture or
    reports weekly for a party of the agreement."""
    if not user.is_active:
        return False
    rights = Rights(user, agreement)
    return reads_situation(rights) or bool(weekly_parties(rights))


def subscribe(*, agreement, user) -> FeedbackSubscription:
    if not may_receive(user, agreement):
        raise ValidationError(_("Du har ingen del i överenskommelsens veckouppföljning."))
    return FeedbackSubscription.objects.get_or_create(agreement=agreement, user=user)[0]


def unsubscribe(*, agreement, user) -> None:
    FeedbackSubscription.objects.filter(agreement=agreement, user=user).delete()


def _body(agreement, summary, user) -> str:
    path = reverse("situation:feedback", args=[agreement.pk, *weeks.iso(summary["monday"])])
    return render_to_string(
        "situation/email/feedback.txt",
        summary | {"agreement": agreement, "user": user, "url": f"{settings.SITE_URL}{path}"},
    )


def _check_sendable(agreement, week: date, now) -> None:
    if not agreement_runs(agreement):
        raise ValidationError(_("Överenskommelsen har upphört; ingen återkoppling skickas."))
    if week > weeks.current(agreement, timezone.localdate(now)) or week != weeks.monday(week):
        raise ValidationError(_("Återkoppling skickas för en vecka som har börjat."))


def feedback_send_later(*, agreement, week: date, by) -> None:
    """The coordinator's "send now": checked here, rendered and queued by a task
    (situation.tasks.send_feedback) once the request's transaction has committed, so the
    request does not render every subscriber's e-mail."""
    from ..tasks import send_feedback

    service_requires(by, MANAGE, agreement)
    _check_sendable(agreement, week, timezone.now())
    if agreement.feedback_dispatches.filter(week=week).exists():
        raise ValidationError(
            _("Återkopplingen för vecka %(week)s är redan skickad.") % {"week": weeks.label(week)}
        )
    by_id = getattr(by, "pk", None)
    transaction.on_commit(
        lambda: send_feedback.enqueue(agreement.pk, week.isoformat(), by_id), robust=True
    )


def feedback_send(*, agreement, week: date, by=None, now=None) -> FeedbackDispatch:
    """Send the week's feedback to every subscriber who may still read it; once per week
    (a second call is refused, also when two run at the same time)."""
    service_requires(by, MANAGE, agreement)
    now = now or timezone.now()
    _check_sendable(agreement, week, now)
    label = weeks.label(week)
    already = _("Återkopplingen för vecka %(week)s är redan skickad.") % {"week": label}
    try:
        with transaction.atomic():
            dispatch = FeedbackDispatch.objects.create(agreement=agreement, week=week, sent_at=now)
            summary = feedback_summary(agreement, week)
            subscriptions = agreement.feedback_subscriptions.select_related("user")
            recipients = [
                s.user for s in subscriptions if s.user.email and may_receive(s.user, agreement)
            ]
            for user in recipients:
                with translation.override("sv"):
                    subject = _("Återkoppling vecka %(week)s: %(agreement)s") % {
                        "week": label,
                        "agreement": agreement.title,
                    }
                    body = _body(agreement, summary, user)
                message_queue(
                    to=user.email,
                    subject=subject,
                    body=body,
                    kind=FEEDBACK_KIND,
                    agreement=agreement,
                    about=dispatch,
                )
            dispatch.recipients = len(recipients)
            dispatch.save(update_fields=["recipients"])
            event_log(
                agreement=agreement,
                actor=by,
                action="situation.feedback.sent",
                obj=dispatch,
                data={"week": label, "count": len(recipients)},
            )
    except IntegrityError as exc:  # the unique (agreement, week): sent already
        raise ValidationError(already) from exc
    return dispatch


def feedback_send_due(*, now=None) -> list[FeedbackDispatch]:
    """For cron: send last week's feedback of every running agreement that had weekly
    reports and has not sent it yet. Safe to run as often as one likes."""
    from samverkan.models import Agreement

    now = now or timezone.now()
    sent = []
    for agreement in Agreement.objects.all():
        if not agreement_runs(agreement):
            continue
        week = weeks.monday(timezone.localdate(now)) - weeks.WEEK
        if week < weeks.monday(agreement.valid_from):
            continue
        if agreement.feedback_dispatches.filter(week=week).exists():
            continue
        if not agreement.weekly_reports.filter(week=week).exists():
            continue
        try:
            sent.append(feedback_send(agreement=agreement, week=week, now=now))
        except ValidationError:
            continue  # sent by someone else meanwhile
    return sent
