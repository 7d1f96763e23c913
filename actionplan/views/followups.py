"""The follow-ups of an adopted plan: every member reads them, the coordinator (MANAGE)
starts, writes and completes them."""

from functools import wraps

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.formpage import form_page, post_action

from ..access import plan_view
from ..forms.followups import FollowUpEditForm, FollowUpForm
from ..models import MANAGE, FollowUp, Outcome
from ..services import followups as services


def follow_up_url(follow_up) -> str:
    plan = follow_up.plan
    return reverse("actionplan:follow_up_detail", args=[plan.agreement_id, plan.pk, follow_up.pk])


def _plan_url(plan) -> str:
    return reverse("actionplan:plan_detail", args=[plan.agreement_id, plan.pk]) + "#uppfoljning"


def follow_up_view(perm: str | None = None):
    """Decorator: as plan_view(perm), then the follow-up through the plan."""

    def decorator(view):
        @plan_view(perm)
        @wraps(view)
        def wrapper(request, agreement, plan, follow_up_pk, *args, **kwargs):
            follow_up = get_object_or_404(
                plan.follow_ups.select_related("meeting__body"), pk=follow_up_pk
            )
            follow_up.plan = plan
            return view(request, agreement, plan, follow_up, *args, **kwargs)

        return wrapper

    return decorator


def _measures(plan, follow_up):
    """The plan's measures in order, each with its outcome in this follow-up as
    `follow_up_outcome` (None when not written), in two queries."""
    measures = list(
        plan.measures.select_related("responsible").prefetch_related(
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.filter(follow_up=follow_up).order_by(),
                to_attr="these_outcomes",
            )
        )
    )
    for measure in measures:
        measure.plan = plan
        measure.follow_up_outcome = measure.these_outcomes[0] if measure.these_outcomes else None
    return measures


@follow_up_view()
def follow_up_detail(request, agreement, plan, follow_up):
    measures = _measures(plan, follow_up)
    today = timezone.localdate()
    can_manage = request.rights.has(MANAGE)
    is_open = follow_up.status == FollowUp.Status.DRAFT
    return render(
        request,
        "actionplan/follow_up_detail.html",
        {
            "agreement": agreement,
            "plan": plan,
            "follow_up": follow_up,
            "measures": measures,
            "written": sum(1 for m in measures if m.follow_up_outcome),
            "can_edit": can_manage and is_open,
            "can_complete": can_manage and is_open and follow_up.held_on <= today,
        },
    )


@plan_view(MANAGE)
@require_http_methods(["GET", "POST"])
def follow_up_create(request, agreement, plan):
    created: list[FollowUp] = []

    def save(data):
        data.pop("expected_version", None)
        follow_up = services.follow_up_start(plan=plan, by=request.user, data=data)
        follow_up.plan = plan
        created.append(follow_up)
        return _("Uppföljningen är påbörjad. Skriv utfall och bedömd effekt per åtgärd.")

    form = FollowUpForm(
        request.POST or None, agreement=agreement, initial={"held_on": timezone.localdate()}
    )
    return form_page(
        request,
        form,
        save=save,
        success_url=lazy(lambda: follow_up_url(created[0]), str)(),
        cancel_url=_plan_url(plan),
        title=_("Ny uppföljning av %(plan)s") % {"plan": plan.title},
        intro=_(
            "Överenskommelsen anger att åtgärdsplanen ska följas upp minst vartannat år. "
            "I uppföljningen anger du för varje åtgärd utfallet och en bedömning av effekten."
        ),
    )


@follow_up_view(MANAGE)
@require_http_methods(["GET", "POST"])
def follow_up_edit(request, agreement, plan, follow_up):
    if follow_up.status == FollowUp.Status.COMPLETED:
        messages.error(request, _("Uppföljningen är avslutad och kan inte längre ändras."))
        return redirect(follow_up_url(follow_up))
    measures = _measures(plan, follow_up)
    initial = {
        "held_on": follow_up.held_on,
        "summary": follow_up.summary,
        "meeting": follow_up.meeting_id,
        "version": services.follow_up_version(follow_up),
    }
    form = FollowUpEditForm(
        request.POST or None,
        agreement=agreement,
        initial=initial,
        measures=measures,
        outcomes={m.pk: m.follow_up_outcome for m in measures if m.follow_up_outcome},
    )

    def save(data):
        services.follow_up_update(
            follow_up=follow_up,
            by=request.user,
            data=form.follow_up_data(),
            outcomes=form.outcomes(),
            expected_version=data.get("expected_version"),
        )
        return _("Uppföljningen är sparad.")

    return form_page(
        request,
        form,
        save=save,
        success_url=follow_up_url(follow_up),
        cancel_url=follow_up_url(follow_up),
        title=_("Uppföljning %(day)s av %(plan)s")
        % {"day": follow_up.held_on.isoformat(), "plan": plan.title},
        intro=_("Ange för varje åtgärd vad den har gett och hur du bedömer effekten."),
        template="actionplan/follow_up_form.html",
        context={"plan": plan, "follow_up": follow_up},
    )


@follow_up_view(MANAGE)
@require_POST
def follow_up_complete(request, agreement, plan, follow_up):
    def run():
        services.follow_up_complete(follow_up=follow_up, on=timezone.localdate(), by=request.user)
        return _(
            "Uppföljningen är avslutad. Nästa uppföljning ska göras inom två år från %(day)s."
        ) % {"day": follow_up.held_on.isoformat()}

    return post_action(request, run, redirect_to=follow_up_url(follow_up))
