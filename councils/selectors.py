"""Reads the councils' pages and services share: plain queries, no state changes."""

from samverkan.models import Person

from .models import Body, Function, Seat, Substitute


def eligible_people(agreement):
    """People who may be put on this agreement's rosters: its directory, staff of its parties."""
    return (
        agreement.people.filter(party__agreements__agreement=agreement)
        .select_related("user", "party")
        .distinct()
    )


def roster_history_querysets(body):
    """The body's history tables and a label per record, each label resolved without a query.

    Returns (querysets, labels) for samverkan.history.history_entries."""
    from django.utils.translation import gettext as _

    functions = {f.pk: f.title for f in Function.history.filter(body_id=body.pk)}
    seats = Seat.history.filter(function_id__in=list(functions))
    seat_functions = dict(seats.values_list("id", "function_id"))
    substitutes = Substitute.history.filter(seat_id__in=list(seat_functions))
    person_ids = set(seats.values_list("person_id", flat=True))
    person_ids |= set(substitutes.values_list("person_id", flat=True))
    people = {p.pk: p.name for p in Person.objects.filter(pk__in=person_ids).select_related("user")}
    labels = {
        Seat: lambda r: f"{functions.get(r.function_id, '?')}: {people.get(r.person_id, '?')}",
        Substitute: lambda r: (
            _("%(person)s, ersättare (%(function)s)")
            % {
                "person": people.get(r.person_id, "?"),
                "function": functions.get(seat_functions.get(r.seat_id), "?"),
            }
        ),
    }
    querysets = (
        Body.history.filter(id=body.pk),
        Function.history.filter(body_id=body.pk),
        seats,
        substitutes,
    )
    return querysets, labels
