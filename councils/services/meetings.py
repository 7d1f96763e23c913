"""Meetings of the bodies: scheduling, the annual plan, the agenda and the standing items.

Each service runs in one transaction, checks its rules and logs an event (how the events
read: councils/events.py). Invitations are the business of councils.services.invitations:
once a change of a convened meeting is committed, it is told (transaction.on_commit), so
a failing mail server never undoes a save.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.models import Person
from samverkan.services import _save, changes_apply, event_log, fields_check, version_check

from ..models import AgendaItem, Body, Meeting, StandingAgendaItem
from ..selectors import eligible_people
from . import invitations

# The standing items each kind of body starts with (from the agreement: the council
# follows the situation picture, the measures decided and the citizen promise; the
# operative group the action plan's status).
DEFAULT_STANDING_ITEMS = {
    Body.Kind.STRATEGIC_COUNCIL: [
        ("Aktuell lägesbild", AgendaItem.Kind.SITUATION_PICTURE),
        ("Arbete med beslutade åtgärder", AgendaItem.Kind.ACTION_PLAN_STATUS),
        ("Medborgarlöfte och uppföljning", AgendaItem.Kind.CITIZEN_PROMISE),
    ],
    Body.Kind.OPERATIVE_GROUP: [
        ("Åtgärdsplanens status", AgendaItem.Kind.ACTION_PLAN_STATUS),
    ],
}

# When the annual plan's meetings take place unless the coordinator moves them.
PLAN_STARTS, PLAN_ENDS = time(13, 0), time(15, 0)
# Swedish working life stops in July; the plan puts no meeting there.
NO_MEETINGS_IN = {7}
# Days off in practice though not public holidays in law.
DAYS_OFF = {(12, 24), (12, 31)}


# --- facts for the event log ------------------------------------------------------------


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _facts(meeting: Meeting, **more) -> dict:
    return {"body": meeting.body.name, "when": _local(meeting.starts_at), **more}


# --- telling the invitations ------------------------------------------------------------


def _after_commit(call, meeting: Meeting, by) -> None:
    """Tell the invitations once the change is committed: a failing mail server neither
    blocks nor undoes the save (the invitations record and retry each message)."""
    transaction.on_commit(lambda: call(meeting=meeting, by=by))


def _invite(meeting: Meeting, by) -> None:
    """The meeting was just convened: its invitees from the roster, then the invitations."""

    def send():
        invitations.invitees_from_roster(meeting=meeting, by=by)
        invitations.meeting_changed(meeting=meeting, by=by)

    transaction.on_commit(send)


# --- scheduling -------------------------------------------------------------------------


def _check_not_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("Mötet är inställt och kan inte ändras."))


def _copy_standing_items(meeting: Meeting, by) -> None:
    for order, standing in enumerate(meeting.body.standing_items.all(), start=1):
        _save(
            AgendaItem(meeting=meeting, order=order, title=standing.title, kind=standing.kind), by
        )


def _create(
    *,
    body: Body,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    video_link: str,
    extended: bool,
    by,
) -> Meeting:
    meeting = Meeting(
        agreement=body.agreement,
        body=body,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
        extended=extended,
    )
    _save(meeting, by)
    _copy_standing_items(meeting, by)
    return meeting


@transaction.atomic
def meeting_schedule(
    *,
    body: Body,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_link: str = "",
    extended: bool = False,
    by,
) -> Meeting:
    """Plan a meeting of the body, with the body's standing agenda items. It is a draft
    until the convener confirms it, except a meeting at a sudden event (hastigt uppkommen
    händelse), which is convened at once."""
    meeting = _create(
        body=body,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
        extended=extended,
        by=by,
    )
    event_log(
        agreement=body.agreement,
        actor=by,
        action="councils.meeting.planned",
        obj=meeting,
        data=_facts(meeting, kind=kind),
    )
    if kind == Meeting.Kind.SUDDEN:
        meeting_confirm(meeting=meeting, by=by)
    return meeting


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, by) -> Meeting:
    """Convene a planned meeting: it is scheduled and its invitations go out."""
    meeting = (
        Meeting.objects.select_for_update().select_related("body", "agreement").get(pk=meeting.pk)
    )
    _check_not_cancelled(meeting)
    if not meeting.is_draft:
        raise ValidationError(_("Mötet är redan kallat."))
    meeting.status = Meeting.Status.SCHEDULED
    _save(meeting, by, fields=["status"])
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.meeting.scheduled",
        obj=meeting,
        data=_facts(meeting),
    )
    _invite(meeting, by)
    return meeting


# What an edit or a move may change; the body, the status and the minutes are not among them.
MEETING_FIELDS = ("kind", "extended", "starts_at", "ends_at", "place", "video_link")


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, by, expected_version: int | None = None, **fields
) -> Meeting:
    """Edit or move a meeting (any of MEETING_FIELDS). A convened meeting's sequence number
    is raised and its invitees get an update; nothing is saved when nothing differs."""
    fields_check(service="meeting_update", fields=fields, allowed=MEETING_FIELDS)
    meeting = (
        Meeting.objects.select_for_update().select_related("body", "agreement").get(pk=meeting.pk)
    )
    version_check(instance=meeting, expected=expected_version)
    _check_not_cancelled(meeting)
    before = _local(meeting.starts_at)
    changes = changes_apply(meeting, fields)
    if not changes:
        return meeting
    updated = list(changes)
    if meeting.is_scheduled:
        meeting.sequence += 1
        updated.append("sequence")
    _save(meeting, by, fields=updated)
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.meeting.changed",
        obj=meeting,
        data=_facts(meeting, was=before, changes=changes),
    )
    if meeting.is_scheduled:
        _after_commit(invitations.meeting_changed, meeting, by)
    elif meeting.kind == Meeting.Kind.SUDDEN:
        meeting_confirm(meeting=meeting, by=by)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by) -> Meeting:
    """Cancel a meeting that has not been held, with the reason; a convened meeting's
    invitees get a cancellation."""
    meeting = (
        Meeting.objects.select_for_update().select_related("body", "agreement").get(pk=meeting.pk)
    )
    if meeting.is_cancelled:
        raise ValidationError(_("Mötet är redan inställt."))
    if meeting.has_ended():
        raise ValidationError(_("Mötet har redan hållits och kan inte ställas in."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Ange varför mötet ställs in.")})
    was_scheduled = meeting.is_scheduled
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_reason = reason
    updated = ["status", "cancelled_reason"]
    if was_scheduled:
        meeting.sequence += 1
        updated.append("sequence")
    try:
        _save(meeting, by, fields=updated)
    except ValidationError as exc:
        if "cancelled_reason" in getattr(exc, "error_dict", {}):
            raise ValidationError({"reason": exc.error_dict["cancelled_reason"]}) from exc
        raise
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.meeting.cancelled",
        obj=meeting,
        data=_facts(meeting, reason=reason),
    )
    from .annexes import meeting_cancelled  # annexes builds on this module

    meeting_cancelled(meeting, by)
    if was_scheduled:
        _after_commit(invitations.meeting_cancelled, meeting, by)
    return meeting


# --- the annual plan --------------------------------------------------------------------


def _days_off(year: int) -> set[date]:
    public = holidays.country_holidays("SE", years=year)
    days = set(public) | {date(year, month, day) for month, day in DAYS_OFF}
    # Midsommarafton: the Friday before Midsommardagen.
    days |= {day - timedelta(days=1) for day, name in public.items() if name == "Midsommardagen"}
    return days


def plan_days(*, body: Body, year: int, on: date | None = None) -> list[date]:
    """The days the year's meetings may take place: weekdays inside the agreement's
    validity and after `on`, not a Swedish public holiday, not in July."""
    agreement = body.agreement
    first = max(
        date(year, 1, 1), agreement.valid_from, (on or timezone.localdate()) + timedelta(days=1)
    )
    last = min(date(year, 12, 31), agreement.valid_to)
    off = _days_off(year)
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and day.month not in NO_MEETINGS_IN and day not in off:
            days.append(day)
        day += timedelta(days=1)
    return days


def _spread(days: list[date], count: int) -> list[date]:
    """`count` days spread evenly over `days`: the middle of each of `count` equal parts,
    moved to the nearest Tuesday, Wednesday or Thursday of that part where there is one."""
    count = min(count, len(days))
    chosen = []
    for n in range(count):
        part = days[len(days) * n // count : len(days) * (n + 1) // count]
        middle = part[len(part) // 2]
        midweek = [d for d in part if d.weekday() in (1, 2, 3)]
        chosen.append(min(midweek, key=lambda d: abs(d - middle)) if midweek else middle)
    return chosen


def _extended_slots(count: int, extended: int) -> list[bool]:
    """Which of `count` meetings are extended when `extended` of them are: spread out,
    e.g. the second and the fourth of four."""
    if count <= 0:
        return []
    return [(n + 1) * extended // count > n * extended // count for n in range(count)]


def annual_plan_dates(*, body: Body, year: int, on: date | None = None) -> list[tuple[date, bool]]:
    """The ordinary meetings the year still needs, as (day, extended): the cadence's days,
    spread over the year, less one for each ordinary meeting already planned (the nearest)."""
    cadence = body.ordinary_meetings_per_year
    slots = list(
        zip(
            _spread(plan_days(body=body, year=year, on=on), cadence),
            _extended_slots(cadence, body.extended_meetings_per_year),
            strict=False,
        )
    )
    planned = list(
        body.meetings.not_cancelled()
        .in_year(year)
        .filter(kind=Meeting.Kind.ORDINARY)
        .values_list("starts_at", "extended")
    )
    for starts_at, _extended in planned:
        if not slots:
            break
        day = timezone.localdate(starts_at)
        slots.remove(min(slots, key=lambda slot: abs(slot[0] - day)))
    # The extended meetings still needed, however the remaining slots were marked.
    wanted = max(body.extended_meetings_per_year - sum(e for _d, e in planned), 0)
    flags = [e for _d, e in slots]
    for n in range(len(flags)):
        if sum(flags) > wanted and flags[-1 - n]:
            flags[-1 - n] = False
    for n in range(len(flags)):
        if sum(flags) < wanted and not flags[n]:
            flags[n] = True
    return [(day, extended) for (day, _e), extended in zip(slots, flags, strict=True)]


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


@transaction.atomic
def annual_plan_propose(
    *, body: Body, year: int, by, on: date | None = None, place: str = ""
) -> list[Meeting]:
    """Propose the year's ordinary meetings from the body's cadence as drafts, spread over
    the year on working days (not Swedish public holidays, not July) inside the agreement
    and after `on` (default today), 13:00–15:00. Meetings already planned count, so a
    second run proposes nothing."""
    agreement = body.agreement
    if not (agreement.valid_from.year <= year <= agreement.valid_to.year):
        raise ValidationError(
            {
                "year": _("Överenskommelsen gäller inte %(year)s (%(start)s–%(end)s).")
                % {
                    "year": year,
                    "start": agreement.valid_from.isoformat(),
                    "end": agreement.valid_to.isoformat(),
                }
            }
        )
    # Locks the body: two coordinators proposing at once would plan the year twice.
    Body.objects.select_for_update().filter(pk=body.pk).first()
    meetings = [
        _create(
            body=body,
            kind=Meeting.Kind.ORDINARY,
            starts_at=_at(day, PLAN_STARTS),
            ends_at=_at(day, PLAN_ENDS),
            place=place,
            video_link="",
            extended=extended,
            by=by,
        )
        for day, extended in annual_plan_dates(body=body, year=year, on=on)
    ]
    if meetings:
        event_log(
            agreement=agreement,
            actor=by,
            action="councils.annual_plan.proposed",
            obj=body,
            data={
                "body": body.name,
                "year": year,
                "count": len(meetings),
                "days": [m.date.isoformat() for m in meetings],
            },
        )
    return meetings


@transaction.atomic
def annual_plan_confirm(*, body: Body, year: int, by) -> list[Meeting]:
    """Convene every planned (draft) meeting of the body in the year in one step."""
    drafts = body.meetings.filter(status=Meeting.Status.DRAFT).in_year(year)
    return [meeting_confirm(meeting=meeting, by=by) for meeting in drafts]


# --- the agenda -------------------------------------------------------------------------


def _check_agenda_open(meeting: Meeting) -> None:
    _check_not_cancelled(meeting)
    if meeting.minutes_locked:
        raise ValidationError(_("Protokollet är justerat. Dagordningen kan inte längre ändras."))


def _check_presenter(meeting: Meeting, presenter: Person | None) -> None:
    if presenter is not None and not (
        eligible_people(meeting.agreement).filter(pk=presenter.pk).exists()
    ):
        raise ValidationError(
            {
                "presenter": _(
                    "Föredraganden måste finnas i överenskommelsens personlista och arbeta "
                    "hos någon av parterna."
                )
            }
        )


def _next_order(items) -> int:
    return (items.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.OTHER,
    presenter: Person | None = None,
    notes: str = "",
    by,
) -> AgendaItem:
    """Add an item last on the meeting's agenda."""
    meeting = (
        Meeting.objects.select_for_update().select_related("body", "agreement").get(pk=meeting.pk)
    )
    _check_agenda_open(meeting)
    _check_presenter(meeting, presenter)
    item = AgendaItem(
        meeting=meeting,
        order=_next_order(meeting.items.all()),
        title=title,
        kind=kind,
        presenter=presenter,
        notes=notes,
    )
    _save(item, by)
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.agenda_item.added",
        obj=item,
        data=_facts(meeting, item=title),
    )
    return item


