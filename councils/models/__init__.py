"""The councils' models, one module per area; Django finds them through this package."""

from .meetings import (
    AgendaItem,
    Assignment,
    CalendarFeed,
    Decision,
    Invitee,
    Meeting,
    MinutesAddendum,
    Position,
    StandingAgendaItem,
)
from .rosters import Body, Function, Seat, SeatQuerySet, Substitute

__all__ = [
    "AgendaItem",
    "Assignment",
    "Body",
    "CalendarFeed",
    "Decision",
    "Function",
    "Invitee",
    "Meeting",
    "MinutesAddendum",
    "Position",
    "Seat",
    "SeatQuerySet",
    "StandingAgendaItem",
    "Substitute",
]
