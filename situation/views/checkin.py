"""The weekly check-in (avstämning, EST): the week's grid of areas × checklist categories,
the shared risk level per area, the quick actions and their follow-up, and the trends.

Everyone who reads the situation picture reads the weeks and the trends; the operative
group (assess_situation) sets risk levels and decides and follows up quick actions, for
weeks that have begun. A week that does not exist (2025-W53) or lies outside the
agreement is a page that does not exist.
"""

import re
from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from councils.access import agreement_runs
from samverkan.formpage import form_page
from samverkan.services import version_of

from .. import weeks
from ..access import situation_perm_view
from ..charts import Series, line_chart
from ..forms.checkin import ActionForm, FollowUpForm, RiskForm, TrendForm
from ..models import VIEW, ObservationCategory, RiskAssessment
from ..selectors_weekly import (
    LEVEL_NUMBERS,
    SUNDAY,
    actions_to_follow_up,
    risk_levels,
    trend_values,
    week_actions,
    week_grid,
    week_in_agreement,
    weeks_up_to,
)
from ..services import checkin as services

ASSESS = "samverkan.assess_situation"
REPORT_WEEKLY = "samverkan.report_weekly_for_party"
SHORT_TREND, LONG_TREND = 12, 52  # weeks
RISK_WEEKS = 12
_LABEL = re.compile(r"^(\d{4})-W(\d{2})$")


def week_url(agreement, monday) -> str:
    year, week = weeks.iso(monday)
    return reverse("situation:week", args=[agreement.pk, year, week])


def week_view(perm: str):
    """Decorator: `perm` on the agreement (403 without), then the week of the URL's
    year and week number as its Monday: 404 for a week that does not exist or has no day
    inside the agreement."""

    def decorator(view):
        @situation_perm_view(perm)
        @wraps(view)
        def wrapper(request, agreement, year, week, *args, **kwargs):
            monday = weeks.from_url(year, week)
            if not week_in_agreement(agreement, monday):
                raise Http404
            return view(request, agreement, monday, *args, **kwargs)

        return wrapper

    return decorator


def _this_week():
    return weeks.monday(timezone.localdate())


def _may_assess(request, agreement, monday) -> bool:
    """Whether the user may set levels and decide actions for this week: the operative
    group, while the agreement runs, for a week that has begun."""
    return request.rights.has(ASSESS) and agreement_runs(agreement) and monday <= _this_week()


def _reports_weekly(rights) -> bool:
    """Whether the user reports for some party of the agreement (one read of the rights
    on all its parties)."""
    return any(rights.has(REPORT_WEEKLY, party) for party in rights.agreement.parties.all())


def _name(user) -> str:
    """A person as pages name them; "okänd" for nobody (a removed account)."""
    if user is None:
        return _("okänd")
    return user.get_full_name() or user.get_username()


def _named(records) -> list:
    """History records, each with `who`: who saved it."""
    records = list(records)
    for record in records:
        record.who = _name(record.history_user)
    return records


def _week_from_label(agreement, text: str | None):
    """The Monday of a week written "2025-W11", if it exists inside the agreement."""
    match = _LABEL.match(text or "")
    if not match:
        return None
    try:
        monday = weeks.from_iso(int(match[1]), int(match[2]))
    except ValueError:
        return None
    return monday if week_in_agreement(agreement, monday) else None


# --- the week -------------------------------------------------------------------------


@situation_perm_view(VIEW)
def current_week(request, agreement):
    return redirect(week_url(agreement, weeks.current(agreement)))


@week_view(VIEW)
def week(request, agreement, monday):
    grid = week_grid(agreement, monday)
    previous, following = monday - weeks.WEEK, monday + weeks.WEEK
    levels = risk_levels(agreement, [previous, monday])
    risks = []
    for row in grid.rows:
        risk = levels.get((row.area.pk, monday))
        risks.append(
            {
                "area": row.area,
                "risk": risk,
                "set_by": _name(risk.set_by) if risk else "",
                "previous": levels.get((row.area.pk, previous)),
            }
        )
    current = weeks.current(agreement)
    label = weeks.label(monday)
    return render(
        request,
        "situation/week.html",
        {
            "agreement": agreement,
            "monday": monday,
            "sunday": monday + SUNDAY,
            "label": label,
            "grid": grid,
            "risks": risks,
            "actions": week_actions(agreement, monday),
            "follow_ups": actions_to_follow_up(agreement, monday),
            "can_assess": _may_assess(request, agreement, monday),
            "reports_weekly": monday <= _this_week() and _reports_weekly(request.rights),
            "previous": previous if week_in_agreement(agreement, previous) else None,
            "following": following if week_in_agreement(agreement, following) else None,
            "previous_url": week_url(agreement, previous),
            "following_url": week_url(agreement, following),
            "current_url": week_url(agreement, current) if current != monday else "",
            "previous_label": weeks.label(previous),
            "following_label": weeks.label(following),
            "year_week": weeks.iso(monday),
        },
    )


