"""Make a new version of annex 3 from an adopted åtgärdsplan, or of annex 2 from a
published medborgarlöfte: the coordinator's (manage_action_plan), POST only, through the
same steps as the lägesbild's (situation/views/annex.py)."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.models import Annex
from situation.views.annex import annex_version_from

from ..access import plan_view, promise_view
from ..annex import plan_snapshot, promise_snapshot
from ..models import MANAGE
from .plans import plan_url
from .promises import promise_url


@plan_view(MANAGE)
@require_POST
def plan_annex_version(request, agreement, plan):
    return annex_version_from(
        request,
        agreement,
        kind=Annex.Kind.ACTION_PLAN,
        source=plan,
        ready=None
        if plan.is_adopted
        else _("Registrera kommunens beslut om åtgärdsplanen innan den blir en bilaga."),
        snapshot=lambda: plan_snapshot(plan),
        back_url=plan_url(plan),
    )


@promise_view(MANAGE)
@require_POST
def promise_annex_version(request, agreement, promise):
    return annex_version_from(
        request,
        agreement,
        kind=Annex.Kind.CITIZEN_PROMISE,
        source=promise,
        ready=None
        if promise.is_published
        else _("Publicera medborgarlöftet innan det blir en bilaga."),
        snapshot=lambda: promise_snapshot(promise),
        back_url=promise_url(promise),
    )
