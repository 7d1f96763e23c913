"""The situation picture's home page: how fresh the lägesbild is, the latest published
one, the requests for input the user's parties have open, recent input, and the way on."""

from datetime import timedelta

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from ..access import situation_view, submit_parties
from ..freshness import agreement_freshness
from ..models import MANAGE, VIEW, SituationInput, SituationReport
from ..selectors import open_requests_for

# What counts as recent input on the home page.
RECENT_DAYS = 90
# The coordinator's drafts listed on the home page (the rest are on the report list).
DRAFTS_SHOWN = 5


def _recent_input(rights, since) -> dict:
    """Counts of what the user sees: input submitted since `since`, per party, and their
    parties' drafts (two queries)."""
    visible = SituationInput.objects.visible_to(rights)
    submitted = SituationInput.Status.SUBMITTED
    per_party = list(
        visible.filter(status=submitted, submitted_at__gte=since)
        .values("party__short_name", "party__order")
        .annotate(count=Count("pk"))
        .order_by("party__order", "party__short_name")
    )
    drafts = visible.filter(
        status=SituationInput.Status.DRAFT, party__in=submit_parties(rights)
    ).count()
    return {
        "per_party": per_party,
        "total": sum(row["count"] for row in per_party),
        "drafts": drafts,
    }


@situation_view
def home(request, agreement):
    rights = request.rights
    today = timezone.localdate()
    reads = rights.has(VIEW)
    can_manage = rights.has(MANAGE)
    reports = agreement.situation_reports.order_by("-period_to", "-pk")
    latest = reports.filter(status=SituationReport.Status.PUBLISHED).first() if reads else None
    drafts = (
        list(reports.filter(status=SituationReport.Status.DRAFT)[:DRAFTS_SHOWN])
        if can_manage
        else []
    )
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return render(
        request,
        "situation/home.html",
        {
            "agreement": agreement,
            "reads": reads,
            "can_manage": can_manage,
            "submits": bool(submit_parties(rights)),
            "freshness": agreement_freshness(agreement, today),
            "latest": latest,
            "draft_reports": drafts,
            "open_requests": open_requests_for(rights),
            "recent": _recent_input(rights, since),
            "recent_days": RECENT_DAYS,
        },
    )
