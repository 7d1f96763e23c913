"""The councils' models, one module per area; Django finds them through this package.

Rosters now; meetings, decisions and assignments get modules of their own beside it.
"""

from .rosters import Body, Function, Seat, SeatQuerySet, Substitute

__all__ = ["Body", "Function", "Seat", "SeatQuerySet", "Substitute"]
