"""iCalendar (RFC 5545/5546) for meetings: the invitation an e-mail carries and the
personal calendar feed, made with the `icalendar` package.

One UID per meeting for its whole life (Meeting.uid) and its SEQUENCE (raised by the
meeting services on every change sent) let Outlook, Google and Apple calendars update the
entry they already have instead of adding a second one. Times are written in local
Stockholm time with TZID=Europe/Stockholm and the zone's VTIMEZONE.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

TZID = "Europe/Stockholm"
STOCKHOLM = ZoneInfo(TZID)
PRODID = "-//Samverkan//Möten//SV"

REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass(frozen=True)
class Address:
    """A calendar user: a name and an e-mail address."""

    name: str
    email: str


def vtimezone() -> icalendar.Timezone:
    """Europe/Stockholm as a VTIMEZONE with yearly rules (the EU's summer time, since 1996).

    Written with RRULEs, as Outlook writes its own, rather than the list of dates
    `Calendar.add_missing_timezones()` makes: Outlook reads only the first date of an
    RDATE list. The tests check it against the zoneinfo database."""
    zone = icalendar.Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    daylight = icalendar.TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = icalendar.TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(daylight)
    zone.add_component(standard)
    return zone


def _calendar(method: str | None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add_component(vtimezone())
    return cal


def summary(meeting) -> str:
    """The body and the kind of meeting, e.g. "Strategiskt råd – ordinarie möte"."""
    kind = meeting.get_kind_display().lower()
    text = f"{meeting.body.name} – {kind}"
    if meeting.extended:
        text += " " + _("(utökat med kommunens ledningsgrupp)")
    return text


def agenda_lines(items) -> list[str]:
    """The agenda as numbered lines, each with its presenter."""
    lines = []
    for number, item in enumerate(items, start=1):
        line = f"{number}. {item.title}"
        if item.presenter_id:
            line += " " + _("(föredragande: %(name)s)") % {"name": item.presenter.name}
        lines.append(line)
    return lines


def description(meeting, items) -> str:
    parts = []
    if meeting.is_cancelled and meeting.cancelled_reason:
        parts.append(_("Mötet är inställt: %(reason)s") % {"reason": meeting.cancelled_reason})
    lines = agenda_lines(items)
    if lines:
        parts.append(_("Dagordning") + ":\n" + "\n".join(lines))
    if meeting.video_link:
        parts.append(_("Videomöte: %(link)s") % {"link": meeting.video_link})
    return "\n\n".join(parts)


def location(meeting) -> str:
    return meeting.place or meeting.video_link


def _address(address: Address, **params) -> icalendar.vCalAddress:
    value = icalendar.vCalAddress(f"mailto:{address.email}")
    value.params["CN"] = address.name
    for key, param in params.items():
        value.params[key.upper().replace("_", "-")] = param
    return value


def _event(meeting, items, *, stamp: datetime, cancelled: bool) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", str(meeting.uid))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(meeting.starts_at, STOCKHOLM))
    event.add("dtend", timezone.localtime(meeting.ends_at, STOCKHOLM))
    event.add("summary", summary(meeting))
    if location(meeting):
        event.add("location", location(meeting))
    text = description(meeting, items)
    if text:
        event.add("description", text)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def invitation(
    meeting,
    *,
    method: str,
    items,
    invitees,
    organizer: Address,
    sent_by: str = "",
    now: datetime | None = None,
) -> str:
    """The calendar an invitation (METHOD:REQUEST) or a cancellation (METHOD:CANCEL)
    carries: the meeting with its organizer and one ATTENDEE per invitee."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unknown iTIP method {method!r}")
    stamp = (now or timezone.now()).astimezone(UTC)
    cancelled = method == CANCEL
    cal = _calendar(method)
    event = _event(meeting, items, stamp=stamp, cancelled=cancelled)
    organizer_params = {"sent_by": f"mailto:{sent_by}"} if sent_by else {}
    event.add("organizer", _address(organizer, **organizer_params))
    for invitee in invitees:
        excused = invitee.attendance == invitee.Attendance.EXCUSED
        event.add(
            "attendee",
            _address(
                Address(invitee.name, invitee.email),
                cutype="INDIVIDUAL",
                role="NON-PARTICIPANT" if excused else "REQ-PARTICIPANT",
                partstat="DECLINED" if excused else "NEEDS-ACTION",
                rsvp="FALSE" if excused or cancelled else "TRUE",
            ),
        )
    if cancelled:
        event.add("priority", 1)
    cal.add_component(event)
    return cal.to_ical().decode()


def feed(meetings, *, name: str, now: datetime | None = None) -> str:
    """A calendar to subscribe to (no METHOD, no attendees): the meetings, cancelled ones
    with STATUS:CANCELLED. Each meeting needs `items` prefetched with their presenters."""
    stamp = (now or timezone.now()).astimezone(UTC)
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for meeting in meetings:
        cal.add_component(
            _event(meeting, meeting.items.all(), stamp=stamp, cancelled=meeting.is_cancelled)
        )
    return cal.to_ical().decode()
