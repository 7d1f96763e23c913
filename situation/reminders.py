"""The situation picture's reminders (samverkan/reminders.py): a request for input due in
three days, to whoever submits input for a party that has not answered it."""

from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.models import AgreementParty
from samverkan.reminders import Reminder, holders, register

from .models import SUBMIT, InputRequest, SituationInput

# Days before a request's due date the parties still to answer are reminded.
REQUEST_DAYS = 3


def request_reminders(day: date) -> list[Reminder]:
    """Open requests due REQUEST_DAYS days after `day` that a party has not answered with
    submitted input (a draft is no answer): each of the party's submitters is reminded
    once. A request sent that same day is not: its own e-mail has just gone out (two
    queries)."""
    answered = SituationInput.objects.filter(
        request=OuterRef("pk"), party=OuterRef("party_pk")
    ).exclude(status=SituationInput.Status.DRAFT)
    # One row per request and party (the join on the agreement's parties).
    requests = list(
        InputRequest.objects.filter(
            closed=False,
            due_on=day + timedelta(days=REQUEST_DAYS),
            created_at__date__lt=day,
        )
        .annotate(
            party_pk=F("agreement__parties__pk"),
            party_name=F("agreement__parties__short_name"),
        )
        .filter(~Exists(answered))
        .select_related("agreement", "meeting")
        .order_by("due_on", "pk", "party_pk")
    )
    submitters = holders(SUBMIT, AgreementParty, {r.party_pk for r in requests})
    reminders = []
    for request in requests:
        path = reverse("situation:input_create", args=[request.agreement_id])
        for user in submitters.get(request.party_pk, []):
            reminders.append(
                Reminder(
                    key=(
                        f"input_request:{request.pk}:{request.due_on}:"
                        f"party:{request.party_pk}:user:{user.pk}"
                    ),
                    user=user,
                    kind="input_request",
                    subject=_("Påminnelse: underlag till lägesbilden senast %(due)s")
                    % {"due": request.due_on.isoformat()},
                    # The input form with the request chosen, as the request's own e-mail.
                    url=f"{path}?request={request.pk}",
                    agreement=request.agreement,
                    context={
                        "request": request,
                        "party": request.party_name,
                        "days": REQUEST_DAYS,
                    },
                )
            )
    return reminders


register(20, "input_request", request_reminders)
