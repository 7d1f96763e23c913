"""The action plan's group of the start page's "Att göra" (samverkan/start.py): the
measures of the person's party that have gone without a status update."""

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.models import add_months
from samverkan.start import Item, Scope
from samverkan.start import register as register_group

from .models import UPDATE_FOR_PARTY, ActionPlan, Measure

# A measure under way is reported on at least this often.
UPDATE_MONTHS = 3


def measure_items(user, scope: Scope) -> list[Item]:
    """Measures of an adopted plan, planned or ongoing and begun, whose responsible party
    the user updates for (update_measures_for_party), with no status update in the last
    UPDATE_MONTHS months: counted from the latest update, or from the start for a measure
    never updated, so a measure begun last week is not yet due. Longest without first
    (one query)."""
    parties = scope.parties(UPDATE_FOR_PARTY)
    if not parties:
        return []
    today = scope.today
    since = add_months(today, -UPDATE_MONTHS)
    measures = (
        Measure.objects.filter(
            plan__agreement_id__in=scope.agreement_ids,
            plan__status=ActionPlan.Status.ADOPTED,
            responsible_id__in=parties,
            status__in=[Measure.Status.PLANNED, Measure.Status.ONGOING],
            starts_on__lte=today,
        )
        .filter(Q(latest_update__isnull=True, starts_on__lt=since) | Q(latest_update__on__lt=since))
        .select_related("plan", "responsible", "latest_update")
        .order_by(Coalesce("latest_update__on", "starts_on"), "pk")
    )
    items = []
    for measure in measures:
        if measure.latest_update is not None:
            day, label = measure.latest_update.on, _("senast uppdaterad")
        else:
            day, label = measure.starts_on, _("ingen statusuppdatering sedan starten")
        items.append(
            Item(
                kind="measures",
                title=measure.title,
                date=day,
                date_label=label,
                # The measure's page takes the status update.
                url=reverse(
                    "actionplan:measure_detail",
                    args=[measure.plan.agreement_id, measure.plan_id, measure.pk],
                ),
                agreement=scope.agreements[measure.plan.agreement_id],
                detail=_("%(party)s ansvarar, %(status)s")
                % {
                    "party": measure.responsible.short_name,
                    "status": measure.get_status_display().lower(),
                },
            )
        )
    return items


def register() -> None:
    """The action plan's group on the start page (called from ActionplanConfig.ready())."""
    register_group(
        50,
        "measures",
        gettext_lazy("Åtgärder som behöver en statusuppdatering"),
        measure_items,
    )
