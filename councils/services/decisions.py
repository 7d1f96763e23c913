"""Decisions (beslut) and the assignments (uppdrag) they give. Each service runs in one
transaction, checks its rules and logs an event (how the events read: councils/events.py).

"Beslut i det strategiska rådet bygger på konsensus mellan parterna": a decision is
adopted only when every party of the agreement is represented at the meeting, none
objects and at least one agrees; otherwise it is recorded as not adopted, with the
reason. The agreement gives the operative group no other way of deciding, so its
decisions are recorded the same way. Each position is given by someone present for the
party (a substitute for a member counts for the member's party).
"""

from collections.abc import Mapping
from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.models import AgreementParty
from samverkan.services import _save, changes_apply, event_log, version_check

from ..models import AgendaItem, Assignment, Body, Decision, Invitee, Position
from ..selectors import present_for_parties
from .annexes import decided, decision_subject, decision_taken_back
from .minutes import approvals_withdraw, check_editable, meeting_lock

Stance = Position.Stance


def adoption(parties, stances: Mapping[int, str], represented: set[int]) -> tuple[bool, str]:
    """(adopted, reason in the active language) by consensus of `parties` (in the
    agreement's order), given each represented party's stance by party id."""
    reasons = []
    for party in parties:
        if party.pk not in represented:
            reasons.append(_("%(party)s var inte företrädd.") % {"party": party.short_name})
        elif stances.get(party.pk) == Stance.OBJECTS:
            reasons.append(_("%(party)s invände.") % {"party": party.short_name})
    if not reasons and Stance.AGREES not in stances.values():
        reasons.append(_("Ingen part instämde."))
    return not reasons, " ".join(reasons)


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    text: str,
    positions: Mapping[AgreementParty, tuple[str, Invitee]],
    by,
    subject=None,
    subject_hash: str = "",
) -> Decision:
    """Record a decision on an agenda item with each represented party's position,
    {party: (Position.Stance, the invitee who gave it)}, and whether it was adopted.

    `subject` is the object decided on (an annex version, say) and `subject_hash` what it
    was decided on (its content hash). Errors name the fields `stance_<party id>` and
    `given_by_<party id>`."""
    meeting = meeting_lock(item.meeting)
    check_editable(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Beslut registreras när mötet har börjat."))
    parties = list(meeting.agreement.parties.order_by("order", "pk"))
    present = present_for_parties(meeting)
    if not present:
        # A decision with nobody present would be recorded as not taken, for good.
        raise ValidationError(_("Registrera närvaron vid mötet innan beslutet registreras."))
    errors = {}
    stances = {}
    known = {party.pk for party in parties}
    for party, (stance, given_by) in positions.items():
        if party.pk not in known:
            errors["__all__"] = _("Parten hör inte till överenskommelsen.")
            continue
        if stance not in Stance.values:
            errors[f"stance_{party.pk}"] = _("Välj instämmer, invänder eller avstår.")
        present_for_party = {i.pk for i in present.get(party.pk, [])}
        if given_by is None or given_by.pk not in present_for_party:
            errors[f"given_by_{party.pk}"] = _(
                "Ställningstagandet för %(party)s ska lämnas av någon som är närvarande för parten."
            ) % {"party": party.short_name}
        stances[party.pk] = stance
    for party in parties:
        if party.pk in present and party.pk not in stances:
            errors[f"stance_{party.pk}"] = _(
                "Ange ställningstagandet för %(party)s, som är företrädd vid mötet."
            ) % {"party": party.short_name}
    if subject is None:
        # An item about an annex version decides that version, on the hash presented.
        found = decision_subject(item)
        subject, subject_hash = found.get("subject"), found.get("subject_hash", subject_hash)
    # Taken at the meeting, whenever the convener records it.
    decision = Decision(item=item, text=text.strip(), decided_at=meeting.starts_at)
    if subject is not None:
        decision.subject_type = ContentType.objects.get_for_model(subject)
        decision.subject_id = subject.pk
    decision.subject_hash = subject_hash
    try:
        decision.full_clean(exclude=["adopted", "reason"])
    except ValidationError as exc:
        errors |= exc.message_dict
    if errors:
        raise ValidationError(errors)
    # The reason is part of the minutes, kept in the minutes' language.
    with translation.override(settings.LANGUAGE_CODE):
        decision.adopted, decision.reason = adoption(parties, stances, set(present))
    _save(decision, by)
    for party, (stance, given_by) in positions.items():
        _save(Position(decision=decision, party=party, stance=stance, given_by=given_by), by)
    approvals_withdraw(meeting, by)
    decided(decision, by)
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.decision.recorded",
        obj=decision,
        data={
            "meeting": str(meeting),
            "item": item.title,
            "decision": decision.text[:200],
            "adopted": decision.adopted,
            "reason": decision.reason,
            "positions": {
                party.short_name: stance for party, (stance, _given_by) in positions.items()
            },
        },
    )
    return decision


