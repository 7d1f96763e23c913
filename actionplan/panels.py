"""The measures on a meeting's page (samverkan.panels, place "meeting").

The operative group reviews the plan continuously: when a meeting's agenda has an
"åtgärdsplanens status" item, its page lists the measures of the agreement's adopted plan
(the one covering the meeting's day, else the latest adopted), each with its status and,
for whoever may report it, an inline status form (htmx, and a plain form without
JavaScript). One query, however many measures the plan holds.
"""

from django.db.models import Case, Exists, IntegerField, Subquery, Value, When

from councils.models import AgendaItem

from .forms.plans import StatusForm
from .models import MANAGE, UPDATE_FOR_PARTY, VIEW, ActionPlan, Measure


def meeting_plans(meeting):
    """The adopted plans a meeting may review, the one it reviews first: the plan covering
    the meeting's day, else the latest. None at all unless the meeting's agenda has an
    "åtgärdsplanens status" item."""
    day = meeting.date
    has_item = Exists(
        AgendaItem.objects.filter(meeting=meeting.pk, kind=AgendaItem.Kind.ACTION_PLAN_STATUS)
    )
    covering = Case(
        When(period_from__lte=day, period_to__gte=day, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        ActionPlan.objects.filter(
            has_item, agreement=meeting.agreement_id, status=ActionPlan.Status.ADOPTED
        )
        .annotate(covering=covering)
        .order_by("covering", "-period_from", "-decided_on", "-pk")
    )


def meeting_measures(meeting) -> list[Measure]:
    """The measures of the plan the meeting reviews, each with its plan, responsible party
    and latest update, in one query. An adopted plan always holds a measure (it cannot be
    adopted without one, nor lose one afterwards), so none means nothing to review."""
    plan = Subquery(meeting_plans(meeting).values("pk")[:1])
    return list(
        Measure.objects.filter(plan=plan)
        .select_related("plan", "responsible", "latest_update")
        .order_by("number", "pk")
    )


def meeting_measures_panel(request, meeting):
    rights = request.rights
    if not rights.has(VIEW):
        return None
    measures = meeting_measures(meeting)
    if not measures:
        return None
    plan = measures[0].plan
    plan.agreement = rights.agreement
    next_url = request.get_full_path()
    # The rights on the parties are read with the page's other sections (no query here).
    manages = rights.has(MANAGE)
    for measure in measures:
        measure.plan = plan
        measure.form = None
        if manages or rights.has(UPDATE_FOR_PARTY, measure.responsible):
            measure.form = StatusForm(
                agreement=rights.agreement,
                measure=measure,
                auto_id=f"id_m{measure.pk}_%s",
                initial={"meeting": meeting.pk, "next": next_url},
            )
    return (
        "actionplan/_meeting_measures.html",
        {
            "plan": plan,
            "measures": measures,
            "meeting": meeting,
            "next_url": next_url,
            "may_update_any": any(m.form is not None for m in measures),
        },
    )
