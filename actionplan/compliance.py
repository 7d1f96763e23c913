"""The action plan's and the medborgarlöfte's lines of the compliance clock
(samverkan/compliance.py). The rules are actionplan/clocks.py's (the plan followed up at
least every second year, the promise renewed by 31 December of the year its period ends):
the clock reads them, so the agreement page's clocks and this one never differ."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.compliance import LAW, Item, Status, agreement_says, item

from .clocks import (
    annotated_plan_reading,
    promise_renewal_reading,
    with_last_follow_up,
    with_renewed,
)
from .models import ActionPlan

# The agreement's own words, quoted in Swedish in every language (clocks.py's are shown
# translated on the plan's pages).
PLAN_SENTENCE = "Åtgärdsplanen ska minst vartannat år följas upp."
PROMISE_SENTENCE = (
    "Medborgarlöftet förnyas vartannat år och målsättningen är att det skall vara klart "
    "senast årsskiftet aktuellt år."
)


def _status(reading) -> str:
    return {"ok": Status.OK, "soon": Status.SOON, "overdue": Status.OVERDUE}[reading.state]


def follow_up_check(agreement, today: date) -> list[Item]:
    """The latest adopted plan's follow-up, "missing" without an adopted plan (one
    query)."""
    plan = (
        with_last_follow_up(agreement.action_plans.filter(status=ActionPlan.Status.ADOPTED))
        .order_by("-period_from", "-decided_on", "-pk")
        .first()
    )
    sources = (
        agreement_says(PLAN_SENTENCE),
        _("%(law)s: kommunen beslutar, med lägesbilden som underlag, om en åtgärdsplan.")
        % {"law": LAW},
    )
    common = {"key": "actionplan.follow_up", "today": today, "sources": sources}
    if plan is None:
        return [
            item(
                label=_("Åtgärdsplanens uppföljning"),
                status=Status.MISSING,
                day=None,
                detail=_("Ingen åtgärdsplan är beslutad."),
                url=reverse("actionplan:plan_list", args=[agreement.pk]),
                link_label=_("Till åtgärdsplanerna"),
                **common,
            )
        ]
    reading = annotated_plan_reading(plan, today)
    if reading.since == plan.decided_on and plan.last_follow_up_on is None:
        since = _("Räknas från beslutet om planen %(since)s.")
    else:
        since = _("Räknas från den senaste avslutade uppföljningen %(since)s.")
    detail = _("Ska följas upp senast %(due)s.") % {"due": reading.due_on.isoformat()}
    detail += " " + since % {"since": reading.since.isoformat()}
    return [
        item(
            label=_("Uppföljning av %(plan)s") % {"plan": plan.title},
            status=_status(reading),
            day=reading.due_on,
            detail=detail,
            url=reverse("actionplan:plan_detail", args=[agreement.pk, plan.pk]),
            link_label=_("Till åtgärdsplanen"),
            **common,
        )
    ]


def promise_check(agreement, today: date) -> list[Item]:
    """The latest published promise's renewal, "missing" without one (one query)."""
    promise = (
        with_renewed(agreement.citizen_promises.published()).order_by("-period_from", "-pk").first()
    )
    common = {
        "key": "actionplan.promise_renewal",
        "today": today,
        "sources": (agreement_says(PROMISE_SENTENCE),),
    }
    if promise is None:
        return [
            item(
                label=_("Medborgarlöftets förnyelse"),
                status=Status.MISSING,
                day=None,
                detail=_("Inget medborgarlöfte är publicerat."),
                url=reverse("actionplan:promise_list", args=[agreement.pk]),
                link_label=_("Till medborgarlöftena"),
                **common,
            )
        ]
    reading = promise_renewal_reading(promise, today, renewed=promise.renewed)
    if reading.renewed:
        detail = _("Ett nytt medborgarlöfte har tagit över.")
    else:
        detail = _(
            "Ska vara förnyat senast %(due)s; arbetet med nästa löfte bör börja %(soon)s."
        ) % {"due": reading.due_on.isoformat(), "soon": reading.soon_from.isoformat()}
    return [
        item(
            label=_("Förnyelse av %(promise)s") % {"promise": promise.title},
            status=_status(reading),
            day=None if reading.renewed else reading.due_on,
            detail=detail,
            url=reverse("actionplan:promise_detail", args=[agreement.pk, promise.pk]),
            link_label=_("Till medborgarlöftet"),
            **common,
        )
    ]
