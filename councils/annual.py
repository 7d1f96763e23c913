"""The councils' section of the annual report (samverkan/annual.py): each body's meetings
held in the year, the decisions adopted in it and the assignments given by them.

Four queries whatever the number of meetings: the bodies, the meetings held, the
decisions, and the assignments' counts.
"""

from django.db.models import Count, Q
from django.utils import timezone

from samverkan import annual

from .models import Assignment, Decision, Meeting


def councils_section(agreement, year: int) -> dict:
    # Held: convened (not a draft, not cancelled) and begun, as the compliance clock counts
    # them (councils/compliance.py).
    now = timezone.now()
    held = Q(status=Meeting.Status.SCHEDULED, starts_at__year=year, starts_at__lte=now)
    meetings = list(
        agreement.meetings.filter(held).select_related("body").order_by("starts_at", "pk")
    )
    bodies = list(agreement.bodies.order_by("kind", "pk"))
    for body in bodies:
        body.held = [meeting for meeting in meetings if meeting.body_id == body.pk]
    decisions = list(
        Decision.objects.filter(
            item__meeting__agreement=agreement, adopted=True, decided_at__year=year
        )
        .select_related("item__meeting__body")
        .order_by("decided_at", "pk")
    )
    day = annual.read_on(year)
    open_ = Q(status__in=[Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS])
    assignments = Assignment.objects.filter(
        decision__item__meeting__agreement=agreement, decision__decided_at__year=year
    ).aggregate(
        given=Count("pk"),
        done=Count("pk", filter=Q(status=Assignment.Status.REPORTED)),
        open=Count("pk", filter=open_),
        overdue=Count("pk", filter=open_ & Q(due_on__lt=day)),
        cancelled=Count("pk", filter=Q(status=Assignment.Status.CANCELLED)),
    )
    return {
        "bodies": bodies,
        "meetings_held": len(meetings),
        "decisions": decisions,
        "assignments": assignments,
        "day": day,
    }


annual.register(10, "councils/annual/_section.html", councils_section)