AGENDA_ITEM_FIELDS = ("title", "kind", "presenter", "notes")


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, by, expected_version: int | None = None, **fields
) -> AgendaItem:
    """Change an agenda item (any of AGENDA_ITEM_FIELDS); nothing is saved when nothing
    differs."""
    fields_check(service="agenda_item_update", fields=fields, allowed=AGENDA_ITEM_FIELDS)
    item = (
        AgendaItem.objects.select_for_update()
        .select_related("meeting__body", "meeting__agreement")
        .get(pk=item.pk)
    )
    version_check(instance=item, expected=expected_version)
    _check_agenda_open(item.meeting)
    if "presenter" in fields:
        _check_presenter(item.meeting, fields["presenter"])
    changes = changes_apply(item, fields)
    if not changes:
        return item
    _save(item, by, fields=list(changes))
    event_log(
        agreement=item.meeting.agreement,
        actor=by,
        action="councils.agenda_item.changed",
        obj=item,
        data=_facts(item.meeting, item=item.title, changes=changes),
    )
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by) -> None:
    """Take an item off the agenda (not once decisions are recorded on it)."""
    item = (
        AgendaItem.objects.select_for_update()
        .select_related("meeting__body", "meeting__agreement")
        .get(pk=item.pk)
    )
    _check_agenda_open(item.meeting)
    if item.decisions.exists():
        raise ValidationError(_("Punkten har beslut och kan inte tas bort."))
    from .annexes import item_removed  # annexes builds on this module

    item_removed(item, by)
    event_log(
        agreement=item.meeting.agreement,
        actor=by,
        action="councils.agenda_item.removed",
        obj=item,
        data=_facts(item.meeting, item=item.title),
    )
    item._history_user = by
    item.delete()


