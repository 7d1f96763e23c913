"""Attendance, minutes and justering, decisions and assignments: the meeting page's
sections for them (`meeting_page_context`) and the pages that change them.

The convener records attendance, writes the minutes, names the chair and the adjuster,
records decisions and gives assignments; the chair and the adjuster approve the minutes
themselves; whoever may submit input for the responsible party, or convene either body,
moves an assignment on. Once the agreement has ended nobody acts under it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverkan import annexes
from samverkan.formpage import form_page, post_action
from samverkan.models import AnnexVersion, Person
from samverkan.services import version_of

from ..access import CONVENE, agreement_runs, body_view, meeting_view
from ..forms_minutes import (
    AddendumForm,
    AssignmentForm,
    AssignmentUpdateForm,
    AttendanceForm,
    DecisionForm,
    MinutesForm,
    SignatoriesForm,
    invitee_label,
)
from ..models import Assignment, Body, Decision, Invitee, Position
from ..selectors import assignments_for_meeting, meeting_attendees
from ..services import annexes as annex_services
from ..services import decisions as decision_services
from ..services import minutes as minutes_services
from .common import meeting_url

SUBMIT_INPUT = "samverkan.submit_input_for_party"


def _locked_redirect(request, meeting):
    """Where a page that edits the minutes sends the user once they are locked."""
    messages.error(request, minutes_services.minutes_locked_message())
    return redirect(meeting_url(meeting))


# --- the meeting page's sections --------------------------------------------------------


def _representation(parties, attendees) -> list[dict]:
    """Per party of the agreement: whether someone present represents it, and who."""
    present: dict[int, list] = {}
    for invitee in attendees:
        if invitee.attendance == Invitee.Attendance.PRESENT and invitee.for_party_id:
            present.setdefault(invitee.for_party_id, []).append(invitee)
    return [
        {"party": party, "present": present.get(party.pk, []), "represented": party.pk in present}
        for party in parties
    ]


def may_report(rights, assignment) -> bool:
    """Whether the user may move an assignment on: the conveners of either body, and
    whoever submits input for the responsible party. Rights are read once per request."""
    return (
        rights.has(CONVENE, assignment.body)
        or rights.has(CONVENE, assignment.decision.item.meeting.body)
        or rights.has(SUBMIT_INPUT, assignment.responsible_party)
    )


def meeting_page_context(request, meeting) -> dict:
    """What the meeting page's attendance, minutes and decisions sections need, under the
    key `minutes`, in a constant number of queries however many items and invitees."""
    body, agreement = meeting.body, meeting.agreement
    parties = list(agreement.parties.order_by("order", "pk"))
    parties_by_id = {party.pk: party for party in parties}
    attendees = list(meeting_attendees(meeting))
    for invitee in attendees:
        invitee.label = invitee_label(invitee, parties_by_id)
    positions = Position.objects.select_related("party", "given_by").order_by("party__order")
    decisions = Decision.objects.prefetch_related(
        Prefetch("positions", queryset=positions),
        Prefetch("assignments", queryset=Assignment.objects.select_related("responsible_party")),
    )
    items = list(
        meeting.items.order_by("order", "pk").prefetch_related(
            Prefetch("decisions", queryset=decisions)
        )
    )
    # The chair and the adjuster are among those present, loaded with them.
    people = {i.person_id: i.person for i in attendees if i.person_id}
    missing = [pk for pk in (meeting.chair_id, meeting.adjuster_id) if pk and pk not in people]
    if missing:  # their invitation removed since: read them on their own
        people |= Person.objects.select_related("user").in_bulk(missing)
    chair, adjuster = people.get(meeting.chair_id), people.get(meeting.adjuster_id)

    acting = agreement_runs(agreement)
    can_convene = request.rights.has(CONVENE, body)
    open_for_edits = can_convene and not meeting.minutes_locked and not meeting.is_cancelled
    held = meeting.has_minutes
    user_id = request.user.pk
    approvals = []
    for person, approved_at, role in (
        (chair, meeting.chair_approved_at, _("ordförande")),
        (adjuster, meeting.adjuster_approved_at, _("justerare")),
    ):
        if person is not None:
            approvals.append({"person": person, "approved_at": approved_at, "role": role})
    can_approve = (
        acting
        and held
        and not meeting.minutes_locked
        and chair is not None
        and adjuster is not None
        and any(a["person"].user_id == user_id and not a["approved_at"] for a in approvals)
    )

    assignments = list(assignments_for_meeting(meeting))
    today = timezone.localdate()
    for assignment in assignments:
        assignment.overdue = assignment.is_overdue(today)
        assignment.may_update = assignment.status in ("open", "in_progress") and may_report(
            request.rights, assignment
        )

    return {
        "minutes": {
            "meeting": meeting,
            "attendees": attendees,
            "representation": _representation(parties, attendees),
            "items": items,
            "has_decisions": any(item.decisions.all() for item in items),
            # Addenda follow the lock only.
            "addenda": (
                list(meeting.addenda.select_related("by").order_by("at", "pk"))
                if meeting.minutes_locked
                else []
            ),
            "chair": chair,
            "adjuster": adjuster,
            "approvals": approvals,
            "locked": meeting.minutes_locked,
            "held": held,
            "can_record": open_for_edits and held,
            "can_edit": open_for_edits,
            "can_add_addendum": can_convene and meeting.minutes_locked,
            "can_approve": can_approve,
            "can_give_assignments": open_for_edits and body.kind == Body.Kind.STRATEGIC_COUNCIL,
            "assignments": assignments,
            "today": today,
        }
    }


# --- attendance -------------------------------------------------------------------------


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def attendance(request, agreement, body, meeting):
    if meeting.minutes_locked:
        return _locked_redirect(request, meeting)
    parties = {p.pk: p for p in agreement.parties.all()}
    form = AttendanceForm(
        request.POST or None, invitees=meeting_attendees(meeting), parties=parties
    )

    def save(data):
        minutes_services.attendance_record(
            meeting=meeting, attendance=form.attendance(), by=request.user
        )
        return _("Närvaron är sparad.")

    return form_page(
        request,
        form,
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Närvaro"),
        intro=str(meeting),
        submit_label=_("Spara närvaron"),
    )


# --- minutes and justering --------------------------------------------------------------


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def minutes_edit(request, agreement, body, meeting):
    if meeting.minutes_locked:
        return _locked_redirect(request, meeting)
    items = list(meeting.items.order_by("order", "pk"))
    form = MinutesForm(
        request.POST or None,
        items=items,
        initial={"version": minutes_services.minutes_version(meeting)},
    )

    def save(data):
        minutes_services.minutes_update(
            meeting=meeting,
            minutes=form.minutes(),
            by=request.user,
            expected_version=data.get("expected_version"),
        )
        return _("Protokollet är sparat.")

    return form_page(
        request,
        form,
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Protokoll"),
        intro=_("%(meeting)s. Anteckningar per punkt på dagordningen.") % {"meeting": meeting},
        submit_label=_("Spara protokollet"),
    )


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def minutes_signatories(request, agreement, body, meeting):
    if meeting.minutes_locked:
        return _locked_redirect(request, meeting)
    parties = {p.pk: p for p in agreement.parties.all()}
    present = [
        invitee
        for invitee in meeting_attendees(meeting).filter(attendance=Invitee.Attendance.PRESENT)
        if invitee.person_id and invitee.for_party_id
    ]
    labels = {i.person_id: invitee_label(i, parties) for i in present}
    chairing = body.chair_party_id
    people = Person.objects.select_related("user")
    form = SignatoriesForm(
        request.POST or None,
        chairs=people.filter(
            pk__in=[i.person_id for i in present if not chairing or i.for_party_id == chairing]
        ),
        adjusters=people.filter(
            pk__in=[i.person_id for i in present if not chairing or i.for_party_id != chairing]
        ),
        labels=labels,
        initial={"chair": meeting.chair_id, "adjuster": meeting.adjuster_id},
    )

    def save(data):
        minutes_services.minutes_signatories_set(meeting=meeting, by=request.user, **data)
        return _("Ordförande och justerare är utsedda.")

    intro = _("Båda ska vara närvarande; justeraren för en annan part än ordföranden.")
    if body.chair_party_id:
        intro = _(
            "Ordföranden företräder %(party)s. Justeraren är närvarande för en annan part."
        ) % {"party": parties[body.chair_party_id].short_name}
    return form_page(
        request,
        form,
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Ordförande och justerare"),
        intro=intro,
    )


@meeting_view("councils.view_body")
def minutes_approve(request, agreement, body, meeting):
    """The chair or the adjuster approves the minutes (POST); anyone else gets 403, also
    once the agreement has ended."""
    signatories = Person.objects.filter(pk__in=[meeting.chair_id, meeting.adjuster_id])
    if not agreement_runs(agreement) or not signatories.filter(user=request.user).exists():
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])

    def run():
        approved = minutes_services.minutes_approve(meeting=meeting, by=request.user)
        if approved.minutes_locked:
            return _("Protokollet är justerat och låst.")
        return _("Du har godkänt protokollet.")

    return post_action(request, run, redirect_to=meeting_url(meeting))


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def addendum_add(request, agreement, body, meeting):
    def save(data):
        minutes_services.addendum_add(meeting=meeting, by=request.user, **data)
        return _("Tillägget är sparat under protokollet.")

    return form_page(
        request,
        AddendumForm(request.POST or None),
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Tillägg till protokollet"),
        intro=_(
            "Protokollet är justerat och ändras inte. En rättelse sparas som ett daterat "
            "tillägg under protokollet."
        ),
        submit_label=_("Spara tillägget"),
    )


# --- decisions --------------------------------------------------------------------------


def _annex_decision_text(version) -> str:
    return _("Strategiska rådet beslutar att anta %(version)s: %(title)s.") % {
        "version": version,
        "title": version.title,
    }


def _annex_intro(version, body) -> str:
    """What the decision form says about the annex version the item is about: which
    version, the hash it was presented with, and what an adopted decision does."""
    if body.kind != Body.Kind.STRATEGIC_COUNCIL:
        return _("Punkten gäller %(version)s, men bilagor beslutas av strategiska rådet.") % {
            "version": version
        }
    if version.state != AnnexVersion.State.PRESENTED:
        return _(
            "Punkten gäller %(version)s, som har status ”%(state)s”: ett beslut här beslutar "
            "den inte."
        ) % {"version": version, "state": version.get_state_display()}
    text = _(
        "Punkten gäller %(version)s (%(title)s), föredragen med kontrollsumman %(hash)s. "
        "Ett fattat beslut beslutar versionen, som sedan undertecknas av varje part; ett "
        "beslut som inte fattas lämnar den föredragen."
    ) % {"version": version, "title": version.title, "hash": version.presented_hash[:12]}
    if annexes.content_hash(version) != version.presented_hash:
        text += " " + _("Innehållet har ändrats sedan det föredrogs och kan inte beslutas.")
    return text


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def decision_record(request, agreement, body, meeting, item_pk):
    item = get_object_or_404(meeting.items.all(), pk=item_pk)
    if meeting.minutes_locked:
        return _locked_redirect(request, meeting)
    parties = list(agreement.parties.order_by("order", "pk"))
    parties_by_id = {p.pk: p for p in parties}
    present: dict[int, list] = {}
    for invitee in meeting_attendees(meeting).filter(attendance=Invitee.Attendance.PRESENT):
        if invitee.for_party_id:
            present.setdefault(invitee.for_party_id, []).append(invitee)
    version = annex_services.subject_version(item)
    form = DecisionForm(
        request.POST or None,
        parties=parties,
        present=present,
        parties_by_id=parties_by_id,
        initial={"text": _annex_decision_text(version)} if version is not None else None,
    )

    def save(data):
        decision = decision_services.decision_record(
            item=item, text=data["text"], positions=form.positions(), by=request.user
        )
        if decision.adopted:
            return _("Beslutet är fattat.")
        return _("Beslutet är registrerat men fattades inte: %(reason)s") % {
            "reason": decision.reason
        }

    missing = [p.short_name for p in parties if p.pk not in present]
    intro = _("Beslut under punkten ”%(item)s”. Besluten bygger på konsensus mellan parterna.") % {
        "item": item.title
    }
    if missing:
        intro += " " + _("Inte företrädda vid mötet: %(parties)s.") % {
            "parties": ", ".join(missing)
        }
    if version is not None:
        intro += " " + _annex_intro(version, body)
    return form_page(
        request,
        form,
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Registrera beslut"),
        intro=intro,
        submit_label=_("Registrera beslutet"),
    )


def _decision_of(meeting, decision_pk) -> Decision:
    return get_object_or_404(
        Decision.objects.filter(item__meeting=meeting).select_related("item"), pk=decision_pk
    )


@meeting_view(CONVENE)
@require_POST
def decision_remove(request, agreement, body, meeting, decision_pk):
    decision = _decision_of(meeting, decision_pk)

    def run():
        decision_services.decision_remove(decision=decision, by=request.user)
        return _("Beslutet är borttaget.")

    return post_action(request, run, redirect_to=meeting_url(meeting))


# --- assignments ------------------------------------------------------------------------


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def assignment_give(request, agreement, body, meeting, decision_pk):
    decision = _decision_of(meeting, decision_pk)
    if meeting.minutes_locked:
        return _locked_redirect(request, meeting)

    def save(data):
        decision_services.assignment_give(decision=decision, by=request.user, **data)
        return _("Operativa gruppen har fått uppdraget.")

    return form_page(
        request,
        AssignmentForm(request.POST or None, agreement=agreement),
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Ge operativa gruppen ett uppdrag"),
        intro=_("Enligt beslutet: %(decision)s") % {"decision": decision.text},
        submit_label=_("Ge uppdraget"),
    )


@body_view("councils.view_body")
def assignment_update(request, agreement, body, assignment_pk):
    """Report on an assignment: the conveners, and whoever submits input for the party
    responsible for it."""
    assignment = get_object_or_404(
        Assignment.objects.filter(body=body).select_related(
            "body", "responsible_party", "decision__item__meeting__body"
        ),
        pk=assignment_pk,
    )
    if not may_report(request.rights, assignment):
        raise PermissionDenied
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    back = reverse("councils:roster", args=[agreement.pk, body.pk])
    states = decision_services.next_states(assignment)
    if not states:
        messages.error(
            request,
            _("Uppdraget är redan avslutat (%(status)s).")
            % {"status": assignment.get_status_display()},
        )
        return redirect(back)
    form = AssignmentUpdateForm(
        request.POST or None,
        states=states,
        initial={
            "status": assignment.status,
            "report": assignment.report,
            "version": version_of(assignment),
        },
    )

    def save(data):
        decision_services.assignment_update(assignment=assignment, by=request.user, **data)
        return _("Uppdraget är sparat.")

    return form_page(
        request,
        form,
        save=save,
        success_url=back,
        cancel_url=back,
        title=_("Uppdrag till operativa gruppen"),
        intro=_("%(description)s Ansvarig: %(party)s. Klart senast %(due)s.")
        % {
            "description": assignment.description,
            "party": assignment.responsible_party.short_name,
            "due": assignment.due_on.isoformat(),
        },
    )
