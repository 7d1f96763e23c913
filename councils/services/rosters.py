"""Roster changes. Each runs in one transaction, checks its rules and logs an event
(how the events read: councils/events.py).

Permissions follow the roster through `roster_changed`, which the signals in apps.py
call after every save or delete, so a change made in the Django admin takes effect
exactly like one made here."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from samverkan.models import Agreement, AgreementParty, Person
from samverkan.services import (
    _save,
    changes_apply,
    event_log,
    fields_check,
    person_directory_add,
    version_check,
)

from ..models import Body, Function, Seat, Substitute
from ..selectors import eligible_people


def _overlapping(seats, valid_from: date, valid_to: date | None):
    """Seats in the queryset whose period meets [valid_from, valid_to]."""
    seats = seats.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        seats = seats.filter(valid_from__lte=valid_to)
    return seats


def _holders_overlap(function: Function) -> bool:
    """Whether two of the function's appointments that have not ended share a day."""
    periods = sorted(
        (start, end or date.max)  # no end: until further notice
        for start, end in function.seats.not_ended().values_list("valid_from", "valid_to")
    )
    latest_end = None
    for start, end in periods:
        if latest_end is not None and start <= latest_end:
            return True
        latest_end = end if latest_end is None else max(latest_end, end)
    return False


def _check_works_for(person: Person, function: Function) -> None:
    """A seat acts for its function's party, so only that party's own staff may hold it."""
    if person.party_id != function.party.party_id:
        raise ValidationError(
            {
                "person": _("%(person)s arbetar inte hos %(party)s, som funktionen hör till.")
                % {"person": person.name, "party": function.party.party.name}
            }
        )


def _check_party(body: Body, party: AgreementParty) -> None:
    if party.agreement_id != body.agreement_id:
        raise ValidationError({"party": _("Parten måste vara part i samma överenskommelse.")})


@transaction.atomic
def function_create(
    *,
    body: Body,
    title: str,
    party: AgreementParty,
    attendance: str = Function.Attendance.ALWAYS,
    is_group: bool = False,
    is_management_group: bool = False,
    note: str = "",
    by,
) -> Function:
    """Add a function to a body's roster, last in order."""
    _check_party(body, party)
    last = body.functions.order_by("-order").values_list("order", flat=True).first() or 0
    function = Function(
        body=body,
        title=title,
        party=party,
        attendance=attendance,
        is_group=is_group,
        is_management_group=is_management_group,
        note=note,
        order=last + 1,
    )
    _save(function, by)
    event_log(
        agreement=body.agreement,
        actor=by,
        action="councils.function.created",
        obj=function,
        data={"function": title, "body": body.name, "party": party.short_name},
    )
    return function


# What an edit of the roster may change; the body and the order are not among them.
FUNCTION_FIELDS = ("title", "party", "attendance", "is_group", "is_management_group", "note")


@transaction.atomic
def function_update(
    *, function: Function, by, expected_version: int | None = None, **fields
) -> Function:
    """Change any of FUNCTION_FIELDS; refuses stale edits, saves and logs nothing when
    nothing differs."""
    fields_check(service="function_update", fields=fields, allowed=FUNCTION_FIELDS)
    function = (
        Function.objects.select_for_update().select_related("body__agreement").get(pk=function.pk)
    )
    version_check(instance=function, expected=expected_version)
    if "party" in fields:
        _check_party(function.body, fields["party"])
        # A seat acts for its function's party: moving a held function to another party
        # would hand its holders that party's rights (and its signature).
        party = fields["party"]
        if party.pk != function.party_id and function.seats.not_ended().exists():
            raise ValidationError(
                {
                    "party": _(
                        "Funktionen har innehavare. Avsluta deras uppdrag innan funktionen "
                        "flyttas till en annan part."
                    )
                }
            )
    if fields.get("is_group") is False and function.is_group and _holders_overlap(function):
        raise ValidationError(
            {
                "is_group": _(
                    "Funktionen har flera innehavare under samma period och måste vara en grupp."
                )
            }
        )
    changes = changes_apply(function, fields)
    if not changes:
        return function
    _save(function, by, fields=list(changes))
    event_log(
        agreement=function.body.agreement,
        actor=by,
        action="councils.function.changed",
        obj=function,
        data={"function": function.title, "body": function.body.name, "changes": changes},
    )
    return function


