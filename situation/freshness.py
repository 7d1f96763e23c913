"""How fresh the lägesbild is: the agreement says it is updated in full at least every
second year, so the clock runs from the latest day a published lägesbild was declared
fully updated. "Soon" from 22 months on, "overdue" once the 24 months have passed.

Pure functions of the dates they are given: nothing here reads the clock.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone

from samverkan.models import add_months

from .access import reads_situation
from .models import SituationReport

# The agreement: updated in full at least every second year.
DUE_AFTER_MONTHS = 24
# Two months' notice: time to gather the parties' input for a full update.
SOON_AFTER_MONTHS = 22


@dataclass(frozen=True)
class Freshness:
    """The state of the clock on `on`: "ok", "soon", "overdue" or "never" (no full update
    yet). `due_on` is the last day of the two years, `soon_from` the first day of "soon"."""

    state: str
    on: date
    last_full_update: date | None = None
    due_on: date | None = None
    soon_from: date | None = None

    @property
    def days_left(self) -> int | None:
        """Days until `due_on` (0 on the day itself, negative once overdue)."""
        return None if self.due_on is None else (self.due_on - self.on).days

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.days_left or 0))


def freshness(last_full_update: date | None, on: date) -> Freshness:
    """The freshness on `on` of a lägesbild last updated in full on `last_full_update`."""
    if last_full_update is None:
        return Freshness(state="never", on=on)
    due_on = add_months(last_full_update, DUE_AFTER_MONTHS)
    soon_from = add_months(last_full_update, SOON_AFTER_MONTHS)
    if on > due_on:
        state = "overdue"
    elif on >= soon_from:
        state = "soon"
    else:
        state = "ok"
    return Freshness(
        state=state, on=on, last_full_update=last_full_update, due_on=due_on, soon_from=soon_from
    )


def last_full_update(agreement) -> date | None:
    """The latest day a published lägesbild of the agreement was declared fully updated
    (one query)."""
    return SituationReport.objects.filter(
        agreement=agreement, status=SituationReport.Status.PUBLISHED
    ).aggregate(last=Max("fully_updated_on"))["last"]


def agreement_freshness(agreement, on: date) -> Freshness:
    """The freshness of the agreement's lägesbild on `on`."""
    return freshness(last_full_update(agreement), on)


def agreement_panel(request, agreement):
    """The agreement page's line on the lägesbild (registered with samverkan.panels), for
    whoever has a part in the situation picture."""
    if not reads_situation(request.rights):
        return None
    return (
        "situation/_report_freshness_panel.html",
        {"freshness": agreement_freshness(agreement, timezone.localdate())},
    )
