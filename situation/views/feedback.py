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
from ..models import MANAGE, VIEW, Area, RiskAssessment
from ..selectors_weekly import week_in_agreement
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
        dispatch = services.feedback_send(agreement=agreement, week=monday, by=request.user)
        return _("Återkopplingen är skickad till %(count)s mottagare.") % {
            "count": dispatch.recipients
        }

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


def _grids(agreements, monday) -> dict:
    """{agreement id: its Grid for the week} of many agreements in a fixed number of
    queries (week_grid's, each over all of them at once)."""
    from collections import defaultdict
    from urllib.parse import urlencode

    from django.db.models import Count, Q, Sum

    from ..models import Observation, ObservationCategory, WeeklyReport
    from ..selectors_weekly import AVERAGE_WEEKS, Cell, Grid, Row, _value

    ids = [a.pk for a in agreements]
    span = weeks.weeks_before(monday, AVERAGE_WEEKS)
    reported = {
        (row["agreement_id"], row["area_id"]): row
        for row in WeeklyReport.objects.filter(agreement_id__in=ids, week=monday)
        .order_by()
        .values("agreement_id", "area_id")
        .annotate(reports=Count("id"), late=Count("id", filter=Q(late=True)))
    }
    areas = defaultdict(list)
    for area in Area.objects.filter(agreement_id__in=ids).order_by("order", "name", "pk"):
        if area.active or (area.agreement_id, area.pk) in reported:
            areas[area.agreement_id].append(area)
    categories = defaultdict(list)
    for category in ObservationCategory.objects.filter(agreement_id__in=ids, active=True).order_by(
        "order", "name", "pk"
    ):
        categories[category.agreement_id].append(category)
    sums = {
        (r["report__area_id"], r["category_id"], r["report__week"]): (r["total"] or 0, r["lines"])
        for r in Observation.objects.filter(
            report__agreement_id__in=ids, report__week__gte=span[0], report__week__lte=monday
        )
        .order_by()
        .values("report__area_id", "category_id", "report__week")
        .annotate(total=Sum("value"), lines=Count("id"))
    }
    grids = {}
    for agreement in agreements:
        before = [w for w in span if week_in_agreement(agreement, w)]
        base = reverse("situation:weekly_report_list", args=[agreement.pk])
        rows = []
        for area in areas[agreement.pk]:
            cells = []
            for category in categories[agreement.pk]:
                total, lines = sums.get((area.pk, category.pk, monday), (0, 0))
                earlier = [sums.get((area.pk, category.pk, w), (0, 0)) for w in before]
                query = urlencode(
                    {"vecka": weeks.label(monday), "omrade": area.pk, "kategori": category.pk}
                )
                cells.append(
                    Cell(
                        category=category,
                        value=_value(category, total, lines, 1),
                        average=_value(
                            category,
                            sum(t for t, _n in earlier),
                            sum(n for _t, n in earlier),
                            len(before),
                        ),
                        reports=lines,
                        url=f"{base}?{query}",
                    )
                )
            counts = reported.get((agreement.pk, area.pk), {})
            rows.append(Row(area, cells, counts.get("reports", 0), counts.get("late", 0)))
        grids[agreement.pk] = Grid(
            monday=monday,
            compared_with=before,
            categories=categories[agreement.pk],
            rows=rows,
            in_progress=monday == weeks.monday(timezone.localdate()),
        )
    return grids


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
    grids = _grids(agreements, monday)
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
