"""Attendance, minutes and justering of a meeting. Each service runs in one transaction,
checks its rules and logs an event (how the events read: councils/events.py).

The convener records attendance and writes the minutes; the chair (of the chairing party)
and one adjuster (justerare) of another party, both present, approve them in the app.
Once both have approved, the minutes are locked: attendance, notes and decisions are no
longer changed, and a correction is a dated addendum. A change made after only one of
them has approved withdraws that approval, so both always approve the same text.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.models import Person
from samverkan.services import _save, event_log

from ..models import AgendaItem, Invitee, Meeting, MinutesAddendum, Position
from ..selectors import meeting_attendees


def minutes_locked_message() -> str:
    return _("Protokollet är justerat och låst. En rättelse görs som ett tillägg till protokollet.")


def meeting_lock(meeting: Meeting) -> Meeting:
    """The meeting row, locked for this transaction: approvals and edits do not cross."""
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("agreement", "body__chair_party", "chair__user", "adjuster__user")
        .get(pk=meeting.pk)
    )


def check_editable(meeting: Meeting) -> None:
    """Refuse a change to the minutes' content: locked minutes, or a cancelled meeting."""
    if meeting.minutes_locked:
        raise ValidationError(minutes_locked_message(), code="locked")
    if meeting.is_cancelled:
        raise ValidationError(_("Mötet är inställt."), code="cancelled")


def approvals_withdraw(meeting: Meeting, by) -> None:
    """After a change to minutes only one of the two had approved, withdraw that approval."""
    if not (meeting.chair_approved_at or meeting.adjuster_approved_at):
        return
    meeting.chair_approved_at = meeting.adjuster_approved_at = None
    _save(meeting, by, fields=["chair_approved_at", "adjuster_approved_at"])
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.minutes.approval_withdrawn",
        obj=meeting,
        data={"meeting": str(meeting)},
    )


def _facts(meeting: Meeting) -> dict:
    return {"meeting": str(meeting), "body": meeting.body.name}


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, attendance: dict[int, str], by, now: datetime | None = None
) -> int:
    """Record who was present, absent or excused: {invitee id: Invitee.Attendance}.
    Returns how many invitees changed. Errors name the field `attendance_<invitee id>`."""
    meeting = meeting_lock(meeting)
    check_editable(meeting)
    if meeting.starts_at > (now or timezone.now()):
        raise ValidationError(_("Närvaron registreras när mötet har börjat."))
    invitees = {invitee.pk: invitee for invitee in meeting_attendees(meeting)}
    valid = set(Invitee.Attendance.values)
    errors = {}
    for pk, state in attendance.items():
        if pk not in invitees:
            errors[f"attendance_{pk}"] = _("Den kallade hör inte till mötet.")
        elif state not in valid:
            errors[f"attendance_{pk}"] = _("Välj närvarande, frånvarande eller anmält förhinder.")
    if errors:
        raise ValidationError(errors)
    changed = [invitees[pk] for pk, state in attendance.items() if invitees[pk].attendance != state]
    leaving = [i for i in changed if attendance[i.pk] != Invitee.Attendance.PRESENT]
    if leaving:
        _check_not_needed_present(meeting, leaving)
    for invitee in changed:
        invitee.attendance = attendance[invitee.pk]
        _save(invitee, by, fields=["attendance"])
    if not changed:
        return 0
    approvals_withdraw(meeting, by)
    present = sum(
        1
        for i in invitees.values()
        if attendance.get(i.pk, i.attendance) == Invitee.Attendance.PRESENT
    )
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.attendance.recorded",
        obj=meeting,
        data=_facts(meeting) | {"present": present, "invited": len(invitees)},
    )
    return len(changed)


def _check_not_needed_present(meeting: Meeting, leaving: list[Invitee]) -> None:
    """Whoever gave a party's position or chairs or adjusts the minutes stays present."""
    gave = set(
        Position.objects.filter(
            decision__item__meeting=meeting, given_by__in=[i.pk for i in leaving]
        ).values_list("given_by_id", flat=True)
    )
    errors = {}
    for invitee in leaving:
        if invitee.pk in gave:
            errors[f"attendance_{invitee.pk}"] = _(
                "%(name)s har lämnat en parts ställningstagande i ett beslut och måste vara "
                "närvarande."
            ) % {"name": invitee.name}
        elif invitee.person_id and invitee.person_id in (meeting.chair_id, meeting.adjuster_id):
            errors[f"attendance_{invitee.pk}"] = _(
                "%(name)s är ordförande eller justerare och måste vara närvarande."
            ) % {"name": invitee.name}
    if errors:
        raise ValidationError(errors)


def minutes_version(meeting: Meeting) -> int:
    """The version of the meeting's notes: the newest history row of its agenda items."""
    latest = AgendaItem.history.filter(meeting_id=meeting.pk).aggregate(v=Max("history_id"))["v"]
    return latest or 0