def _move(item, siblings: Iterable, direction: str, by) -> bool:
    """Swap the item with its neighbour above ("up") or below ("down"), numbering the
    list 1, 2, 3… on the way; False when it is already first or last."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Välj att flytta punkten upp eller ned."))
    ordered = list(siblings)
    at = next(n for n, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = at - 1 if direction == "up" else at + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[at], ordered[other] = ordered[other], ordered[at]
    for order, sibling in enumerate(ordered, start=1):
        if sibling.order != order:
            sibling.order = order
            _save(sibling, by, fields=["order"])
    return True


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, by) -> bool:
    """Move an item one step up or down the agenda."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _check_agenda_open(meeting)
    return _move(item, meeting.items.all(), direction, by)


# --- the body's standing items ----------------------------------------------------------


@transaction.atomic
def standing_item_add(*, body: Body, title: str, kind: str = AgendaItem.Kind.OTHER, by):
    """Add a standing item last; every meeting planned from now on starts with it."""
    item = StandingAgendaItem(
        body=body, order=_next_order(body.standing_items.all()), title=title, kind=kind
    )
    _save(item, by)
    event_log(
        agreement=body.agreement,
        actor=by,
        action="councils.standing_item.added",
        obj=item,
        data={"body": body.name, "item": title},
    )
    return item


