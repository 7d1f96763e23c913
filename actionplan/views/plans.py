"""The åtgärdsplan's pages: every member reads the plans (the signatories too: they sign
annex 3); the coordinator drafts a plan, records the municipal decision and keeps its
measures (views/measures.py)."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverkan.access import agreement_perm_view, agreement_view
from samverkan.formpage import form_page
from samverkan.history import history_entries
from samverkan.models import AgreementParty
from samverkan.services import version_of

from ..access import plan_view
from ..clocks import plan_follow_up_context
from ..forms.plans import AdoptForm, PlanForm
from ..models import MANAGE, ActionPlan, Measure, StatusUpdate
from ..services import plans as services

PER_PAGE = 25
MEASURES_PER_PAGE = 50
HISTORY_PER_PAGE = 50
# The status filter's values: the stored statuses, and "delayed", derived from the dates.
DELAYED = "delayed"


def plan_url(plan) -> str:
    return reverse("actionplan:plan_detail", args=[plan.agreement_id, plan.pk])


def _list_url(agreement) -> str:
    return reverse("actionplan:plan_list", args=[agreement.pk])


# --- reading --------------------------------------------------------------------------


@agreement_view
def plan_list(request, agreement):
    plans = agreement.action_plans.select_related("report").order_by("-period_from", "-pk")
    page = Paginator(plans, PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "actionplan/plan_list.html",
        {"agreement": agreement, "page": page, "can_manage": request.rights.has(MANAGE)},
    )


@dataclass
class PartyCounts:
    """One party's measures by status (counted in the database)."""

    party: AgreementParty
    planned: int = 0
    ongoing: int = 0
    done: int = 0
    cancelled: int = 0
    delayed: int = 0
    total: int = 0


_COUNTED = ("planned", "ongoing", "done", "cancelled", "delayed", "total")


def measure_counts(plan, parties, on) -> tuple[list[PartyCounts], PartyCounts]:
    """Per responsible party, the plan's measures by status and how many are delayed on
    `on`; and the totals. One query, grouped by party."""
    finished = [Measure.Status.DONE, Measure.Status.CANCELLED]
    rows = (
        Measure.objects.filter(plan=plan)
        .order_by()
        .values("responsible")
        .annotate(
            total=Count("pk"),
            delayed=Count("pk", filter=Q(ends_on__lt=on) & ~Q(status__in=finished)),
            **{
                status: Count("pk", filter=Q(status=status))
                for status in ("planned", "ongoing", "done", "cancelled")
            },
        )
    )
    by_party = {row.pop("responsible"): row for row in rows}
    counts = [PartyCounts(party, **by_party.get(party.pk, {})) for party in parties]
    totals = PartyCounts(None, **{n: sum(getattr(c, n) for c in counts) for n in _COUNTED})
    return counts, totals


def _status_choices():
    return [*Measure.Status.choices, (DELAYED, _("Försenad"))]


@plan_view()
def plan_detail(request, agreement, plan):
    today = timezone.localdate()
    parties = list(agreement.parties.order_by("order", "pk"))
    chosen_party = next((p for p in parties if str(p.pk) == request.GET.get("ansvarig")), None)
    status_choices = _status_choices()
    chosen_status = request.GET.get("status", "")
    if chosen_status not in dict(status_choices):
        chosen_status = ""
    measures = plan.measures.all()
    if chosen_party is not None:
        measures = measures.filter(responsible=chosen_party)
    if chosen_status == DELAYED:
        measures = measures.delayed(today)
    elif chosen_status:
        measures = measures.filter(status=chosen_status)
    measures = (
        measures.select_related("responsible", "cause__problem", "commitment", "latest_update")
        .prefetch_related(
            Prefetch("contributors", queryset=AgreementParty.objects.order_by("order", "pk"))
        )
        .order_by("number", "pk")
    )
    page = Paginator(measures, MEASURES_PER_PAGE).get_page(request.GET.get("sida"))
    counts, totals = measure_counts(plan, parties, today)
    can_manage = request.rights.has(MANAGE)
    return render(
        request,
        "actionplan/plan_detail.html",
        {
            "agreement": agreement,
            "plan": plan,
            "page": page,
            "parties": parties,
            "status_choices": status_choices,
            "chosen_party": chosen_party,
            "chosen_status": chosen_status,
            "filtered": chosen_party is not None or bool(chosen_status),
            "counts": counts,
            "totals": totals,
            "can_manage": can_manage,
            "today": today,
            **plan_follow_up_context(plan, today),
        },
    )


