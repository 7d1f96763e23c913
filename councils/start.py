"""The councils' groups of the start page's "Att göra" (samverkan/start.py): the person's
next meetings and the open assignments of their party."""

from datetime import timedelta

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.models import UserObjectPermission

from samverkan.start import Item, Scope, Urgency
from samverkan.start import register as register_group

from .models import Assignment, Invitee, Meeting, Seat

# The next few meetings: enough to plan the weeks ahead, short enough to read at a glance.
NEXT_MEETINGS = 5
# A meeting within a week is "soon"; so is an assignment due within two.
MEETING_SOON_DAYS = 7
SOON_DAYS = 14


def meeting_items(user, scope: Scope) -> list[Item]:
    """The user's next meetings, not cancelled and not yet ended: those they are called to
    and those of the bodies they hold a seat on (or are a substitute for one) today; the
    NEXT_MEETINGS soonest (one query)."""
    seated_on = (
        Seat.objects.current(scope.today)
        .filter(Q(person__user=user) | Q(substitutes__person__user=user))
        .values("function__body_id")
    )
    called = Invitee.objects.filter(meeting=OuterRef("pk"), person__user=user)
    # A draft (not yet convened) is shown only to whoever may convene its body, as its page
    # is (councils/access.py meeting_view).
    convenes = UserObjectPermission.objects.filter(
        user=user,
        permission__content_type__app_label="councils",
        permission__codename="convene_body",
        object_pk=Cast(OuterRef("body_id"), CharField()),
    )
    meetings = (
        Meeting.objects.upcoming(scope.now)
        .filter(agreement_id__in=scope.agreement_ids)
        .filter(Q(body_id__in=seated_on) | Exists(called))
        .filter(~Q(status=Meeting.Status.DRAFT) | Exists(convenes))
        .select_related("body")
        .order_by("starts_at", "pk")[:NEXT_MEETINGS]
    )
    soon = scope.today + timedelta(days=MEETING_SOON_DAYS)
    items = []
    for meeting in meetings:
        details = [meeting.get_kind_display()]
        if meeting.is_draft:
            details.append(_("förslag, ännu inte kallat"))
        if meeting.place:
            details.append(meeting.place)
        items.append(
            Item(
                kind="meetings",
                title=meeting.body.name,
                date=timezone.localtime(meeting.starts_at),
                url=reverse(
                    "councils:meeting", args=[meeting.agreement_id, meeting.body_id, meeting.pk]
                ),
                agreement=scope.agreements[meeting.agreement_id],
                urgency=Urgency.SOON if meeting.date <= soon else "",
                detail=", ".join(details),
            )
        )
    return items


def assignment_items(user, scope: Scope) -> list[Item]:
    """The open assignments (not reported, not cancelled) of the parties the user acts for,
    overdue first, then by the day they are due (one query)."""
    parties = scope.parties()
    if not parties:
        return []
    assignments = (
        Assignment.objects.open()
        .filter(body__agreement_id__in=scope.agreement_ids, responsible_party_id__in=parties)
        .select_related("responsible_party", "decision__item__meeting")
        .order_by("due_on", "pk")
    )
    # Whoever submits input for the responsible party reports on the assignment
    # (councils/views/minutes.py may_report); the others read it at the meeting that gave
    # it, which lists it with its status.
    reports_for = scope.parties("submit_input_for_party")
    today = scope.today
    items = []
    for assignment in assignments:
        if assignment.due_on < today:
            urgency = Urgency.OVERDUE
        elif assignment.due_on <= today + timedelta(days=SOON_DAYS):
            urgency = Urgency.SOON
        else:
            urgency = ""
        description = assignment.description
        if len(description) > 80:
            description = description[:79] + "…"
        meeting = assignment.decision.item.meeting
        if assignment.responsible_party_id in reports_for:
            url = reverse(
                "councils:assignment_update",
                args=[meeting.agreement_id, assignment.body_id, assignment.pk],
            )
        else:
            url = reverse(
                "councils:meeting", args=[meeting.agreement_id, meeting.body_id, meeting.pk]
            )
        items.append(
            Item(
                kind="assignments",
                title=description,
                date=assignment.due_on,
                date_label=_("klart senast"),
                url=url,
                agreement=scope.agreements[assignment.responsible_party.agreement_id],
                urgency=urgency,
                detail=_("%(party)s ansvarar, %(status)s")
                % {
                    "party": assignment.responsible_party.short_name,
                    "status": assignment.get_status_display().lower(),
                },
            )
        )
    return items


def register() -> None:
    """The councils' groups on the start page (called from CouncilsConfig.ready())."""
    register_group(10, "meetings", gettext_lazy("Mina nästa möten"), meeting_items)
    register_group(40, "assignments", gettext_lazy("Uppdrag till min part"), assignment_items)
