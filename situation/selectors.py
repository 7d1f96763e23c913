"""Reads the situation pages share: the requests for input a user's parties have open."""

from django.db.models import Prefetch

from .access import submit_parties
from .models import InputRequest, SituationInput


def _answered(requests) -> None:
    """Set `answered_parties` (the AgreementParty ids that have submitted input for it)."""
    for request in requests:
        request.answered_parties = {i.party_id for i in request.answers}


def requests_with_answers(queryset):
    """Requests with their submitted answers prefetched (one query for all of them)."""
    answers = SituationInput.objects.exclude(status=SituationInput.Status.DRAFT).only(
        "pk", "party_id", "request_id"
    )
    return queryset.select_related("meeting__body").prefetch_related(
        Prefetch("inputs", queryset=answers, to_attr="answers")
    )


def open_requests_for(rights) -> list[InputRequest]:
    """The agreement's open requests that a party the user submits for has not answered
    yet, soonest due first; each knows `answered_parties` and `unanswered_for` (the user's
    parties still to answer)."""
    parties = submit_parties(rights)
    if not parties:
        return []
    requests = list(
        requests_with_answers(
            rights.agreement.input_requests.filter(closed=False).order_by("due_on", "pk")
        )
    )
    _answered(requests)
    result = []
    for request in requests:
        request.unanswered_for = [p for p in parties if p.pk not in request.answered_parties]
        if request.unanswered_for:
            result.append(request)
    return result


def meeting_requests_panel(request, meeting):
    """The meeting page's panel (samverkan.panels, place "meeting"): the requests for input
    to this meeting and which parties have answered, for whoever has a part in the
    situation picture. Two queries."""
    from .access import reads_situation

    if not reads_situation(request.rights):
        return None
    requests = list(requests_with_answers(meeting.input_requests.order_by("due_on", "pk")))
    if not requests:
        return None
    parties = list(meeting.agreement.parties.all())
    for each in requests:
        answered = {i.party_id for i in each.answers}
        each.party_answers = [(party, party.pk in answered) for party in parties]
    return "situation/_meeting_requests.html", {"requests": requests}
