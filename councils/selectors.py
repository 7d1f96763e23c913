"""Reads the councils' pages and services share: plain queries, no state changes."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, ExtractYear, NullIf, Trim
from django.utils import timezone

from samverkan.models import Person

from .models import Assignment, Body, Function, Invitee, Meeting, Seat, Substitute


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


# --- attendance, minutes and assignments (issue 6) -------------------------------------


def meeting_attendees(meeting):
    """The meeting's invitees, each annotated with `for_party_id` and `for_function_id`:
    the party and function they attend for. A substitute counts for the member they
    replace, so their row takes the member's."""
    return (
        Invitee.objects.filter(meeting=meeting)
        .annotate(
            for_party_id=Coalesce(F("replaces__party_id"), F("party_id")),
            for_function_id=Coalesce(F("replaces__function_id"), F("function_id")),
        )
        .select_related("person__user", "replaces")
        .order_by("pk")
    )


def present_for_parties(meeting) -> dict[int, list]:
    """{agreement party id: the invitees present for it}: who may speak for each party."""
    present: dict[int, list] = {}
    for invitee in meeting_attendees(meeting).filter(attendance=Invitee.Attendance.PRESENT):
        if invitee.for_party_id is not None:
            present.setdefault(invitee.for_party_id, []).append(invitee)
    return present


def assignments_for_meeting(meeting):
    """The assignments a meeting takes up, of those given before it. The operative group
    works on the open ones; the council follows up the open ones it gave and hears those
    reported since its previous meeting. One reported after the meeting was still open
    then, so an earlier meeting keeps showing it; cancelled ones are left out."""
    assignments = Assignment.objects.select_related(
        "body", "responsible_party", "decision__item__meeting__body"
    ).filter(decision__item__meeting__starts_at__lt=meeting.starts_at)
    still_open = Q(status__in=[Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS])
    reported = Q(status=Assignment.Status.REPORTED)
    if meeting.body.kind == Body.Kind.OPERATIVE_GROUP:
        return assignments.filter(body=meeting.body).filter(
            still_open | (reported & Q(reported_at__gte=meeting.starts_at))
        )
    previous = (
        Meeting.objects.not_cancelled()
        .filter(body=meeting.body, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    since_previous = Q(reported_at__gte=Subquery(previous)) | ~Exists(previous)
    return assignments.filter(decision__item__meeting__body=meeting.body).filter(
        still_open | (reported & since_previous)
    )


def overdue_assignments(agreement, on=None):
    """Assignments past their due date and neither reported nor cancelled: both bodies
    list them."""
    return (
        Assignment.objects.filter(body__agreement=agreement)
        .overdue(on)
        .select_related("body", "responsible_party", "decision__item__meeting__body")
    )


# --- meetings ------------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceYear:
    """One calendar year of a body's meetings against its cadence."""

    year: int
    cadence: int
    planned: int
    held: int
    extended_cadence: int
    extended_planned: int
    extended_held: int

    @property
    def planned_in_full(self) -> bool:
        return self.planned >= self.cadence and self.extended_planned >= self.extended_cadence


def meeting_cadence(body, now=None) -> list[CadenceYear]:
    """Per calendar year of the agreement: ordinary meetings planned (not cancelled) and
    held (convened and ended) against the body's cadence, extended meetings likewise. One
    query, however many meetings and years."""
    now = now or timezone.now()
    held = Q(status=Meeting.Status.SCHEDULED, ends_at__lte=now)
    ordinary = Q(kind=Meeting.Kind.ORDINARY)
    extended = Q(extended=True)
    rows = {
        row["year"]: row
        for row in Meeting.objects.filter(body=body)
        .not_cancelled()
        .annotate(year=ExtractYear("starts_at"))
        .order_by()
        .values("year")
        .annotate(
            planned=Count("pk", filter=ordinary),
            held=Count("pk", filter=ordinary & held),
            extended_planned=Count("pk", filter=extended),
            extended_held=Count("pk", filter=extended & held),
        )
    }
    agreement = body.agreement
    empty = {"planned": 0, "held": 0, "extended_planned": 0, "extended_held": 0}
    return [
        CadenceYear(
            year=year,
            cadence=body.ordinary_meetings_per_year,
            extended_cadence=body.extended_meetings_per_year,
            **{key: rows.get(year, empty)[key] for key in empty},
        )
        for year in range(agreement.valid_from.year, agreement.valid_to.year + 1)
    ]


def meetings_visible(agreement, rights):
    """The agreement's meetings the user may see, and the bodies they are of: those of
    bodies the user may view; drafts only of bodies the user convenes."""
    bodies = [body for body in agreement.bodies.all() if rights.has("councils.view_body", body)]
    convened = [body.pk for body in bodies if rights.has("councils.convene_body", body)]
    meetings = Meeting.objects.filter(body__in=[body.pk for body in bodies]).filter(
        ~Q(status=Meeting.Status.DRAFT) | Q(body__in=convened)
    )
    return meetings, bodies