@transaction.atomic
def decision_remove(*, decision: Decision, by) -> None:
    """Take back a decision recorded by mistake, while the minutes are open and it has
    given no assignment."""
    meeting = meeting_lock(decision.item.meeting)
    check_editable(meeting)
    if decision.assignments.exists():
        raise ValidationError(
            _("Beslutet har gett uppdrag och kan inte tas bort. Avbryt uppdraget i stället.")
        )
    decision_taken_back(decision, by)
    event_log(
        agreement=meeting.agreement,
        actor=by,
        action="councils.decision.removed",
        obj=decision,
        data={"meeting": str(meeting), "item": decision.item.title, "decision": decision.text},
    )
    for position in decision.positions.all():
        position._history_user = by
        position.delete()
    decision._history_user = by
    decision.delete()
    approvals_withdraw(meeting, by)


@transaction.atomic
def assignment_give(
    *,
    decision: Decision,
    description: str,
    responsible_party: AgreementParty,
    due_on: date,
    by,
) -> Assignment:
    """An adopted council decision gives the operative group an assignment, with the
    party responsible and the day it is due."""
    meeting = meeting_lock(decision.item.meeting)
    check_editable(meeting)
    agreement = meeting.agreement
    if meeting.body.kind != Body.Kind.STRATEGIC_COUNCIL:
        raise ValidationError(_("Uppdrag till operativa gruppen ges av strategiska rådet."))
    if not decision.adopted:
        raise ValidationError(_("Beslutet fattades inte och kan inte ge något uppdrag."))
    group = agreement.bodies.filter(kind=Body.Kind.OPERATIVE_GROUP).first()
    if group is None:
        raise ValidationError(_("Överenskommelsen har ingen operativ samverkansgrupp."))
    errors = {}
    if responsible_party.agreement_id != agreement.pk:
        errors["responsible_party"] = _("Parten måste vara part i samma överenskommelse.")
    if due_on is not None and due_on <= meeting.date:
        errors["due_on"] = _("Uppdraget ska vara klart efter mötet (%(day)s).") % {
            "day": meeting.date.isoformat()
        }
    elif due_on is not None and not agreement.covers(due_on):
        errors["due_on"] = _(
            "Uppdraget ska vara klart inom överenskommelsens giltighetstid (%(start)s–%(end)s)."
        ) % {"start": agreement.valid_from.isoformat(), "end": agreement.valid_to.isoformat()}
    if errors:
        raise ValidationError(errors)
    assignment = Assignment(
        decision=decision,
        body=group,
        description=description.strip(),
        responsible_party=responsible_party,
        due_on=due_on,
    )
    _save(assignment, by)
    event_log(
        agreement=agreement,
        actor=by,
        action="councils.assignment.given",
        obj=assignment,
        data={
            "assignment": assignment.description[:200],
            "party": responsible_party.short_name,
            "due": due_on,
            "meeting": str(meeting),
        },
    )
    return assignment


# Where an assignment may go from each state; reported and cancelled are final.
_OPEN, _IN_PROGRESS = Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS
_REPORTED, _CANCELLED = Assignment.Status.REPORTED, Assignment.Status.CANCELLED
TRANSITIONS = {
    _OPEN: {_IN_PROGRESS, _REPORTED, _CANCELLED},
    _IN_PROGRESS: {_OPEN, _REPORTED, _CANCELLED},
    _REPORTED: set(),
    _CANCELLED: set(),
}


def next_states(assignment: Assignment) -> list[str]:
    """The states an assignment may move to (its own first while it is not final)."""
    targets = TRANSITIONS[Assignment.Status(assignment.status)]
    if not targets:
        return []
    return [s for s in Assignment.Status.values if s == assignment.status or s in targets]


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    status: str,
    report: str = "",
    by,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Assignment:
    """Move an assignment on (open → in progress → reported with the report-back, or
    cancelled) and keep its report; saves and logs nothing when nothing differs."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("body__agreement", "responsible_party")
        .get(pk=assignment.pk)
    )
    version_check(instance=assignment, expected=expected_version)
    current = Assignment.Status(assignment.status)
    if not TRANSITIONS[current]:
        raise ValidationError(
            _("Uppdraget är redan avslutat (%(status)s).") % {"status": current.label}
        )
    if status != current and status not in TRANSITIONS[current]:
        raise ValidationError({"status": _("Uppdraget kan inte få den statusen.")})
    report = report.strip()
    if status == Assignment.Status.REPORTED and not report:
        raise ValidationError({"report": _("Skriv återrapporten till strategiska rådet.")})
    fields = {"status": status, "report": report}
    if status == Assignment.Status.REPORTED:
        fields["reported_at"] = now or timezone.now()
    changes = changes_apply(assignment, fields)
    if not changes:
        return assignment
    _save(assignment, by, fields=list(changes))
    event_log(
        agreement=assignment.body.agreement,
        actor=by,
        action="councils.assignment.changed",
        obj=assignment,
        data={
            "assignment": assignment.description[:200],
            "status": status,
            "old_status": current.value,
        },
    )
    return assignment