@transaction.atomic
def function_remove(*, function: Function, by) -> None:
    """Take a function off the roster; only when nobody holds it any more, and never the
    function that convenes the body."""
    if function.seats.not_ended().exists():
        raise ValidationError(
            _("Funktionen har innehavare. Avsluta deras uppdrag innan funktionen tas bort.")
        )
    body = function.body
    if body.convener_function_id == function.pk:
        raise ValidationError(
            _(
                "%(function)s sammankallar %(body)s och kan inte tas bort: då kan ingen "
                "sammankalla organet."
            )
            % {"function": function.title, "body": body.name}
        )
    # Logged first: the event keeps the function's id, which delete() clears.
    event_log(
        agreement=body.agreement,
        actor=by,
        action="councils.function.removed",
        obj=function,
        data={"function": function.title, "body": body.name},
    )
    function._history_user = by
    function.delete()


@transaction.atomic
def seat_assign(
    *, function: Function, person: Person, valid_from: date, valid_to: date | None = None, by
) -> Seat:
    """Appoint a person to a function for a period inside the agreement's validity."""
    agreement = function.body.agreement
    if not eligible_people(agreement).filter(pk=person.pk).exists():
        raise ValidationError(
            {"person": _("Personen arbetar inte hos någon av överenskommelsens parter.")}
        )
    _check_works_for(person, function)
    seat = Seat(function=function, person=person, valid_from=valid_from, valid_to=valid_to)
    seat.full_clean(exclude=["function", "person"], validate_unique=False)
    # Locks the function so two coordinators cannot both fill a single seat.
    Function.objects.select_for_update().filter(pk=function.pk).first()
    overlapping = _overlapping(function.seats.all(), valid_from, valid_to)
    if overlapping.filter(person=person).exists():
        raise ValidationError(
            {"person": _("Personen har redan den här funktionen under perioden.")}
        )
    if not function.is_group:
        holder = overlapping.select_related("person__user").first()
        if holder is not None:
            raise ValidationError(
                {
                    "valid_from": _(
                        "%(function)s innehas redan av %(person)s under perioden. Avsluta det "
                        "uppdraget först, eller gör funktionen till en grupp."
                    )
                    % {"function": function.title, "person": holder.person.name}
                }
            )
    _save(seat, by)
    event_log(
        agreement=agreement,
        actor=by,
        action="councils.seat.assigned",
        obj=seat,
        data={
            "person": person.name,
            "function": function.title,
            "body": function.body.name,
            "start": valid_from,
            "end": valid_to,
        },
    )
    return seat


@transaction.atomic
def seat_end(*, seat: Seat, valid_to: date, by, successor: Person | None = None) -> Seat:
    """End a seat on a given day (inclusive); its rights go with it. Ending it on the day
    it already ends writes nothing. A successor, if given, is appointed from the next day
    in the same step: the last holder of a body's convening function leaves only so."""
    seat = (
        Seat.objects.select_for_update()
        .select_related("function__body__agreement", "person__user")
        .get(pk=seat.pk)
    )
    if seat.valid_to is not None and valid_to > seat.valid_to:
        raise ValidationError(
            {
                "valid_to": _(
                    "Uppdraget slutar redan %(end)s. Ett avslutat uppdrag kan inte förlängas; "
                    "tillsätt personen på nytt i stället."
                )
                % {"end": seat.valid_to.isoformat()}
            }
        )
    changes = changes_apply(seat, {"valid_to": valid_to})
    if not changes and successor is None:
        return seat
    seat.full_clean()
    if changes and not seat.function.is_group:
        other = (
            _overlapping(seat.function.seats.exclude(pk=seat.pk), seat.valid_from, valid_to)
            .select_related("person__user")
            .first()
        )
        if other is not None:
            raise ValidationError(
                {
                    "valid_to": _(
                        "%(function)s innehas av %(person)s från och med %(start)s. "
                        "Välj en tidigare sista dag."
                    )
                    % {
                        "function": seat.function.title,
                        "person": other.person.name,
                        "start": other.valid_from.isoformat(),
                    }
                }
            )
    if changes:
        _save(seat, by, fields=list(changes))
        event_log(
            agreement=seat.function.body.agreement,
            actor=by,
            action="councils.seat.ended",
            obj=seat,
            data={
                "person": seat.person.name,
                "function": seat.function.title,
                "body": seat.function.body.name,
                "end": valid_to,
                "changes": changes,
            },
        )
    if successor is not None:
        try:
            seat_assign(
                function=seat.function,
                person=successor,
                valid_from=valid_to + timedelta(days=1),
                by=by,
            )
        except ValidationError as exc:
            raise ValidationError({"successor": exc.messages}) from exc
    _check_convener_follows(seat)
    return seat


