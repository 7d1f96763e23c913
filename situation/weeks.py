"""ISO weeks, stored by their Monday: arithmetic over weeks is arithmetic over dates, so
a year with a week 53 or a year boundary needs no special case."""

from datetime import date, timedelta

from django.http import Http404
from django.utils import timezone

WEEK = timedelta(days=7)


def monday(day: date) -> date:
    """The Monday of the ISO week `day` is in."""
    return day - timedelta(days=day.weekday())


def from_iso(year: int, week: int) -> date:
    """The Monday of ISO week `week` of ISO year `year`; ValueError if there is no such
    week (week 53 exists only in some years)."""
    return date.fromisocalendar(year, week, 1)


def from_url(year: int, week: int) -> date:
    """As from_iso, but a week that does not exist is a page that does not exist."""
    try:
        return from_iso(year, week)
    except ValueError as exc:
        raise Http404 from exc


def iso(monday_of_week: date) -> tuple[int, int]:
    """(ISO year, ISO week) of the week starting that Monday."""
    year, week, _day = monday_of_week.isocalendar()
    return year, week


def label(monday_of_week: date) -> str:
    """ "2025-W10", as ISO 8601 writes a week (and as people search for it)."""
    year, week = iso(monday_of_week)
    return f"{year}-W{week:02d}"


def weeks_before(monday_of_week: date, count: int) -> list[date]:
    """The `count` Mondays before this week's, oldest first."""
    return [monday_of_week - WEEK * n for n in range(count, 0, -1)]


def is_late(monday_of_week: date, reported_on: date) -> bool:
    """A report is late when it is made after the Monday following its week: the
    check-in of that week has then been held."""
    return reported_on > monday_of_week + WEEK


def current(agreement, today: date | None = None) -> date:
    """This week's Monday, kept inside the agreement (its first or last week)."""
    today = today or timezone.localdate()
    day = min(max(today, agreement.valid_from), agreement.valid_to)
    return monday(day)


def last_complete(agreement, today: date | None = None) -> date:
    """The Monday of the last week that has ended (last week while one runs; the
    agreement's last week once it has ended): trends stop there, so a week still being
    reported does not show as a drop."""
    today = today or timezone.localdate()
    if today > agreement.valid_to:
        return monday(agreement.valid_to)
    return max(monday(today) - WEEK, monday(agreement.valid_from))
