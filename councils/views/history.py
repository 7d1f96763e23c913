"""A meeting's change history: the meeting, its agenda, invitees, minutes addenda,
decisions with the parties' positions, and the assignments given by them."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from samverkan.history import history_entries

from ..access import meeting_view
from ..models import AgendaItem, Assignment, Decision, Invitee, Meeting, MinutesAddendum, Position

HISTORY_PER_PAGE = 50


def meeting_history_querysets(meeting):
    """The meeting's history tables and their labels, for history_entries.

    Rows of removed items and decisions stay: the history tables are read for the ids,
    not the live ones. Labels name a record from what is already loaded (the body, the
    party selected with the position), never a query per row."""
    body_name = meeting.body.name
    items = AgendaItem.history.filter(meeting_id=meeting.pk)
    decisions = Decision.history.filter(item_id__in=items.values("id"))
    querysets = (
        Meeting.history.filter(id=meeting.pk),
        items,
        Invitee.history.filter(meeting_id=meeting.pk),
        MinutesAddendum.history.filter(meeting_id=meeting.pk),
        decisions,
        Position.history.filter(decision_id__in=decisions.values("id")).select_related(
            "party__party"
        ),
        Assignment.history.filter(decision_id__in=decisions.values("id")),
    )
    labels = {
        Meeting: lambda r: f"{body_name} {timezone.localtime(r.starts_at):%Y-%m-%d %H:%M}",
        # A party removed since joins as None.
        Position: lambda r: f"{r.party or '?'}: {r.get_stance_display()}",
    }
    return querysets, labels


@meeting_view("councils.view_body")
@require_safe
def meeting_history(request, agreement, body, meeting):
    querysets, labels = meeting_history_querysets(meeting)
    entries = history_entries(*querysets, labels=labels)
    page = Paginator(entries, HISTORY_PER_PAGE).get_page(request.GET.get("sida"))
    # Named as the meeting page names it.
    subject = f"{body.name} {date_format(timezone.localtime(meeting.starts_at), 'j F Y')}"
    return render(
        request,
        "samverkan/history.html",
        {
            "agreement": agreement,
            "body": body,
            "meeting": meeting,
            "page": page,
            "subject": subject,
        },
    )
