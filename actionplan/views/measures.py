"""A measure's pages: every member reads it with its status updates; the coordinator keeps
its columns; whoever holds a seat for the responsible party, and the coordinator, report
its status (403 for any other member).

The status form is posted from the measure's own page and, inline, from a meeting's
"åtgärdsplanens status" item (actionplan/panels.py). From the meeting page htmx posts it
with the HX-Request header and gets the measure's row back, errors and all; without
JavaScript the same form posts normally and the browser returns to the meeting."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.formpage import form_page
from samverkan.forms import add_service_errors
from samverkan.services import version_of

from ..access import may_update, measure_view, plan_view
from ..forms.plans import MeasureForm, StatusForm
from ..models import MANAGE, Measure
from ..services import plans as services
from .plans import plan_url

UPDATES_PER_PAGE = 25


def measure_url(measure) -> str:
    return reverse(
        "actionplan:measure_detail",
        args=[measure.plan.agreement_id, measure.plan_id, measure.pk],
    )


def _measure_initial(measure) -> dict:
    initial = {name: getattr(measure, name) for name in services.MEASURE_FIELDS}
    initial["contributors"] = list(measure.contributors.values_list("pk", flat=True))
    return initial


# --- reading --------------------------------------------------------------------------


@measure_view()
def measure_detail(request, agreement, plan, measure):
    updates = measure.updates.select_related("by", "meeting__body").order_by("-on", "-pk")
    page = Paginator(updates, UPDATES_PER_PAGE).get_page(request.GET.get("sida"))
    can_manage = request.rights.has(MANAGE)
    return render(
        request,
        "actionplan/measure_detail.html",
        {
            "agreement": agreement,
            "plan": plan,
            "measure": measure,
            "contributors": list(measure.contributors.order_by("order", "pk")),
            "page": page,
            "can_manage": can_manage,
            "can_remove": can_manage and not plan.is_adopted,
            "can_update": plan.is_adopted and may_update(request.rights, measure),
        },
    )


# --- the coordinator's ----------------------------------------------------------------


@plan_view(MANAGE)
@require_http_methods(["GET", "POST"])
def measure_create(request, agreement, plan):
    created: list[Measure] = []

    def save(data):
        data.pop("expected_version", None)
        created.append(services.measure_add(plan=plan, by=request.user, data=data))
        return _("Åtgärden %(title)s är tillagd i planen.") % {"title": data["title"]}

    return form_page(
        request,
        MeasureForm(request.POST or None, plan=plan),
        save=save,
        success_url=lazy(lambda: measure_url(created[0]), str)(),
        cancel_url=plan_url(plan),
        title=_("Ny åtgärd"),
        intro=_("%(plan)s. Varje åtgärd har exakt en ansvarig part; andra parter kan medverka.")
        % {"plan": plan.title},
    )


@measure_view(MANAGE)
@require_http_methods(["GET", "POST"])
def measure_edit(request, agreement, plan, measure):
    initial = _measure_initial(measure) | {"version": version_of(measure)}
    form = MeasureForm(request.POST or None, initial=initial, plan=plan)

    def save(data):
        expected = data.pop("expected_version", None)
        if not data.get("number"):
            data["number"] = measure.number
        services.measure_update(
            measure=measure, by=request.user, data=data, expected_version=expected
        )
        return _("Åtgärden är sparad.")

    return form_page(
        request,
        form,
        save=save,
        success_url=measure_url(measure),
        cancel_url=measure_url(measure),
        title=_("Ändra åtgärden %(title)s") % {"title": measure.title},
        intro=plan.title,
    )


@measure_view(MANAGE)
@require_POST
def measure_delete(request, agreement, plan, measure):
    try:
        services.measure_remove(measure=measure, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(measure_url(measure))
    messages.success(
        request, _("Åtgärden %(title)s är borttagen ur planen.") % {"title": measure.title}
    )
    return redirect(plan_url(plan))


# --- status updates -------------------------------------------------------------------


def _safe_next(request, url: str | None) -> str | None:
    """`next` when it leads back into this site (the meeting page), else None."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def status_row(request, measure, form, *, meeting=None, next_url="", saved=False):
    """The measure's row on a meeting page (actionplan/_measure_status_row.html), as the
    panel lists it and as htmx swaps it in after a status update."""
    return render(
        request,
        "actionplan/_measure_status_row.html",
        {
            "agreement": measure.plan.agreement,
            "plan": measure.plan,
            "measure": measure,
            "form": form,
            "saved": saved,
            "meeting": meeting,
            "next_url": next_url,
        },
    )


def _row_form(measure, agreement, *, meeting=None, next_url="", data=None):
    return StatusForm(
        data,
        agreement=agreement,
        measure=measure,
        auto_id=f"id_m{measure.pk}_%s",
        initial={"meeting": meeting, "next": next_url},
    )


def _htmx_status(request, agreement, plan, measure):
    """The inline form's POST from a meeting page: the row back, saved or with errors."""
    form = _row_form(measure, agreement, data=request.POST)
    # The row's next form carries `next` on: only an address on this site.
    next_url = _safe_next(request, request.POST.get("next")) or ""
    meeting, saved = None, False
    if form.is_valid():
        data = form.cleaned_data
        meeting = data["meeting"]
        try:
            services.measure_status_update(
                measure=measure,
                status=data["status"],
                on=data["on"],
                comment=data["comment"],
                meeting=meeting,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved = True
    if saved:
        measure = plan.measures.select_related("responsible", "latest_update").get(pk=measure.pk)
        measure.plan = plan
        form = _row_form(measure, agreement, meeting=meeting, next_url=next_url)
    return status_row(request, measure, form, meeting=meeting, next_url=next_url, saved=saved)


def _reporter_view(view):
    """Decorator: as measure_view, then 403 for a member who may not report the measure's
    status (before the method is checked: a refusal says nothing about the method)."""

    @measure_view()
    @wraps(view)
    def wrapper(request, agreement, plan, measure, *args, **kwargs):
        if not may_update(request.rights, measure):
            raise PermissionDenied
        return view(request, agreement, plan, measure, *args, **kwargs)

    return wrapper


@_reporter_view
@require_http_methods(["GET", "POST"])
def measure_status(request, agreement, plan, measure):
    if request.method == "POST" and request.htmx:
        return _htmx_status(request, agreement, plan, measure)
    source = request.POST if request.method == "POST" else request.GET
    next_url = _safe_next(request, source.get("next"))
    initial = {"next": next_url or ""}
    form = StatusForm(request.POST or None, agreement=agreement, measure=measure, initial=initial)

    def save(data):
        services.measure_status_update(
            measure=measure,
            status=data["status"],
            on=data["on"],
            comment=data["comment"],
            meeting=data["meeting"],
            by=request.user,
        )
        return _("Status för åtgärden %(title)s är sparad: %(status)s.") % {
            "title": measure.title,
            "status": Measure.Status(data["status"]).label,
        }

    if measure.is_delayed():
        now = _("Försenad (%(status)s)") % {"status": measure.get_status_display().lower()}
    else:
        now = measure.get_status_display()
    return form_page(
        request,
        form,
        save=save,
        success_url=next_url or measure_url(measure),
        cancel_url=next_url or measure_url(measure),
        title=_("Rapportera status för %(title)s") % {"title": measure.title},
        intro=_("Ansvarig part: %(party)s. Status nu: %(status)s.")
        % {"party": measure.responsible.short_name, "status": now},
        submit_label=_("Spara status"),
    )