# --- risk levels ----------------------------------------------------------------------


@week_view(ASSESS)
@require_http_methods(["GET", "POST"])
def risk_set(request, agreement, monday, area_pk):
    area = get_object_or_404(agreement.areas.all(), pk=area_pk)
    levels = risk_levels(agreement, [monday - weeks.WEEK, monday])
    existing = levels.get((area.pk, monday))
    initial = {"version": version_of(existing) if existing else 0}
    if existing:
        initial |= {"level": existing.level, "reason": existing.reason}
    label = weeks.label(monday)

    def save(data):
        services.risk_set(
            agreement=agreement,
            area=area,
            week=monday,
            level=data["level"],
            reason=data["reason"],
            by=request.user,
            expected_version=data.get("expected_version"),
        )
        return _("Risknivån för %(area)s vecka %(week)s är sparad.") % {
            "area": area.name,
            "week": label,
        }

    earlier = []
    if existing:
        earlier = _named(
            RiskAssessment.history.filter(id=existing.pk)
            .select_related("history_user")
            .order_by("-history_id")
        )
    back = week_url(agreement, monday)
    return form_page(
        request,
        RiskForm(request.POST or None, initial=initial),
        save=save,
        success_url=back + "#risk",
        cancel_url=back,
        title=_("Risknivå för %(area)s vecka %(week)s") % {"area": area.name, "week": label},
        intro=_(
            "Gruppens gemensamma bedömning av området den här veckan: låg, förhöjd eller hög, "
            "med en motivering."
        ),
        submit_label=_("Spara risknivån"),
        template="situation/risk_form.html",
        context={
            "area": area,
            "label": label,
            "previous": levels.get((area.pk, monday - weeks.WEEK)),
            "previous_label": weeks.label(monday - weeks.WEEK),
            "earlier": earlier,
        },
    )


# --- quick actions --------------------------------------------------------------------


@week_view(ASSESS)
@require_http_methods(["GET", "POST"])
def action_add(request, agreement, monday):
    initial = {"follow_up_on": min(monday + weeks.WEEK, agreement.valid_to)}
    area = request.GET.get("omrade", "")
    if area.isdigit():
        initial["area"] = int(area)
    label = weeks.label(monday)

    def save(data):
        data.pop("expected_version", None)
        action = services.action_add(agreement=agreement, week=monday, by=request.user, **data)
        return _("Åtgärden i %(area)s är sparad och följs upp %(day)s.") % {
            "area": action.area.name,
            "day": action.follow_up_on.isoformat(),
        }

    back = week_url(agreement, monday)
    return form_page(
        request,
        ActionForm(request.POST or None, initial=initial, agreement=agreement),
        save=save,
        success_url=back + "#atgarder",
        cancel_url=back,
        title=_("Ny snabb åtgärd vecka %(week)s") % {"week": label},
        intro=_(
            "En åtgärd som gruppen beslutar vid veckans avstämning, med den part som ansvarar "
            "för den och dagen den följs upp."
        ),
        submit_label=_("Spara åtgärden"),
        template="situation/action_form.html",
    )


