"""The councils' reminders (samverkan/reminders.py): a convened meeting a week ahead and
the day before, to everyone called to it with an account; an overdue assignment to those
who report on it for the responsible party."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.models import AgreementParty
from samverkan.reminders import Reminder, holders, register

from .models import Assignment, Invitee, Meeting

# Days before a meeting its invitees are reminded: a week to prepare, and the day before.
MEETING_DAYS = {7: "7d", 1: "1d"}


def meeting_reminders(day: date) -> list[Reminder]:
    """Meetings convened (not drafts, not cancelled) that fall MEETING_DAYS days after
    `day`: one reminder to each invitee with an active account who has not sent apologies
    (a substitute called in their place is an invitee of their own). Guests without an
    account had the invitation only. The key holds the meeting's date, so a meeting moved
    to a later day is reminded of again (one query)."""
    days_before = {day + timedelta(days=n): n for n in MEETING_DAYS}
    invitees = (
        Invitee.objects.filter(
            meeting__status=Meeting.Status.SCHEDULED,
            meeting__starts_at__date__in=list(days_before),
            person__user__is_active=True,
        )
        .exclude(attendance=Invitee.Attendance.EXCUSED)
        .select_related("meeting__body", "meeting__agreement", "person__user", "replaces")
        .order_by("meeting__starts_at", "meeting_id", "pk")
    )
    reminders = []
    for invitee in invitees:
        meeting, user = invitee.meeting, invitee.person.user
        days = days_before[meeting.date]
        local = timezone.localtime(meeting.starts_at)
        if days == 1:
            subject = _("Påminnelse: %(body)s i morgon, %(when)s")
        else:
            subject = _("Påminnelse: %(body)s om en vecka, %(when)s")
        reminders.append(
            Reminder(
                key=f"meeting:{meeting.pk}:{meeting.date}:{MEETING_DAYS[days]}:user:{user.pk}",
                user=user,
                kind="meeting",
                subject=subject % {"body": meeting.body.name, "when": f"{local:%Y-%m-%d %H:%M}"},
                url=reverse(
                    "councils:meeting", args=[meeting.agreement_id, meeting.body_id, meeting.pk]
                ),
                agreement=meeting.agreement,
                context={"meeting": meeting, "invitee": invitee, "days": days},
            )
        )
    return reminders


def assignment_reminders(day: date) -> list[Reminder]:
    """Assignments not reported or cancelled whose day has passed: whoever submits input
    for the responsible party (they report on the assignment, councils/views/minutes.py)
    is reminded once per assignment and due date; a new date that passes reminds again.
    The compliance clock lists the same assignment for the coordinator: one e-mail to
    someone who is both (two queries)."""
    assignments = list(
        Assignment.objects.overdue(day)
        .select_related("body__agreement", "responsible_party")
        .order_by("due_on", "pk")
    )
    reporters = holders(
        "submit_input_for_party", AgreementParty, {a.responsible_party_id for a in assignments}
    )
    reminders = []
    for assignment in assignments:
        agreement = assignment.body.agreement
        for user in reporters.get(assignment.responsible_party_id, []):
            reminders.append(
                Reminder(
                    key=f"assignment:{assignment.pk}:{assignment.due_on}:user:{user.pk}",
                    user=user,
                    kind="assignment",
                    subject=_("Påminnelse: uppdrag försenat, %(description)s")
                    % {"description": _short(assignment.description)},
                    url=reverse(
                        "councils:assignment_update",
                        args=[agreement.pk, assignment.body_id, assignment.pk],
                    ),
                    agreement=agreement,
                    context={
                        "assignment": assignment,
                        "party": assignment.responsible_party.short_name,
                        "days": (day - assignment.due_on).days,
                    },
                    # The key of the assignment's line on the compliance clock
                    # (councils/compliance.py).
                    topic=f"{agreement.pk}:councils.assignment.{assignment.pk}",
                )
            )
    return reminders


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


register(10, "meeting", meeting_reminders)
register(40, "assignment", assignment_reminders)
