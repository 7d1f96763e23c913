"""The situation picture's group of the start page's "Att göra" (samverkan/start.py): the
requests for input to the lägesbild that a party the person submits for has yet to
answer."""

from datetime import timedelta

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.start import Item, Scope, Urgency
from samverkan.start import register as register_group

from .models import SUBMIT, InputRequest, SituationInput

# A request due within this many days (or overdue) needs the person now.
DUE_WITHIN_DAYS = 14


def request_items(user, scope: Scope) -> list[Item]:
    """Open requests due within DUE_WITHIN_DAYS days, or overdue, that a party the user
    submits input for (submit_input_for_party) has not answered with submitted input; one
    line per request and party, soonest due first (one query)."""
    parties = scope.parties(SUBMIT)
    if not parties:
        return []
    # One row per request and party: the join on the agreement's parties is filtered to
    # those the user submits for, and the party read from the same join.
    answered = SituationInput.objects.filter(
        request=OuterRef("pk"), party=OuterRef("party_pk")
    ).exclude(status=SituationInput.Status.DRAFT)
    today = scope.today
    requests = (
        InputRequest.objects.filter(
            agreement_id__in=scope.agreement_ids,
            closed=False,
            due_on__lte=today + timedelta(days=DUE_WITHIN_DAYS),
            agreement__parties__pk__in=parties,
        )
        .annotate(
            party_pk=F("agreement__parties__pk"),
            party_name=F("agreement__parties__short_name"),
        )
        .filter(~Exists(answered))
        .order_by("due_on", "pk", "party_pk")
    )
    items = []
    for request in requests:
        url = reverse("situation:input_create", args=[request.agreement_id])
        items.append(
            Item(
                kind="input_requests",
                title=request.title,
                date=request.due_on,
                date_label=_("ska inkomma senast"),
                # The input form with the request chosen (situation/views/inputs.py).
                url=f"{url}?request={request.pk}",
                agreement=scope.agreements[request.agreement_id],
                urgency=Urgency.OVERDUE if request.due_on < today else Urgency.SOON,
                detail=_("Underlag från %(party)s") % {"party": request.party_name},
            )
        )
    return items


def register() -> None:
    """The situation picture's group on the start page (called from SituationConfig.ready())."""
    register_group(20, "input_requests", gettext_lazy("Underlag till lägesbilden"), request_items)
