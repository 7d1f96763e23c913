"""The two clocks of annexes 2 and 3.

"Åtgärdsplanen ska minst vartannat år följas upp": the plan's clock runs from its latest
completed follow-up (else from its adoption), "soon" from 22 months on and "overdue" once
the 24 months have passed. "Medborgarlöftet förnyas vartannat år och målsättningen är att
det skall vara klart senast årsskiftet aktuellt år": a promise is due for renewal by 31
December of the year its period ends, "soon" from 1 September that year.

The readings are pure functions of the dates they are given: nothing here reads the clock
except the agreement page's panel, which asks for today once.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.models import add_months

from .models import VIEW, ActionPlan, CitizenPromise, FollowUp

# The agreement: the plan is followed up at least every second year.
FOLLOW_UP_DUE_MONTHS = 24
# Two months' notice: time to gather every party's outcomes for the follow-up.
FOLLOW_UP_SOON_MONTHS = 22
# The promise is to be ready "senast årsskiftet"; the autumn is left for the dialogues.
RENEWAL_SOON_MONTH = 9

FOLLOW_UP_SENTENCE = _("Åtgärdsplanen ska minst vartannat år följas upp.")
RENEWAL_SENTENCE = _(
    "Medborgarlöftet förnyas vartannat år och målsättningen är att det skall vara klart "
    "senast årsskiftet aktuellt år."
)


class Clock(TextChoices):
    OK = "ok", _("I tid")
    SOON = "soon", _("Snart")
    OVERDUE = "overdue", _("Försenad")


@dataclass(frozen=True)
class Reading:
    """A clock's state: due by `due_on`, "soon" from `soon_from`, counted from `since` (the
    day the clock last started). `on` is the day it was read, for the days left; `renewed`
    says a promise's "ok" is because a later promise has taken over."""

    state: Clock
    due_on: date
    soon_from: date
    since: date
    on: date | None = None
    renewed: bool = False

    @property
    def label(self) -> str:
        return Clock(self.state).label

    @property
    def days_left(self) -> int | None:
        """Days until `due_on` (0 on the day itself, negative once overdue)."""
        return None if self.on is None else (self.due_on - self.on).days

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.days_left or 0))


def _state(on: date, soon_from: date, due_on: date) -> Clock:
    if on > due_on:
        return Clock.OVERDUE
    if on >= soon_from:
        return Clock.SOON
    return Clock.OK


def follow_up_reading(since: date, on: date) -> Reading:
    """The follow-up clock on `on` of a plan last followed up (or adopted) on `since`."""
    due_on = add_months(since, FOLLOW_UP_DUE_MONTHS)
    soon_from = add_months(since, FOLLOW_UP_SOON_MONTHS)
    return Reading(_state(on, soon_from, due_on), due_on, soon_from, since, on)


def _follow_up_since(plan, last_completed: date | None) -> date | None:
    if not plan.is_adopted:
        return None
    return last_completed or plan.decided_on


def plan_follow_up_reading(plan, on: date) -> Reading | None:
    """The plan's follow-up clock on `on` (one query), None for a plan not yet adopted."""
    if not plan.is_adopted:
        return None
    last = (
        plan.follow_ups.filter(status=FollowUp.Status.COMPLETED)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return follow_up_reading(_follow_up_since(plan, last), on)


def plan_follow_up_context(plan, on: date) -> dict:
    """For the plan page's follow-up section (actionplan/_plan_follow_ups.html): the plan's
    follow-ups, newest first, and its clock, in one query."""
    follow_ups = list(plan.follow_ups.select_related("meeting__body").order_by("-held_on", "-pk"))
    completed = [f.held_on for f in follow_ups if f.status == FollowUp.Status.COMPLETED]
    since = _follow_up_since(plan, max(completed, default=None))
    return {
        "follow_ups": follow_ups,
        "follow_up_reading": None if since is None else follow_up_reading(since, on),
    }


def with_last_follow_up(plans):
    """Annotate a queryset of plans with `last_follow_up_on` (the latest completed
    follow-up's day), so a list reads every plan's clock without a query per row."""
    return plans.annotate(
        last_follow_up_on=Subquery(
            FollowUp.objects.filter(plan=OuterRef("pk"), status=FollowUp.Status.COMPLETED)
            .order_by("-held_on")
            .values("held_on")[:1]
        )
    )


def annotated_plan_reading(plan, on: date) -> Reading | None:
    """The follow-up clock of a plan from with_last_follow_up (no query)."""
    since = _follow_up_since(plan, plan.last_follow_up_on)
    return None if since is None else follow_up_reading(since, on)


def promise_renewal_reading(promise, on: date, *, renewed: bool) -> Reading:
    """The renewal clock on `on` of a promise: due by 31 December of the year its period
    ends, "soon" from 1 September; always "ok" once `renewed` (a later promise exists)."""
    year = promise.period_to.year
    due_on = date(year, 12, 31)
    soon_from = date(year, RENEWAL_SOON_MONTH, 1)
    state = Clock.OK if renewed else _state(on, soon_from, due_on)
    return Reading(state, due_on, soon_from, promise.period_from, on, renewed)


def _later_published_promises(agreement_ref, period_from_ref):
    # The next promise may come under the renewed agreement (the successor) too.
    return CitizenPromise.objects.published().filter(
        Q(agreement=agreement_ref) | Q(agreement__predecessor=agreement_ref),
        period_from__gt=period_from_ref,
    )


def with_renewed(promises):
    """Annotate a queryset of promises with `renewed`: a later published promise exists for
    the same agreement or its successor (one query for the whole list)."""
    return promises.annotate(
        renewed=Exists(_later_published_promises(OuterRef("agreement"), OuterRef("period_from")))
    )


def promise_renewed(promise) -> bool:
    """Whether a later published promise exists for the promise's agreement or its
    successor (one query; in lists use with_renewed)."""
    return _later_published_promises(promise.agreement_id, promise.period_from).exists()


def agreement_panel(request, agreement):
    """The agreement page's lines on the plan's follow-up and the promise's renewal
    (registered with samverkan.panels), in two queries; None when there is neither."""
    if not request.rights.has(VIEW):
        return None
    on = timezone.localdate()
    plan = (
        with_last_follow_up(agreement.action_plans.filter(status=ActionPlan.Status.ADOPTED))
        .order_by("-period_from", "-decided_on", "-pk")
        .first()
    )
    promise = (
        with_renewed(agreement.citizen_promises.published()).order_by("-period_from", "-pk").first()
    )
    if plan is None and promise is None:
        return None
    return (
        "actionplan/_agreement_panel.html",
        {
            "plan": plan,
            "follow_up_reading": plan and annotated_plan_reading(plan, on),
            "follow_up_sentence": FOLLOW_UP_SENTENCE,
            "promise": promise,
            "renewal_reading": promise
            and promise_renewal_reading(promise, on, renewed=promise.renewed),
            "renewal_sentence": RENEWAL_SENTENCE,
        },
    )