def _measure_titles():
    """The title of the measure a history row of a status update belongs to, from the
    measure's own history (so a removed measure is still named)."""
    newest = Measure.history.filter(id=OuterRef("measure_id")).order_by("-history_id")
    return Subquery(newest.values("title")[:1])


@plan_view()
def plan_history(request, agreement, plan):
    measures = Measure.history.filter(plan_id=plan.pk)
    updates = StatusUpdate.history.filter(measure_id__in=measures.values("id")).annotate(
        measure_title=_measure_titles()
    )
    labels = {
        StatusUpdate: lambda r: (
            _("%(measure)s: %(status)s den %(day)s")
            % {
                "measure": r.measure_title or "?",
                "status": r.get_status_display(),
                "day": r.on.isoformat(),
            }
        ),
    }
    entries = history_entries(
        ActionPlan.history.filter(id=plan.pk), measures, updates, labels=labels
    )
    page = Paginator(entries, HISTORY_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "samverkan/history.html",
        {"agreement": agreement, "plan": plan, "page": page, "subject": plan.title},
    )


# --- the coordinator's ----------------------------------------------------------------


@agreement_perm_view(MANAGE)
@require_http_methods(["GET", "POST"])
def plan_create(request, agreement):
    created: list[ActionPlan] = []

    def save(data):
        data.pop("expected_version", None)
        created.append(services.plan_create(agreement=agreement, by=request.user, data=data))
        return _("Åtgärdsplanen %(title)s är påbörjad. Lägg till dess åtgärder.") % {
            "title": data["title"]
        }

    return form_page(
        request,
        PlanForm(request.POST or None, agreement=agreement),
        save=save,
        success_url=lazy(lambda: plan_url(created[0]), str)(),
        cancel_url=_list_url(agreement),
        title=_("Ny åtgärdsplan"),
        intro=_(
            "Planen är ett utkast tills kommunens beslut om den är registrerat. "
            "Den bygger på lägesbilden och innehåller alla parters åtgärder."
        ),
    )


@plan_view(MANAGE)
@require_http_methods(["GET", "POST"])
def plan_edit(request, agreement, plan):
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS}
    form = PlanForm(
        request.POST or None, initial=initial | {"version": version_of(plan)}, agreement=agreement
    )

    def save(data):
        expected = data.pop("expected_version", None)
        services.plan_update(plan=plan, by=request.user, data=data, expected_version=expected)
        return _("Åtgärdsplanen är sparad.")

    return form_page(
        request,
        form,
        save=save,
        success_url=plan_url(plan),
        cancel_url=plan_url(plan),
        title=_("Ändra %(title)s") % {"title": plan.title},
    )


@plan_view(MANAGE)
@require_http_methods(["GET", "POST"])
def plan_adopt(request, agreement, plan):
    initial = {
        # The usual deciding body, a proper name (not translated).
        "decided_by": plan.decided_by or "Kommunstyrelsen",
        "decided_on": plan.decided_on,
        "case_number": plan.case_number,
        "version": version_of(plan),
    }
    form = AdoptForm(request.POST or None, initial=initial)

    def save(data):
        services.plan_adopt(plan=plan, by=request.user, **data)
        return _("Beslutet är registrerat: åtgärdsplanen är beslutad.")

    return form_page(
        request,
        form,
        save=save,
        success_url=plan_url(plan),
        cancel_url=plan_url(plan),
        title=_("Beslut om %(title)s") % {"title": plan.title},
        intro=_(
            "Kommunen beslutar om åtgärdsplanen med lägesbilden som underlag. Ange vilket "
            "organ som fattade beslutet, när och under vilket diarienummer."
        ),
        submit_label=_("Registrera beslutet"),
    )
