"""Annex versions before the strategic council: put on a council agenda, decided by the
council's consensus decision on that item, taken back with it.

samverkan owns the versions and their rules (samverkan/annexes.py); councils owns the
meeting, the agenda item and the consensus. An item about a version points at it as its
subject, and so does the decision taken under it, with the hash it was taken on.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan import annexes
from samverkan.models import AnnexVersion

from ..models import AgendaItem, Body, Decision, Meeting
from .meetings import agenda_item_add


def meeting_label(meeting: Meeting, item: AgendaItem | None = None) -> str:
    """How a version records the meeting: "Strategiskt råd 2026-12-10, punkt 4"."""
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    label = f"{meeting.body.name} {day}"
    if item is not None:
        label += ", " + _("punkt %(number)s") % {"number": item.order}
    return label


def presentable_meetings(version: AnnexVersion):
    """The strategic council meetings a version may be put before: not cancelled, not yet
    held, minutes open, soonest first."""
    return (
        Meeting.objects.filter(
            agreement=version.agreement_id,
            body__kind=Body.Kind.STRATEGIC_COUNCIL,
            starts_at__gt=timezone.now(),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(chair_approved_at__isnull=True, adjuster_approved_at__isnull=True)
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def _version_type() -> ContentType:
    return ContentType.objects.get_for_model(AnnexVersion)


def items_about(version: AnnexVersion):
    """The agenda items about a version, with their meetings and bodies, latest first."""
    return (
        AgendaItem.objects.filter(
            subject_type=_version_type(),
            subject_id=version.pk,
            meeting__agreement=version.agreement_id,
        )
        .select_related("meeting__body")
        .order_by("-meeting__starts_at", "-pk")
    )


@transaction.atomic
def annex_version_put_on_agenda(*, version: AnnexVersion, meeting: Meeting, by) -> AgendaItem:
    """Put a draft version on a strategic council meeting's agenda as a decision item; the
    version is presented with the hash it has now."""
    # As it is now, and locked: a meeting moved or cancelled meanwhile is seen as such.
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.agreement_id != version.agreement_id:
        raise ValidationError({"meeting": _("Mötet hör inte till överenskommelsen.")})
    if meeting.body.kind != Body.Kind.STRATEGIC_COUNCIL:
        raise ValidationError(
            {
                "meeting": _("Bilagor beslutas av strategiska rådet, inte av %(body)s.")
                % {"body": meeting.body.name}
            }
        )
    if meeting.is_cancelled:
        raise ValidationError({"meeting": _("Mötet är inställt. Välj ett annat möte.")})
    if meeting.starts_at <= timezone.now():
        raise ValidationError({"meeting": _("Välj ett möte som inte har börjat.")})
    if version.annex_id is None:
        raise ValidationError(_("Överenskommelsen själv beslutas inte i strategiska rådet."))
    if version.state != AnnexVersion.State.DRAFT:
        raise ValidationError(
            _(
                "%(version)s har status ”%(state)s” och kan inte sättas upp på dagordningen: "
                "bara ett utkast kan det."
            )
            % {"version": version, "state": version.get_state_display()}
        )
    item = agenda_item_add(
        meeting=meeting,
        title=_("Beslut om %(version)s: %(title)s") % {"version": version, "title": version.title},
        kind=AgendaItem.Kind.ANNEX_DECISION,
        by=by,
    )
    item.subject_type = _version_type()
    item.subject_id = version.pk
    item._history_user = by
    item.save(update_fields=["subject_type", "subject_id"])
    # samverkan locks the version and checks again that it is a draft with intact content:
    # a refusal there rolls the item back with it.
    annexes.annex_version_present(version=version, to=meeting_label(meeting, item), by=by)
    return item


def subject_version(item_or_decision) -> AnnexVersion | None:
    """The annex version an agenda item or decision is about, if it is about one."""
    if item_or_decision.subject_type_id is None:
        return None
    if item_or_decision.subject_type_id != _version_type().pk:
        return None
    item = getattr(item_or_decision, "item", item_or_decision)  # a decision's item
    # Only a version of the meeting's own agreement, whatever id was stored.
    return (
        AnnexVersion.objects.select_related("annex")
        .filter(pk=item_or_decision.subject_id, agreement_id=item.meeting.agreement_id)
        .first()
    )


def decision_subject(item: AgendaItem) -> dict:
    """What decision_record records about the item's subject: the version and the hash it
    was presented with (the only hash the council can decide)."""
    version = subject_version(item)
    if version is None:
        return {}
    return {"subject": version, "subject_hash": version.presented_hash}


def decided(decision: Decision, by) -> None:
    """After a decision is recorded on an item about a version: an adopted decision of the
    strategic council decides the version (samverkan refuses content changed since it was
    presented, and the whole decision is then rolled back); one not adopted leaves the
    version presented, to be sent back, rejected or decided at another meeting."""
    version = subject_version(decision)
    if version is None or not decision.adopted:
        return
    meeting = decision.item.meeting
    if meeting.body.kind != Body.Kind.STRATEGIC_COUNCIL:
        raise ValidationError(_("Bilagor beslutas av strategiska rådet."))
    annexes.annex_version_decide(
        version=version,
        decided_hash=decision.subject_hash,
        decided_on=timezone.localtime(meeting.starts_at).date(),
        reference=meeting_label(meeting, decision.item),
        decision=decision,
        by=by,
    )


def decision_taken_back(decision: Decision, by) -> None:
    """Before a decision about a version is removed: if it is the decision that decided the
    version, the version is presented again (refused once a party has signed it)."""
    version = subject_version(decision)
    if (
        version is None
        or version.decision_id != decision.pk
        or version.decision_type_id != ContentType.objects.get_for_model(Decision).pk
    ):
        return
    if version.state != AnnexVersion.State.DECIDED:
        # In force or superseded: the parties signed what this decision adopted.
        raise ValidationError(
            _("Beslutet antog %(version)s, som har undertecknats. Det kan inte tas bort.")
            % {"version": version}
        )
    annexes.annex_version_undecide(version=version, by=by)


def item_removed(item: AgendaItem, by) -> None:
    """Before an item about a version leaves the agenda: the version is a draft again."""
    version = subject_version(item)
    if version is not None and version.state == AnnexVersion.State.PRESENTED:
        annexes.annex_version_unpresent(version=version, by=by)


def meeting_cancelled(meeting: Meeting, by) -> None:
    """After a meeting is cancelled: the versions presented to it with no decision yet are
    drafts again, to be put before another meeting (a cancelled meeting's agenda can no
    longer be changed, so they would otherwise stay presented to a meeting never held)."""
    items = meeting.items.filter(subject_type=_version_type(), decisions__isnull=True)
    for item in items:
        item_removed(item, by)
