"""Reads the councils' pages and services share: plain queries, no state changes."""

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

from samverkan.models import Person

from .models import Body, Function, Seat, Substitute


def eligible_people(agreement):
    """People who may be put on this agreement's rosters: its directory, staff of its parties."""
    return (
        agreement.people.filter(party__agreements__agreement=agreement)
        .select_related("user", "party")
        .distinct()
    )


def _latest(queryset, field: str, ref: str) -> Subquery:
    """`field` of the newest record in `queryset` with the id in the outer row's `ref`."""
    newest = queryset.filter(id=OuterRef(ref)).order_by("-history_date", "-history_id")
    return Subquery(newest.values(field)[:1])


def _person_name(ref: str) -> Subquery:
    """Person.name of the person in the outer row's `ref`: full name, else username."""
    full_name = Trim(Concat("user__first_name", Value(" "), "user__last_name"))
    name = Coalesce(NullIf(full_name, Value("")), "user__username")
    return Subquery(Person.objects.filter(pk=OuterRef(ref)).values(name=name)[:1])


def roster_history_querysets(body):
    """The body's history tables, annotated with what their labels show, and the labels.

    Returns (querysets, labels) for samverkan.history.history_entries; only the rows
    of the page shown are annotated, so the names cost no query of their own."""
    from django.utils.translation import gettext as _

    functions = Function.history.filter(body_id=body.pk)
    seats = Seat.history.filter(function_id__in=functions.values("id"))
    substitutes = Substitute.history.filter(seat_id__in=seats.values("id"))
    # A function is named by its latest title, as the roster names it.
    seats = seats.annotate(
        function_title=_latest(functions, "title", "function_id"),
        person_name=_person_name("person_id"),
    )
    substitutes = substitutes.annotate(
        seat_function_id=_latest(seats, "function_id", "seat_id"),
        function_title=_latest(functions, "title", "seat_function_id"),
        person_name=_person_name("person_id"),
    )
    labels = {
        Seat: lambda r: f"{r.function_title or '?'}: {r.person_name or '?'}",
        Substitute: lambda r: (
            _("%(person)s, ersättare (%(function)s)")
            % {"person": r.person_name or "?", "function": r.function_title or "?"}
        ),
    }
    querysets = (Body.history.filter(id=body.pk), functions, seats, substitutes)
    return querysets, labels