@transaction.atomic
def standing_item_update(
    *, item: StandingAgendaItem, by, expected_version: int | None = None, **fields
) -> StandingAgendaItem:
    """Change a standing item's title or kind; meetings already planned keep theirs."""
    fields_check(service="standing_item_update", fields=fields, allowed=("title", "kind"))
    item = StandingAgendaItem.objects.select_for_update().select_related("body").get(pk=item.pk)
    version_check(instance=item, expected=expected_version)
    changes = changes_apply(item, fields)
    if not changes:
        return item
    _save(item, by, fields=list(changes))
    event_log(
        agreement=item.body.agreement,
        actor=by,
        action="councils.standing_item.changed",
        obj=item,
        data={"body": item.body.name, "item": item.title, "changes": changes},
    )
    return item


@transaction.atomic
def standing_item_remove(*, item: StandingAgendaItem, by) -> None:
    """Remove a standing item; meetings already planned keep their items."""
    event_log(
        agreement=item.body.agreement,
        actor=by,
        action="councils.standing_item.removed",
        obj=item,
        data={"body": item.body.name, "item": item.title},
    )
    item._history_user = by
    item.delete()


@transaction.atomic
def standing_item_move(*, item: StandingAgendaItem, direction: str, by) -> bool:
    """Move a standing item one step up or down."""
    Body.objects.select_for_update().filter(pk=item.body_id).first()
    return _move(item, StandingAgendaItem.objects.filter(body_id=item.body_id), direction, by)