@situation_perm_view(ASSESS)
@require_http_methods(["GET", "POST"])
def action_follow_up(request, agreement, action_pk):
    action = get_object_or_404(
        agreement.quick_actions.select_related("area", "responsible_party", "created_by"),
        pk=action_pk,
    )
    monday = _week_from_label(agreement, request.GET.get("vecka")) or weeks.current(agreement)
    initial = {"status": action.status, "outcome": action.outcome, "version": version_of(action)}

    def save(data):
        services.action_follow_up(
            action=action,
            status=data["status"],
            outcome=data["outcome"],
            by=request.user,
            expected_version=data.get("expected_version"),
        )
        return _("Uppföljningen av åtgärden i %(area)s är sparad.") % {"area": action.area.name}

    earlier = _named(action.history.select_related("history_user").order_by("-history_id"))
    back = week_url(agreement, monday)
    return form_page(
        request,
        FollowUpForm(request.POST or None, initial=initial),
        save=save,
        success_url=back + "#uppfoljning",
        cancel_url=back,
        title=_("Följ upp åtgärden i %(area)s") % {"area": action.area.name},
        submit_label=_("Spara uppföljningen"),
        template="situation/action_follow_up.html",
        context={
            "action": action,
            "decided": weeks.label(action.week),
            "earlier": earlier,
        },
    )


# --- trends ---------------------------------------------------------------------------


def _trend_chart(category, areas, mondays, values, *, place: str, count: int):
    labels = [weeks.label(monday) for monday in mondays]
    series = [Series(area.name, list(zip(labels, values[area.pk], strict=True))) for area in areas]
    scale = category.measure == ObservationCategory.Measure.SCALE
    title = _("%(category)s i %(place)s, de senaste %(count)s veckorna") % {
        "category": category.name,
        "place": place,
        "count": count,
    }
    return line_chart(
        series,
        title=title,
        unit=_("nivå 0–3") if scale else _("antal"),
        series_name=_("Område"),
        y_range=(0, 3) if scale else None,
    )


def _risk_over_time(agreement, areas, mondays):
    """The risk levels of these weeks: a table (weeks × areas, the level in words) and a
    chart of them as 1 (låg), 2 (förhöjd) and 3 (hög)."""
    levels = risk_levels(agreement, mondays)
    assessed = {area_id for area_id, _week in levels}
    shown = [area for area in areas if area.active or area.pk in assessed]
    rows = [
        {
            "label": weeks.label(monday),
            "levels": [levels.get((area.pk, monday)) for area in shown],
        }
        for monday in mondays
    ]
    chart = None
    if shown and mondays:
        series = [
            Series(
                area.name,
                [
                    (
                        weeks.label(monday),
                        LEVEL_NUMBERS.get(levels[(area.pk, monday)].level)
                        if (area.pk, monday) in levels
                        else None,
                    )
                    for monday in mondays
                ],
            )
            for area in shown
        ]
        chart = line_chart(
            series,
            title=_("Risknivå per område, de senaste %(count)s veckorna: 1 låg, 2 förhöjd, 3 hög")
            % {"count": len(mondays)},
            description=_(
                "Linjediagram över risknivån per område och vecka, där 1 är låg, 2 förhöjd "
                "och 3 hög; en vecka utan bedömning saknar punkt. Samma nivåer står i "
                "tabellerna."
            ),
            series_name=_("Område"),
            y_range=(0, 3),
        )
    return {"areas": shown, "rows": rows, "chart": chart}


@situation_perm_view(VIEW)
def trends(request, agreement):
    areas = list(agreement.areas.order_by("-active", "order", "name", "pk"))
    categories = list(agreement.observation_categories.order_by("-active", "order", "name", "pk"))
    form = TrendForm(request.GET or None, areas=areas, categories=categories)
    chosen_area, category = form.chosen()
    this_week = weeks.current(agreement)
    charts = []
    if category is not None and areas:
        chosen = areas if chosen_area is None else [chosen_area]
        place = _("alla områden") if chosen_area is None else chosen_area.name
        mondays = weeks_up_to(agreement, weeks.last_complete(agreement), LONG_TREND)
        values = trend_values(agreement, category=category, areas=chosen, mondays=mondays)
        for count in (SHORT_TREND, LONG_TREND):
            tail = {area.pk: values[area.pk][-count:] for area in chosen}
            charts.append(
                _trend_chart(category, chosen, mondays[-count:], tail, place=place, count=count)
            )
    return render(
        request,
        "situation/trends.html",
        {
            "agreement": agreement,
            "form": form,
            "charts": charts,
            "category": category,
            "risk": _risk_over_time(
                agreement, areas, weeks_up_to(agreement, this_week, RISK_WEEKS)
            ),
            "this_week_url": week_url(agreement, this_week),
            "this_week_label": weeks.label(this_week),
        },
    )
