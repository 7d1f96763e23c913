"""Every state change of the councils, one module per area (rosters now; meetings,
decisions and assignments beside it). Callers may import from here or from the module."""

from .rosters import (
    agreement_period_check,
    function_create,
    function_remove,
    function_update,
    roster_changed,
    seat_assign,
    seat_end,
    substitute_add,
    substitute_remove,
)

__all__ = [
    "agreement_period_check",
    "function_create",
    "function_remove",
    "function_update",
    "roster_changed",
    "seat_assign",
    "seat_end",
    "substitute_add",
    "substitute_remove",
]
