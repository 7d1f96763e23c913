"""A follow-up's change history: the follow-up and each measure's outcome in it.

(The plan's history, with its measures and their status updates, is plans.plan_history;
the promise's is promises.promise_history.)"""

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from samverkan.history import history_entries

from ..models import FollowUp, Measure, Outcome
from .followups import follow_up_view

HISTORY_PER_PAGE = 50


def _measure_title():
    """The title of the measure an outcome's history row is about, from the measure's own
    history, so a removed measure is still named, in the query that reads the rows."""
    newest = Measure.history.filter(id=OuterRef("measure_id")).order_by("-history_id")
    return Subquery(newest.values("title")[:1])


@follow_up_view()
@require_safe
def follow_up_history(request, agreement, plan, follow_up):
    day = f"{follow_up.held_on:%Y-%m-%d}"
    entries = history_entries(
        FollowUp.history.filter(id=follow_up.pk),
        Outcome.history.filter(follow_up_id=follow_up.pk).annotate(measure_title=_measure_title()),
        labels={
            # Named from what the page knows and the rows carry: not a query per row.
            FollowUp: lambda r: f"{plan.title} {r.held_on:%Y-%m-%d}",
            Outcome: lambda r: r.measure_title or "?",
        },
    )
    page = Paginator(entries, HISTORY_PER_PAGE).get_page(request.GET.get("sida"))
    subject = _("Uppföljning %(day)s av %(plan)s") % {"day": day, "plan": plan.title}
    return render(
        request,
        "samverkan/history.html",
        {
            "agreement": agreement,
            "plan": plan,
            "follow_up": follow_up,
            "page": page,
            "subject": subject,
        },
    )
