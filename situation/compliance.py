"""The lägesbild's line of the compliance clock (samverkan/compliance.py). The rule, two
years from the last full update with two months' notice, is situation/freshness.py's:
the clock reads it, so the agreement page's freshness line and the clock never differ."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.compliance import LAW, Item, Status, agreement_says, item

from .freshness import agreement_freshness

SENTENCE = "Den lokala lägesbilden uppdateras i sin helhet minst vartannat år."


def full_update_check(agreement, today: date) -> list[Item]:
    """The lägesbild's last full update: "ok", "soon", "overdue", or "missing" before any
    published lägesbild has been declared fully updated (one query)."""
    freshness = agreement_freshness(agreement, today)
    if freshness.state == "never":
        status, detail = (
            Status.MISSING,
            _("Ingen publicerad lägesbild har markerats som helt uppdaterad."),
        )
    else:
        status = {"ok": Status.OK, "soon": Status.SOON, "overdue": Status.OVERDUE}[freshness.state]
        detail = _(
            "Senast helt uppdaterad %(last)s; ska uppdateras i sin helhet senast %(due)s."
        ) % {
            "last": freshness.last_full_update.isoformat(),
            "due": freshness.due_on.isoformat(),
        }
    return [
        item(
            key="situation.full_update",
            label=_("Lägesbildens fullständiga uppdatering"),
            status=status,
            today=today,
            day=freshness.due_on,
            detail=detail,
            sources=(
                agreement_says(SENTENCE),
                _("%(law)s, 4 §: kommunen ska ta fram en lägesbild över brottsligheten.")
                % {"law": LAW},
            ),
            url=reverse("situation:report_list", args=[agreement.pk]),
            link_label=_("Till lägesbilderna"),
        )
    ]
