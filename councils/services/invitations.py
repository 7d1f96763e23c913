"""Invitations (kallelse): who is called to a meeting, and the e-mails with iCalendar.

Invitees come from the roster on the meeting's date: the holders of the "ordinarie"
functions, and the municipality's management group on extended meetings. The convener
adds, per meeting, the holders of "vid behov" functions, presenters (föredragande) from
the agreement's people and co-opted guests (adjungerade, no account needed). A member who
sends apologies (anmäler förhinder) is replaced by their seat's substitute, who is invited.

The meeting services (councils.services.meetings) call, once their change is committed:
- `invitees_from_roster(*, meeting, by)` when a meeting is convened;
- `meeting_changed(*, meeting, by)` when a convened meeting was convened, moved or edited
  (its SEQUENCE raised by them): each invitee gets an invitation or an update;
- `meeting_cancelled(*, meeting, by)`: each invitee gets METHOD:CANCEL.

Every message to every recipient goes through the outbox (samverkan.mail): recorded, sent
by a task after the commit, failed ones kept for a retry, so mail never undoes a save.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.mail import message_queue, messages_retry
from samverkan.models import OutboundMessage, Person
from samverkan.services import _save, event_log

from .. import ical
from ..models import AgendaItem, CalendarFeed, Function, Invitee, Meeting, Seat
from ..models.meetings import new_feed_token
from ..selectors import eligible_people

logger = logging.getLogger(__name__)

# OutboundMessage.kind of the three messages a meeting sends.
INVITATION = "councils.invitation"
UPDATE = "councils.invitation.update"
CANCELLATION = "councils.invitation.cancel"

# Invitees the roster decides; the others (guests, presenters, "vid behov", substitutes)
# are chosen for the meeting and kept when the roster is read again.
ROSTER_ROLES = (Invitee.Role.MEMBER, Invitee.Role.MANAGEMENT_GROUP)
# Those who hold a seat, so that their seat's substitute can stand in for them.
SEAT_ROLES = (*ROSTER_ROLES, Invitee.Role.AS_NEEDED)


def _duplicate() -> str:
    return _("Personen är redan kallad till mötet.")


# --- reading -----------------------------------------------------------------------------


def _meeting(meeting: Meeting) -> Meeting:
    """The meeting as committed, locked for the rest of the transaction."""
    return (
        Meeting.objects.select_for_update().select_related("body", "agreement").get(pk=meeting.pk)
    )


def _address(email: str) -> str:
    return (email or "").strip().lower()


def _facts(meeting: Meeting, **more) -> dict:
    local = timezone.localtime(meeting.starts_at)
    return {"body": meeting.body.name, "when": f"{local:%Y-%m-%d %H:%M}", **more}


def _roster_seats(meeting: Meeting):
    """(seat, role) for every seat the roster calls to the meeting on its date."""
    seats = (
        Seat.objects.current(meeting.date)
        .filter(function__body=meeting.body)
        .select_related("function__party", "person__user", "person__party")
        .order_by("function__order", "function__pk", "valid_from", "pk")
    )
    for seat in seats:
        function = seat.function
        if function.is_management_group:
            if meeting.extended:
                yield seat, Invitee.Role.MANAGEMENT_GROUP
        elif function.attendance == Function.Attendance.ALWAYS:
            yield seat, Invitee.Role.MEMBER


def _row(meeting: Meeting, person: Person, **fields) -> Invitee:
    return Invitee(
        meeting=meeting,
        person=person,
        name=person.name,
        organisation=person.party.name,
        email=_address(person.user.email),
        **fields,
    )


def _check_not_invited(meeting: Meeting, email: str, field: str) -> None:
    if meeting.invitees.filter(email__iexact=email).exists():
        raise ValidationError({field: _duplicate()})


def _check_open(meeting: Meeting, now: datetime | None = None) -> None:
    """Invitees are added and excused only before a meeting that still takes place."""
    if meeting.is_cancelled:
        raise ValidationError(_("Mötet är inställt."))
    if meeting.starts_at <= (now or timezone.now()):
        raise ValidationError(_("Mötet har redan börjat."))


def _add(invitee: Invitee, by, *, field: str = "email") -> Invitee:
    """Save a new invitee; a second row for the same address is refused on `field`."""
    if not invitee.email:
        raise ValidationError({field: _("Personen har ingen e-postadress.")})
    _check_not_invited(invitee.meeting, invitee.email, field)
    try:
        return _save(invitee, by)
    except ValidationError as exc:
        # The constraint's own message names no field the form shows; put it on `field`.
        if _duplicate() in exc.messages and field != "email":
            raise ValidationError({field: _duplicate()}) from exc
        raise


# --- the roster --------------------------------------------------------------------------


def _roster_sync(
    meeting: Meeting, by, *, remove: bool = True
) -> tuple[list[Invitee], list[Invitee]]:
    """Bring the roster's invitees in line with the meeting's date and kind: add the
    holders not yet invited and, with `remove`, remove roster rows no longer called (a
    seat ended before the new date, an extended meeting made ordinary). Returns (added,
    removed)."""
    wanted: dict[str, tuple[Seat, str]] = {}
    for seat, role in _roster_seats(meeting):
        email = _address(seat.person.user.email)
        if email:  # nobody to send to: an account without an address is not invited
            wanted.setdefault(email, (seat, role))
    existing = {
        invitee.email: invitee
        for invitee in meeting.invitees.prefetch_related("replaced_by").select_related("person")
    }
    added = []
    for email, (seat, role) in wanted.items():
        if email not in existing:
            row = _row(meeting, seat.person, role=role, function=seat.function)
            row.party = seat.function.party
            try:
                added.append(_save(row, by))
            except ValidationError as exc:
                # An account whose address the model refuses: the others are still called.
                logger.warning("Not inviting %s to meeting %s: %s", email, meeting.pk, exc)
    removed = []
    for email, invitee in existing.items() if remove else ():
        stale = invitee.role in ROSTER_ROLES and email not in wanted
        # Someone standing in for them, or attendance recorded: the row is history now.
        kept = invitee.replaced_by.all() or invitee.attendance in (
            Invitee.Attendance.PRESENT,
            Invitee.Attendance.ABSENT,
        )
        if stale and not kept:
            removed.append(invitee)
    for invitee in removed:
        invitee._history_user = by if getattr(by, "pk", None) else None
        invitee.delete()
    return added, removed


@transaction.atomic
def invitees_from_roster(*, meeting: Meeting, by) -> list[Invitee]:
    """Create the meeting's invitees from the roster on its date (the holders of the
    "ordinarie" functions; the management group on extended meetings), keeping guests,
    presenters and apologies already recorded. Sends nothing: `meeting_changed` does."""
    meeting = _meeting(meeting)
    if meeting.is_cancelled:
        return []
    added, _removed = _roster_sync(meeting, by, remove=False)
    return added


# --- the messages ------------------------------------------------------------------------


def _items(meeting: Meeting):
    return AgendaItem.objects.filter(meeting=meeting).select_related("presenter__user")


def _invitees(meeting: Meeting):
    return meeting.invitees.select_related("function", "party", "replaces").order_by("pk")


def _messaged(meeting: Meeting) -> set[str]:
    """The addresses that have been sent an invitation or an update of the meeting."""
    return set(
        OutboundMessage.objects.about(meeting)
        .filter(kind__in=(INVITATION, UPDATE))
        .values_list("to", flat=True)
    )


def _organizer(meeting: Meeting) -> ical.Address:
    """The app's own address organizes every meeting: the convener is also an invitee,
    and Outlook would not put a meeting its own user organizes in their calendar."""
    return ical.Address(f"{meeting.body.name} (Samverkan)", settings.DEFAULT_FROM_EMAIL)


def _reply_to(meeting: Meeting, by) -> str:
    """Replies go to whoever acted, else to the convener of the day."""
    email = _address(getattr(by, "email", ""))
    if email:
        return email
    seat = (
        Seat.objects.current(meeting.date)
        .filter(function_id=meeting.body.convener_function_id)
        .select_related("person__user")
        .order_by("valid_from", "pk")
        .first()
    )
    return _address(seat.person.user.email) if seat else ""


def _send(meeting: Meeting, recipients, *, method: str, by, everyone=None) -> int:
    """Queue one message with the calendar to each recipient; returns how many.

    `everyone` are the invitees the calendar lists (by default the recipients)."""
    recipients = list(recipients)
    if not recipients:
        return 0
    everyone = recipients if everyone is None else list(everyone)
    items = list(_items(meeting))
    already = _messaged(meeting)
    reply_to = _reply_to(meeting, by)
    # Messages are written in the agreement's language, whoever's browser sent them.
    with translation.override(settings.LANGUAGE_CODE):
        calendar = ical.invitation(
            meeting, method=method, items=items, invitees=everyone, organizer=_organizer(meeting)
        )
        for invitee in recipients:
            if method == ical.CANCEL:
                kind = CANCELLATION
                subject = _("Inställt: %(summary)s, %(when)s")
            elif invitee.email in already:
                kind = UPDATE
                subject = _("Ändrad kallelse: %(summary)s, %(when)s")
            else:
                kind = INVITATION
                subject = _("Kallelse: %(summary)s, %(when)s")
            local = timezone.localtime(meeting.starts_at)
            subject %= {"summary": ical.summary(meeting), "when": f"{local:%Y-%m-%d %H:%M}"}
            body = render_to_string(
                "councils/invitations/email.txt",
                {
                    "meeting": meeting,
                    "invitee": invitee,
                    "kind": kind,
                    "summary": ical.summary(meeting),
                    "agenda": ical.agenda_lines(items),
                    "location": ical.location(meeting),
                },
            )
            message_queue(
                to=invitee.email,
                subject=subject,
                body=body,
                kind=kind,
                agreement=meeting.agreement,
                about=meeting,
                reply_to=reply_to,
                attachment_name="kallelse.ics",
                attachment_type=f"text/calendar; method={method}",
                attachment=calendar,
            )
    return len(recipients)


@transaction.atomic
def meeting_changed(*, meeting: Meeting, by) -> int:
    """Send every invitee of a convened meeting an invitation, or an update if they had
    one (METHOD:REQUEST with the meeting's current SEQUENCE); the roster is read again
    for the meeting's date and kind, and anyone it no longer calls gets a cancellation.
    Returns how many invitations and updates were queued."""
    meeting = _meeting(meeting)
    if not meeting.is_scheduled:
        return 0
    messaged = _messaged(meeting)
    _added, removed = _roster_sync(meeting, by)
    removed = [invitee for invitee in removed if invitee.email in messaged]
    invitees = list(_invitees(meeting))
    count = _send(meeting, invitees, method=ical.REQUEST, by=by)
    _send(meeting, removed, method=ical.CANCEL, by=by, everyone=removed)
    if count:
        event_log(
            agreement=meeting.agreement,
            actor=by,
            action="councils.invitations.updated" if messaged else "councils.invitations.sent",
            obj=meeting,
            data=_facts(meeting, count=count),
        )
    for invitee in removed:
        event_log(
            agreement=meeting.agreement,
            actor=by,
            action="councils.invitee.removed",
            obj=meeting,
            data=_facts(meeting, name=invitee.name),
        )
    return count


@transaction.atomic
def meeting_cancelled(*, meeting: Meeting, by) -> int:
    """Send every invitee who had an invitation a cancellation (METHOD:CANCEL,
    STATUS:CANCELLED); returns how many were queued."""
    meeting = _meeting(meeting)
    invited = _messaged(meeting)
    invitees = list(_invitees(meeting))
    recipients = [invitee for invitee in invitees if invitee.email in invited]
    count = _send(meeting, recipients, method=ical.CANCEL, by=by, everyone=invitees)
    if count:
        event_log(
            agreement=meeting.agreement,
            actor=by,
            action="councils.invitations.cancelled",
            obj=meeting,
            data=_facts(meeting, count=count),
        )
    return count


def _invite_later(meeting: Meeting, invitees: list[Invitee], by) -> None:
    """Someone added to a convened meeting gets their own invitation."""
    if meeting.is_scheduled:
        _send(meeting, invitees, method=ical.REQUEST, by=by, everyone=_invitees(meeting))


def _log_added(meeting: Meeting, invitee: Invitee, by) -> None:
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.invitee.added",
        obj=meeting,
        data=_facts(meeting, name=invitee.name, role=invitee.role),
    )


# --- the convener's choices --------------------------------------------------------------


@transaction.atomic
def invitee_add_guest(
    *, meeting: Meeting, name: str, organisation: str = "", email: str, by
) -> Invitee:
    """Co-opt a guest (adjungerad): anyone with a name and an e-mail address."""
    meeting = _meeting(meeting)
    _check_open(meeting)
    invitee = Invitee(
        meeting=meeting,
        name=name.strip(),
        organisation=organisation.strip(),
        email=_address(email),
        role=Invitee.Role.GUEST,
    )
    invitee = _add(invitee, by)
    _log_added(meeting, invitee, by)
    _invite_later(meeting, [invitee], by)
    return invitee


@transaction.atomic
def invitee_add_presenter(*, meeting: Meeting, person: Person, by) -> Invitee:
    """Call a presenter (föredragande) from the agreement's people, for their party."""
    meeting = _meeting(meeting)
    _check_open(meeting)
    if not eligible_people(meeting.agreement).filter(pk=person.pk).exists():
        raise ValidationError(
            {
                "person": _(
                    "Föredraganden måste finnas i överenskommelsens personlista och arbeta "
                    "hos någon av parterna."
                )
            }
        )
    person = Person.objects.select_related("user", "party").get(pk=person.pk)
    invitee = _row(meeting, person, role=Invitee.Role.PRESENTER)
    invitee.party = meeting.agreement.parties.filter(party_id=person.party_id).first()
    invitee = _add(invitee, by, field="person")
    _log_added(meeting, invitee, by)
    _invite_later(meeting, [invitee], by)
    return invitee


@transaction.atomic
def invitees_add_function(*, meeting: Meeting, function: Function, by) -> list[Invitee]:
    """Call the holders of a "vid behov" function on the meeting's date."""
    meeting = _meeting(meeting)
    _check_open(meeting)
    if function.body_id != meeting.body_id or function.attendance != (
        Function.Attendance.AS_NEEDED
    ):
        raise ValidationError(
            {
                "function": _("Välj en funktion i %(body)s som deltar vid behov.")
                % {"body": meeting.body.name}
            }
        )
    seats = list(
        Seat.objects.current(meeting.date)
        .filter(function=function)
        .select_related("function__party", "person__user", "person__party")
        .order_by("valid_from", "pk")
    )
    if not seats:
        raise ValidationError(
            {
                "function": _("Ingen innehar funktionen %(function)s den %(day)s.")
                % {"function": function.title, "day": meeting.date.isoformat()}
            }
        )
    invited = {email.lower() for email in meeting.invitees.values_list("email", flat=True)}
    added = []
    for seat in seats:
        row = _row(meeting, seat.person, role=Invitee.Role.AS_NEEDED, function=function)
        row.party = function.party
        if row.email and row.email not in invited:
            added.append(_save(row, by))
            invited.add(row.email)
    if not added:
        raise ValidationError({"function": _("Funktionens innehavare är redan kallade.")})
    for invitee in added:
        _log_added(meeting, invitee, by)
    _invite_later(meeting, added, by)
    return added


# --- apologies -----------------------------------------------------------------------------


def _substitute_for(meeting: Meeting, invitee: Invitee, invited: set[str]):
    """The first substitute of the invitee's seat on the meeting's date who has an address
    and is not invited already, or None."""
    if invitee.role not in SEAT_ROLES or not (invitee.person_id and invitee.function_id):
        return None
    seat = (
        Seat.objects.current(meeting.date)
        .filter(function_id=invitee.function_id, person_id=invitee.person_id)
        .order_by("valid_from", "pk")
        .first()
    )
    if seat is None:
        return None
    for substitute in seat.substitutes.select_related("person__user", "person__party").order_by(
        "pk"
    ):
        email = _address(substitute.person.user.email)
        if email and email not in invited:
            return substitute.person
    return None


@transaction.atomic
def invitee_excuse(*, invitee: Invitee, by, now: datetime | None = None) -> Invitee | None:
    """Record a member's apologies (anmält förhinder): the member is excused and their
    seat's substitute is invited in their place, for the same function and party. Returns
    the substitute's row, or None when there is nobody to stand in."""
    meeting = _meeting(invitee.meeting)
    invitee = (
        Invitee.objects.select_for_update(of=("self",))
        .select_related("function", "party")
        .get(pk=invitee.pk, meeting=meeting)
    )
    _check_open(meeting, now)
    if invitee.attendance == Invitee.Attendance.EXCUSED:
        raise ValidationError(_("%(name)s har redan anmält förhinder.") % {"name": invitee.name})
    invitee.attendance = Invitee.Attendance.EXCUSED
    _save(invitee, by, fields=["attendance"])
    invited = {email.lower() for email in meeting.invitees.values_list("email", flat=True)}
    person = _substitute_for(meeting, invitee, invited)
    substitute = None
    if person is not None:
        substitute = _row(
            meeting,
            person,
            role=Invitee.Role.SUBSTITUTE,
            function=invitee.function,
            replaces=invitee,
        )
        substitute.party = invitee.party
        substitute = _save(substitute, by)
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.invitee.excused",
        obj=meeting,
        data=_facts(meeting, name=invitee.name, substitute=substitute.name if substitute else ""),
    )
    if substitute is not None:
        _invite_later(meeting, [substitute], by)
    return substitute


# --- delivery ------------------------------------------------------------------------------


def invitations_retry(*, meeting: Meeting, by) -> int:
    """Send the meeting's undelivered messages again (the meeting page's "Försök igen");
    returns how many."""
    count = messages_retry(messages=OutboundMessage.objects.about(meeting))
    if count:
        event_log(
            agreement=meeting.agreement,
            actor=by,
            action="councils.invitations.retried",
            obj=meeting,
            data=_facts(meeting, count=count),
        )
    return count


# --- the calendar feed -----------------------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, user) -> tuple[CalendarFeed, bool]:
    """Give the user a calendar feed with a new secret address; the old address, if any,
    stops working. Returns (feed, created)."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user), True
    feed.token = new_feed_token()
    feed.created_at = timezone.now()
    feed.full_clean()
    feed.save(update_fields=["token", "created_at"])
    return feed, False


@transaction.atomic
def calendar_feed_revoke(*, user) -> bool:
    """Remove the user's calendar feed: its address answers 404 from now on. False if
    there was none."""
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