@transaction.atomic
def minutes_update(
    *, meeting: Meeting, minutes: dict[int, str], by, expected_version: int | None = None
) -> int:
    """Write the minutes' notes per agenda item: {item id: text}. Returns how many items
    changed; refuses a stale edit and locked minutes."""
    meeting = meeting_lock(meeting)
    check_editable(meeting)
    if expected_version is not None and minutes_version(meeting) != expected_version:
        raise ValidationError(
            _(
                "Någon annan har ändrat uppgifterna sedan du öppnade formuläret. "
                "Ladda om sidan och gör din ändring igen."
            ),
            code="stale",
        )
    items = {item.pk: item for item in meeting.items.all()}
    unknown = [pk for pk in minutes if pk not in items]
    if unknown:
        raise ValidationError(
            {f"minutes_{pk}": _("Punkten hör inte till mötets dagordning.") for pk in unknown}
        )
    changed = []
    for pk, text in minutes.items():
        item = items[pk]
        text = text.strip()
        if item.minutes != text:
            item.minutes = text
            _save(item, by, fields=["minutes"])
            changed.append(item)
    if not changed:
        return 0
    approvals_withdraw(meeting, by)
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.minutes.changed",
        obj=meeting,
        data=_facts(meeting) | {"items": [item.title for item in changed]},
    )
    return len(changed)


@transaction.atomic
def minutes_signatories_set(*, meeting: Meeting, chair: Person, adjuster: Person, by) -> Meeting:
    """Name the chair and the adjuster (justerare), both present: the chair for the body's
    chairing party (the municipality at the council), the adjuster for another party.
    Whoever is replaced loses an approval already given."""
    meeting = meeting_lock(meeting)
    check_editable(meeting)
    present = {
        i.person_id: i
        for i in meeting_attendees(meeting).filter(attendance=Invitee.Attendance.PRESENT)
        if i.person_id and i.for_party_id
    }
    chair_party = meeting.body.chair_party
    errors = {}
    chair_invitee = present.get(chair.pk)
    if chair_party is not None:
        if chair_invitee is None or chair_invitee.for_party_id != chair_party.pk:
            errors["chair"] = _("Ordföranden ska vara närvarande och företräda %(party)s.") % {
                "party": chair_party.short_name
            }
    elif chair_invitee is None:
        errors["chair"] = _("Ordföranden ska vara närvarande och företräda en part.")
    adjuster_invitee = present.get(adjuster.pk)
    chairing = chair_party.pk if chair_party else getattr(chair_invitee, "for_party_id", None)
    if adjuster_invitee is None or adjuster_invitee.for_party_id == chairing:
        errors["adjuster"] = _(
            "Justeraren ska vara närvarande och företräda en annan part än ordföranden."
        )
    if errors:
        raise ValidationError(errors)
    fields = []
    if meeting.chair_id != chair.pk:
        meeting.chair, meeting.chair_approved_at = chair, None
        fields += ["chair", "chair_approved_at"]
    if meeting.adjuster_id != adjuster.pk:
        meeting.adjuster, meeting.adjuster_approved_at = adjuster, None
        fields += ["adjuster", "adjuster_approved_at"]
    if not fields:
        return meeting
    _save(meeting, by, fields=fields)
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.minutes.signatories_set",
        obj=meeting,
        data=_facts(meeting) | {"chair": chair.name, "adjuster": adjuster.name},
    )
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by, now: datetime | None = None) -> Meeting:
    """The chair or the adjuster approves the minutes, each for themselves; the second
    approval locks them. Anyone else is refused (PermissionDenied)."""
    meeting = meeting_lock(meeting)
    now = now or timezone.now()
    is_chair = meeting.chair is not None and meeting.chair.user_id == by.pk
    is_adjuster = meeting.adjuster is not None and meeting.adjuster.user_id == by.pk
    if not (is_chair or is_adjuster):
        raise PermissionDenied
    if meeting.minutes_locked:
        raise ValidationError(_("Protokollet är redan justerat."), code="locked")
    if meeting.is_cancelled:
        raise ValidationError(_("Mötet är inställt."), code="cancelled")
    if meeting.starts_at > now:
        raise ValidationError(_("Protokollet kan godkännas först när mötet har hållits."))
    field = "chair_approved_at" if is_chair else "adjuster_approved_at"
    if getattr(meeting, field):
        raise ValidationError(_("Du har redan godkänt protokollet."), code="approved")
    setattr(meeting, field, now)
    _save(meeting, by, fields=[field])
    person = meeting.chair if is_chair else meeting.adjuster
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.minutes.approved",
        obj=meeting,
        data=_facts(meeting) | {"person": person.name, "as": "chair" if is_chair else "adjuster"},
    )
    if meeting.minutes_locked:
        event_log(
            agreement=meeting.agreement,
            actor=by,
            action="councils.minutes.locked",
            obj=meeting,
            data=_facts(meeting),
        )
    return meeting


@transaction.atomic
def addendum_add(*, meeting: Meeting, text: str, by, now: datetime | None = None):
    """Correct locked minutes: a dated addendum shown under them; the minutes stay as
    approved."""
    meeting = meeting_lock(meeting)
    if not meeting.minutes_locked:
        raise ValidationError(
            {
                "text": _(
                    "Protokollet är inte justerat än. Ändra anteckningarna direkt i stället "
                    "för att lägga till ett tillägg."
                )
            }
        )
    addendum = MinutesAddendum(meeting=meeting, text=text.strip(), at=now or timezone.now(), by=by)
    _save(addendum, by)
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.minutes.addendum_added",
        obj=addendum,
        data=_facts(meeting) | {"text": addendum.text[:200]},
    )
    return addendum
