"""The weekly follow-up (EST): the checklist and the weekly reports.

Everyone who reads the situation picture reads the checklist; the coordinator
(manage_situation) keeps it. Anyone of a party reports weekly for it
(report_weekly_for_party). A weekly report is read by its author, by whoever reports for
its party and by whoever reads the situation picture; for anyone else it does not exist
(404)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.forms import model_to_dict
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from councils.access import agreement_runs
from samverkan.formpage import form_page, post_action
from samverkan.forms import add_service_errors
from samverkan.services import version_of

from .. import weeks
from ..access import situation_perm_view, situation_view, staff_view
from ..forms.weekly import (
    ChecklistAddForm,
    ChecklistForm,
    WeeklyReportFilterForm,
    WeeklyReportForm,
    parse_week,
    scale_text,
    week_text,
)
from ..models import MANAGE, VIEW, Observation, ObservationCategory
from ..services import weekly as services
from ..services.weekly import report_parties, reports_visible_to

PER_PAGE = 25
Measure = ObservationCategory.Measure


def _checklist_url(agreement) -> str:
    return reverse("situation:checklist", args=[agreement.pk])


def _detail_url(report) -> str:
    return reverse("situation:weekly_report_detail", args=[report.agreement_id, report.pk])


def weekly_view(view):
    """Decorator: as staff_view (a party's staff who only report weekly get in), then 403
    for a member who neither reads the situation picture nor reports weekly for a party."""

    @staff_view
    @wraps(view)
    def wrapper(request, agreement, *args, **kwargs):
        rights = request.rights
        if not (rights.has(VIEW) or report_parties(rights)):
            raise PermissionDenied
        return view(request, agreement, *args, **kwargs)

    return wrapper


def _reports_for(rights) -> list:
    """The parties the user reports for now: none once the agreement has ended."""
    return report_parties(rights) if agreement_runs(rights.agreement) else []


# --- the checklist --------------------------------------------------------------------


@situation_view
def checklist(request, agreement):
    manages = request.rights.has(MANAGE)
    if request.method not in ("GET", "HEAD"):
        # A member who may not change the checklist is refused before any method check.
        request.rights.require(MANAGE)
        if request.method != "POST":
            return HttpResponseNotAllowed(["GET", "POST"])
    form = ChecklistAddForm(request.POST or None) if manages else None
    if request.method == "POST" and form.is_valid():
        try:
            line = services.checklist_add(agreement=agreement, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Punkten %(name)s är tillagd.") % {"name": line.name})
            return redirect(_checklist_url(agreement))
    return render(
        request,
        "situation/checklist.html",
        {
            "agreement": agreement,
            "lines": agreement.observation_categories.all(),
            "manages": manages,
            "form": form,
            "reports": bool(_reports_for(request.rights)),
        },
    )


@situation_perm_view(MANAGE)
@require_http_methods(["GET", "POST"])
def checklist_edit(request, agreement, category_pk):
    line = get_object_or_404(agreement.observation_categories.all(), pk=category_pk)
    form = ChecklistForm(
        request.POST or None,
        initial=model_to_dict(line) | {"version": version_of(line)},
        in_use=line.observations.exists(),
    )

    def save(data):
        services.checklist_update(category=line, by=request.user, **data)
        return _("%(name)s är sparad.") % {"name": data["name"]}

    return form_page(
        request,
        form,
        save=save,
        success_url=_checklist_url(agreement),
        cancel_url=_checklist_url(agreement),
        title=_("Ändra punkten %(name)s i checklistan") % {"name": line.name},
        intro=_(
            "En punkt som inte längre används finns kvar i de veckorapporter som redan "
            "lämnats, men visas inte när någon rapporterar."
        ),
    )


# --- the weekly report ----------------------------------------------------------------


def _initial(request, agreement, week_choices) -> dict:
    """This week, or the week and area the link asks for (?vecka=2025-W10&omrade=3)."""
    initial = {"week": weeks.label(week_choices[0])}
    asked = parse_week(request.GET.get("vecka"))
    if asked in week_choices:
        initial["week"] = weeks.label(asked)
    area = request.GET.get("omrade", "")
    if area.isdigit() and agreement.areas.filter(pk=area, active=True).exists():
        initial["area"] = int(area)
    return initial


@weekly_view
@require_http_methods(["GET", "POST"])
def weekly_report_create(request, agreement):
    parties = _reports_for(request.rights)
    today = timezone.localdate()
    week_choices = services.reportable_weeks(agreement, today)
    if not (parties and week_choices):
        # Whoever reads the situation picture is told why there is no form here.
        if request.method == "POST":
            raise PermissionDenied
        if not agreement_runs(agreement):
            reason = _("Överenskommelsen har upphört; veckorapporter kan inte längre lämnas.")
        elif not parties:
            reason = _("Du lämnar inte veckorapporter för någon av parterna.")
        else:
            reason = _("Veckorapporter lämnas från överenskommelsens första vecka.")
        return render(
            request,
            "situation/weekly_report_form.html",
            {"agreement": agreement, "form": None, "reason": reason},
        )
    form = WeeklyReportForm(
        request.POST or None,
        agreement=agreement,
        parties=parties,
        lines=agreement.observation_categories.filter(active=True),
        week_choices=week_choices,
        today=today,
        initial=_initial(request, agreement, week_choices),
    )
    created = []

    def save(data):
        report = services.weekly_report_submit(
            agreement=agreement, by=request.user, **form.service_arguments(data)
        )
        created.append(report)
        done = _("Veckorapporten för %(area)s, %(week)s, är inlämnad.") % {
            "area": report.area.name,
            "week": week_text(report.week),
        }
        if report.late:
            done += " " + _("Den är markerad som sen rapport.")
        return done

    return form_page(
        request,
        form,
        save=save,
        # Known once saved.
        success_url=lazy(lambda: _detail_url(created[0]), str)(),
        cancel_url=reverse("situation:weekly_report_list", args=[agreement.pk]),
        title=_("Veckorapport"),
        template="situation/weekly_report_form.html",
        context={"late": form.late},
    )


def _visible_reports(request):
    return reports_visible_to(request.rights).select_related("party", "area", "author")


def report_view(view):
    """Decorator: as staff_view, then the report through what the user may see: a report
    they may not see does not exist for them (404)."""

    @staff_view
    @wraps(view)
    def wrapper(request, agreement, report_pk, *args, **kwargs):
        report = get_object_or_404(_visible_reports(request), pk=report_pk)
        return view(request, agreement, report, *args, **kwargs)

    return wrapper


@report_view
@require_safe
def weekly_report_detail(request, agreement, report):
    observations = list(
        report.observations.select_related("category").order_by("category__order", "category__name")
    )
    for observation in observations:
        observation.shown = _shown(observation.category.measure, observation.value)
    reports_again = report.party in _reports_for(request.rights)
    may_withdraw = report.author_id == request.user.pk and agreement_runs(agreement)
    return render(
        request,
        "situation/weekly_report_detail.html",
        {
            "agreement": agreement,
            "report": report,
            "week": week_text(report.week),
            "observations": observations,
            "may_withdraw": may_withdraw,
            "again_url": (
                reverse("situation:weekly_report_create", args=[agreement.pk])
                + f"?vecka={weeks.label(report.week)}&omrade={report.area_id}"
                if reports_again
                else ""
            ),
        },
    )


def _shown(measure: str, value) -> str:
    return scale_text(value) if measure == Measure.SCALE else str(value)


@weekly_view
@require_safe
def weekly_report_list(request, agreement):
    rights = request.rights
    sees_all = rights.has(VIEW)
    parties = agreement.parties.order_by("order", "pk")
    if not sees_all:
        parties = parties.filter(pk__in=[party.pk for party in report_parties(rights)])
    filters = WeeklyReportFilterForm(request.GET or None, agreement=agreement, parties=parties)
    chosen = filters.values
    reports = _visible_reports(request).order_by(
        "-week", "area__order", "area__name", "-submitted_at", "-pk"
    )
    for name, field in (("vecka", "week"), ("omrade", "area"), ("part", "party")):
        if name in chosen:
            reports = reports.filter(**{field: chosen[name]})
    category = chosen.get("kategori")
    if category is not None:
        lines = Observation.objects.filter(report=OuterRef("pk"), category=category)
        reports = reports.filter(Exists(lines)).annotate(
            line_value=Subquery(lines.values("value")[:1]),
            line_note=Subquery(lines.values("note")[:1]),
        )
    else:
        reports = reports.prefetch_related(
            Prefetch(
                "observations",
                queryset=Observation.objects.select_related("category").order_by(
                    "category__order", "category__name"
                ),
                to_attr="lines",
            )
        )
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("sida"))
    for report in page.object_list:
        report.week_text = week_text(report.week)
        if category is not None:
            report.line_shown = _shown(category.measure, report.line_value)
        else:
            for line in report.lines:
                line.shown = _shown(line.category.measure, line.value)
    return render(
        request,
        "situation/weekly_report_list.html",
        {
            "agreement": agreement,
            "page": page,
            "filters": filters,
            "query": filters.query,
            "category": category,
            "chosen_week": week_text(chosen["vecka"]) if "vecka" in chosen else "",
            "sees_all": sees_all,
            "reports": bool(_reports_for(rights)),
        },
    )


@report_view
def weekly_report_withdraw(request, agreement, report):
    """The author withdraws their report while the agreement runs; anyone else who sees
    it is refused before any method check."""
    if report.author_id != request.user.pk or not agreement_runs(agreement):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])

    def run():
        services.weekly_report_withdraw(report=report, by=request.user)
        return _("Rapporten är tillbakadragen och räknas inte längre.")

    return post_action(
        request, run, redirect_to=reverse("situation:weekly_report_list", args=[agreement.pk])
    )