def _check_convener_follows(seat: Seat) -> None:
    """A body is never left without someone who can convene it: the last holder of its
    convening function leaves only once another holder is appointed from the next day
    (or on the agreement's last day)."""
    body = seat.function.body
    if seat.function_id != body.convener_function_id or seat.valid_to is None:
        return
    next_day = seat.valid_to + timedelta(days=1)
    if next_day > body.agreement.valid_to:
        return
    successor = seat.function.seats.exclude(pk=seat.pk).current(next_day).exists()
    if not successor:
        raise ValidationError(
            {
                "successor": _(
                    "%(person)s är den enda som sammankallar %(body)s. Välj en efterträdare "
                    "som tillsätts som %(function)s från och med %(day)s."
                )
                % {
                    "person": seat.person.name,
                    "body": body.name,
                    "function": seat.function.title,
                    "day": next_day.isoformat(),
                }
            }
        )


@transaction.atomic
def substitute_add(*, seat: Seat, person: Person, by) -> Substitute:
    """Appoint an ersättare for a seat (every function may, per the agreement)."""
    agreement = seat.function.body.agreement
    if person.pk == seat.person_id:
        raise ValidationError({"person": _("Innehavaren kan inte vara sin egen ersättare.")})
    if not eligible_people(agreement).filter(pk=person.pk).exists():
        raise ValidationError(
            {"person": _("Personen arbetar inte hos någon av överenskommelsens parter.")}
        )
    _check_works_for(person, seat.function)
    if seat.substitutes.filter(person=person).exists():
        raise ValidationError({"person": _("Personen är redan ersättare för uppdraget.")})
    substitute = Substitute(seat=seat, person=person)
    _save(substitute, by)
    event_log(
        agreement=agreement,
        actor=by,
        action="councils.substitute.added",
        obj=substitute,
        data=_substitute_facts(substitute),
    )
    return substitute


@transaction.atomic
def substitute_remove(*, substitute: Substitute, by) -> None:
    """Remove an ersättare from a seat; their rights go with it."""
    # Logged first: the event keeps the substitute's id, which delete() clears.
    event_log(
        agreement=substitute.seat.function.body.agreement,
        actor=by,
        action="councils.substitute.removed",
        obj=substitute,
        data=_substitute_facts(substitute),
    )
    substitute._history_user = by
    substitute.delete()


def _substitute_facts(substitute: Substitute) -> dict:
    seat = substitute.seat
    return {
        "person": substitute.person.name,
        "holder": seat.person.name,
        "function": seat.function.title,
        "body": seat.function.body.name,
    }


def agreement_period_check(agreement) -> None:
    """Refuse new agreement dates that would leave appointments outside the period.

    Registered with samverkan.services.AGREEMENT_PERIOD_CHECKS (see apps.py)."""
    seats = Seat.objects.filter(function__body__agreement=agreement)
    errors = {}
    early = seats.filter(valid_from__lt=agreement.valid_from).count()
    if early:
        errors["valid_from"] = _(
            "%(count)s uppdrag börjar före det nya startdatumet. Ändra dem först."
        ) % {"count": early}
    late = seats.filter(Q(valid_to__gt=agreement.valid_to) | Q(valid_from__gt=agreement.valid_to))
    if late.exists():
        errors["valid_to"] = _(
            "%(count)s uppdrag slutar efter det nya slutdatumet. Ändra dem först."
        ) % {"count": late.count()}
    if errors:
        raise ValidationError(errors)


def _agreement_id_of(instance) -> int | None:
    """The agreement a roster object or a party belongs to; None once a cascade removed it."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        if isinstance(instance, Body | AgreementParty):
            return instance.agreement_id
        if isinstance(instance, Function):
            return instance.body.agreement_id
        if isinstance(instance, Seat):
            return instance.function.body.agreement_id
        if isinstance(instance, Substitute):
            return instance.seat.function.body.agreement_id
    except ObjectDoesNotExist:
        return None
    return None


def roster_changed(*, instance, created: bool = False) -> None:
    """Bring the agreement's directory and permissions up to date after a roster object
    or a party's signatory changed, however it changed (service, admin, loaddemo)."""
    from ..roles import agreement_sync_permissions

    agreement = Agreement.objects.filter(pk=_agreement_id_of(instance)).first()
    if agreement is None:  # gone when the agreement itself is being deleted
        return
    if created and isinstance(instance, Seat | Substitute):
        # Whoever sits on a roster is in the agreement's directory, however they got there.
        person_directory_add(person=instance.person, agreement=agreement)
    agreement_sync_permissions(agreement=agreement)
