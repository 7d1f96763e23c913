"""Feedback to the parties' staff (återkoppling) and one person's weeks across the
agreements they belong to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from guardian.shortcuts import get_objects_for_user

from samverkan.formpage import post_action
from samverkan.models import Agreement

from .. import weeks
from ..access import reads_situation, situation_perm_view, staff_view, weekly_parties
from ..models import MANAGE, VIEW, RiskAssessment
from ..selectors_weekly import week_grids, week_in_agreement
from ..services import feedback as services


def _week(agreement, year: int, week: int):
    monday = weeks.from_url(year, week)
    if not week_in_agreement(agreement, monday):
        raise Http404
    return monday


def _feedback_url(agreement, monday) -> str:
    return reverse("situation:feedback", args=[agreement.pk, *weeks.iso(monday)])


@staff_view
def feedback(request, agreement, year, week):
    if not (reads_situation(request.rights) or weekly_parties(request.rights)):
        raise PermissionDenied  # a member with no part in the weekly follow-up
    monday = _week(agreement, year, week)
    summary = services.feedback_summary(agreement, monday)
    dispatch = agreement.feedback_dispatches.filter(week=monday).first()
    subscribed = agreement.feedback_subscriptions.filter(user=request.user).exists()
    return render(
        request,
        "situation/feedback.html",
        summary
        | {
            "agreement": agreement,
            "year_week": weeks.iso(monday),
            "dispatch": dispatch,
            "subscribed": subscribed,
            "reads": reads_situation(request.rights),
            "manages": request.rights.has(MANAGE),
            "sendable": monday <= weeks.current(agreement),
        },
    )


@situation_perm_view(MANAGE)
@require_POST
def feedback_send(request, agreement, year, week):
    monday = _week(agreement, year, week)

    def run():
        services.feedback_send_later(agreement=agreement, week=monday, by=request.user)
        return _("Återkopplingen skickas till dem som vill få den via e-post.")

    return post_action(request, run, redirect_to=_feedback_url(agreement, monday))


@staff_view
@require_POST
def subscription(request, agreement):
    """Turn the weekly feedback e-mail on or off for oneself; back to where one was."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = _feedback_url(agreement, weeks.current(agreement))
    if request.POST.get("subscribe") == "1":
        try:
            services.subscribe(agreement=agreement, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Du får veckans återkoppling via e-post."))
    else:
        services.unsubscribe(agreement=agreement, user=request.user)
        messages.success(request, _("Du får inte längre veckans återkoppling via e-post."))
    return redirect(back)


@login_required
def my_weeks(request):
    """This week in each running agreement whose situation picture the user reads, side
    by side: read-only, each agreement's own data, in a fixed number of queries however
    many agreements."""
    today = timezone.localdate()
    agreements = list(
        get_objects_for_user(request.user, VIEW, klass=Agreement, accept_global_perms=False)
        .filter(valid_from__lte=today, valid_to__gte=today)
        .order_by("municipality", "title")
    )
    monday = weeks.monday(today)
    grids = week_grids(agreements, monday)
    levels = {
        (risk.area_id, risk.week): risk
        for risk in RiskAssessment.objects.filter(agreement__in=agreements, week=monday).order_by()
    }
    columns = [
        {
            "agreement": agreement,
            "label": weeks.label(monday),
            "year_week": weeks.iso(monday),
            "grid": grids[agreement.pk],
            "risks": [
                (row.area, levels.get((row.area.pk, monday))) for row in grids[agreement.pk].rows
            ],
        }
        for agreement in agreements
    ]
    return render(request, "situation/my_weeks.html", {"columns": columns})
