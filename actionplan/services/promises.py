"""The medborgarlöften (annex 2): kept by the coordinator (MANAGE), read by every member.

The agreement: "Medborgarlöften skrivs mellan kommun och polis", grounded in staff and
citizen dialogues where the citizens' insecurity comes first. So a promise is issued by
the agreement's municipality and its police together and by no one else, each commitment
is one of theirs, and a promise is published only once it has a commitment and a dialogue
to build on. Its summary and its published follow-up reports are shown on the public page
(actionplan/views/public.py); internal notes never are.

Every change is refused once the agreement has ended. Events name the promise and its
parts (every member reads both).
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext as _

from councils.access import agreement_runs
from samverkan.services import _save, changes_apply, event_log, fields_check, version_check
from situation.access import service_requires
from situation.guard import check_text

from ..models import (
    MANAGE,
    PROMISE_ISSUER_KINDS,
    CitizenPromise,
    Commitment,
    Dialogue,
    Priority,
    PromiseReport,
)

PROMISE_FIELDS = ("title", "period_from", "period_to", "issuers", "summary", "internal_notes")
PROMISE_TEXTS = ("title", "summary", "internal_notes")
COMMITMENT_FIELDS = ("title", "responsible", "activities", "follow_up_method")
COMMITMENT_TEXTS = ("title", "activities", "follow_up_method")
DIALOGUE_FIELDS = ("kind", "held_on", "participants", "summary")
DIALOGUE_TEXTS = ("participants", "summary")
PRIORITY_FIELDS = ("rank", "title", "description", "dialogue")
PRIORITY_TEXTS = ("title", "description")
REPORT_FIELDS = ("reported_on", "text", "internal_notes")
REPORT_TEXTS = ("text", "internal_notes")


# --- rules shared by every change -------------------------------------------------------


def _check_runs(agreement) -> None:
    if not agreement_runs(agreement):
        raise ValidationError(
            _("Överenskommelsen har upphört; medborgarlöftena kan inte längre ändras.")
        )


def _check_texts(instance, names: Iterable[str]) -> None:
    """No personnummer or samordningsnummer in what people write: the error on its field."""
    errors = {}
    for name in names:
        label = instance._meta.get_field(name).verbose_name
        try:
            check_text(getattr(instance, name), field_label=label)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)


def _user(by):
    return by if getattr(by, "pk", None) else None


def _check_issuers(agreement, issuers) -> list:
    """The issuers, refused unless they are the agreement's municipality and its police
    (at least one of each) and nobody else."""
    issuers = list(issuers)
    foreign = [p for p in issuers if p.agreement_id != agreement.pk]
    if foreign:
        raise ValidationError({"issuers": _("Välj bland överenskommelsens parter.")})
    others = [p for p in issuers if p.party.kind not in PROMISE_ISSUER_KINDS]
    if others:
        raise ValidationError(
            {
                "issuers": _(
                    "Medborgarlöften skrivs mellan kommun och polis; %(parties)s kan inte "
                    "utfärda ett medborgarlöfte."
                )
                % {"parties": get_text_list([str(p) for p in others], _("och"))}
            }
        )
    kinds = {p.party.kind for p in issuers}
    if not set(PROMISE_ISSUER_KINDS) <= kinds:
        raise ValidationError(
            {
                "issuers": _(
                    "Medborgarlöftet utfärdas av kommunen och polisen tillsammans: välj båda."
                )
            }
        )
    return issuers


def _check_period(promise: CitizenPromise) -> None:
    """The period ends after it starts and starts while the agreement runs."""
    agreement = promise.agreement
    if promise.period_from and promise.period_to and promise.period_to < promise.period_from:
        raise ValidationError({"period_to": _("Perioden kan inte sluta före den börjar.")})
    if promise.period_from and not agreement.covers(promise.period_from):
        raise ValidationError(
            {
                "period_from": _(
                    "Medborgarlöftet ska börja medan överenskommelsen gäller (%(start)s–%(end)s)."
                )
                % {"start": agreement.valid_from.isoformat(), "end": agreement.valid_to.isoformat()}
            }
        )


def _public_slug(agreement) -> str:
    """The municipality's public address: the one its promises already have (under this
    agreement or an earlier one), so a renewal keeps the address the municipality links
    to; else made from its name."""
    existing = (
        CitizenPromise.objects.filter(agreement__municipality=agreement.municipality)
        .order_by("-period_from", "-pk")
        .values_list("public_slug", flat=True)
        .first()
    )
    return existing or slugify(agreement.municipality)


def _locked(promise: CitizenPromise) -> CitizenPromise:
    return CitizenPromise.objects.select_for_update().select_related("agreement").get(pk=promise.pk)


def _facts(promise: CitizenPromise, **more) -> dict:
    return {"promise": promise.title, **more}


# --- the promise ------------------------------------------------------------------------


@transaction.atomic
def promise_create(*, agreement, by, data: dict) -> CitizenPromise:
    """Start a medborgarlöfte as a draft (data: title, period_from, period_to, issuers:
    the agreement's municipality and police, and optionally summary, internal_notes)."""
    service_requires(by, MANAGE, agreement)
    fields_check(service="promise_create", fields=data, allowed=PROMISE_FIELDS)
    _check_runs(agreement)
    fields = dict(data)
    issuers = _check_issuers(agreement, fields.pop("issuers", ()))
    promise = CitizenPromise(
        agreement=agreement,
        created_by=_user(by),
        status=CitizenPromise.Status.DRAFT,
        public_slug=_public_slug(agreement),
        **fields,
    )
    _check_period(promise)
    _check_texts(promise, [name for name in PROMISE_TEXTS if name in fields])
    _save(promise, by)
    promise._history_user = _user(by)
    promise.issuers.set(issuers)
    event_log(
        agreement=agreement,
        actor=by,
        action="actionplan.promise.created",
        obj=promise,
        data=_facts(promise),
    )
    return promise


@transaction.atomic
def promise_update(
    *, promise: CitizenPromise, by, data: dict, expected_version: int | None = None
) -> CitizenPromise:
    """Change the promise's title, period, issuers or texts; refused if someone saved a
    change since the form was opened at `expected_version`."""
    service_requires(by, MANAGE, promise.agreement)
    fields_check(service="promise_update", fields=data, allowed=PROMISE_FIELDS)
    promise = _locked(promise)
    agreement = promise.agreement
    _check_runs(agreement)
    version_check(instance=promise, expected=expected_version)
    fields = dict(data)
    issuers = fields.pop("issuers", None)
    if issuers is not None:
        issuers = _check_issuers(agreement, issuers)
    title = promise.title
    changes = changes_apply(promise, fields)
    if changes:
        _check_period(promise)
        _check_texts(promise, [name for name in changes if name in PROMISE_TEXTS])
        _save(promise, by, fields=list(changes))
    issuers_changed = False
    if issuers is not None:
        current = set(promise.issuers.values_list("pk", flat=True))
        if current != {p.pk for p in issuers}:
            promise._history_user = _user(by)
            promise.issuers.set(issuers)
            issuers_changed = True
    if changes or issuers_changed:
        event_log(
            agreement=agreement,
            actor=by,
            action="actionplan.promise.changed",
            obj=promise,
            data={"promise": title, "changes": changes},
        )
    return promise


@transaction.atomic
def promise_publish(*, promise: CitizenPromise, by) -> CitizenPromise:
    """Publish a draft: it appears on the public page. It needs at least one commitment and
    one dialogue it builds on, and its issuers must still be the municipality and police."""
    service_requires(by, MANAGE, promise.agreement)
    promise = _locked(promise)
    _check_runs(promise.agreement)
    if promise.is_published:
        raise ValidationError(_("Medborgarlöftet är redan publicerat."))
    missing = []
    if not promise.commitments.exists():
        missing.append(_("minst ett åtagande"))
    if not promise.dialogues.exists():
        missing.append(_("minst en dialog som löftet bygger på"))
    if missing:
        raise ValidationError(
            _("Medborgarlöftet kan inte publiceras än. Det saknas: %(parts)s.")
            % {"parts": get_text_list(missing, _("och"))}
        )
    try:
        _check_issuers(promise.agreement, promise.issuers.select_related("party"))
    except ValidationError as exc:
        raise ValidationError(exc.message_dict["issuers"]) from exc
    promise.status = CitizenPromise.Status.PUBLISHED
    promise.published_at = timezone.now()
    _save(promise, by, fields=["status", "published_at"])
    event_log(
        agreement=promise.agreement,
        actor=by,
        action="actionplan.promise.published",
        obj=promise,
        data=_facts(promise),
    )
    return promise


# --- commitments ------------------------------------------------------------------------


def _part_apply(part, promise, by, data: dict, *, texts, action: str, facts: dict):
    """Apply a change to a part of a promise (commitment, dialogue, priority, report): the
    fields that differ, checked for identity numbers, saved and logged; nothing when none
    differs."""
    changes = changes_apply(part, data)
    if changes:
        _check_texts(part, [name for name in changes if name in texts])
        _save(part, by, fields=list(changes))
        event_log(
            agreement=promise.agreement,
            actor=by,
            action=action,
            obj=part,
            data=facts | {"changes": changes},
        )
    return part


def _check_responsible(promise: CitizenPromise, responsible) -> None:
    """A commitment is the municipality's or the police's: one of the promise's issuers."""
    issuers = set(promise.issuers.values_list("pk", flat=True))
    if (
        responsible is None
        or responsible.pk not in issuers
        or responsible.party.kind not in PROMISE_ISSUER_KINDS
    ):
        raise ValidationError(
            {
                "responsible": _(
                    "Ett åtagande ska ha kommunen eller polisen som ansvarig part, "
                    "en av dem som utfärdar medborgarlöftet."
                )
            }
        )


def _locked_commitment(commitment: Commitment) -> Commitment:
    return (
        Commitment.objects.select_for_update()
        .select_related("promise__agreement", "responsible__party")
        .get(pk=commitment.pk)
    )


@transaction.atomic
def commitment_add(*, promise: CitizenPromise, by, data: dict) -> Commitment:
    """Add a commitment, last (data: title, responsible: the municipality or the police
    among the promise's issuers, activities, follow_up_method)."""
    service_requires(by, MANAGE, promise.agreement)
    fields_check(service="commitment_add", fields=data, allowed=COMMITMENT_FIELDS)
    promise = _locked(promise)
    _check_runs(promise.agreement)
    _check_responsible(promise, data.get("responsible"))
    last = promise.commitments.aggregate(last=Max("number"))["last"] or 0
    commitment = Commitment(promise=promise, number=last + 1, **data)
    _check_texts(commitment, COMMITMENT_TEXTS)
    _save(commitment, by)
    event_log(
        agreement=promise.agreement,
        actor=by,
        action="actionplan.commitment.added",
        obj=commitment,
        data=_facts(promise, commitment=commitment.title, party=str(commitment.responsible)),
    )
    return commitment


@transaction.atomic
def commitment_update(
    *, commitment: Commitment, by, data: dict, expected_version: int | None = None
) -> Commitment:
    """Change a commitment: what is promised, who is responsible, the activities or how it
    is followed up."""
    service_requires(by, MANAGE, commitment.promise.agreement)
    fields_check(service="commitment_update", fields=data, allowed=COMMITMENT_FIELDS)
    commitment = _locked_commitment(commitment)
    promise = commitment.promise
    _check_runs(promise.agreement)
    version_check(instance=commitment, expected=expected_version)
    if "responsible" in data:
        _check_responsible(promise, data["responsible"])
    title = commitment.title
    return _part_apply(
        commitment,
        promise,
        by,
        data,
        texts=COMMITMENT_TEXTS,
        action="actionplan.commitment.changed",
        facts={"commitment": title},
    )


def _check_keeps_one(promise: CitizenPromise, related, message: str) -> None:
    """A published promise keeps at least one commitment and one dialogue."""
    if promise.is_published and related.count() <= 1:
        raise ValidationError(message)


@transaction.atomic
def commitment_remove(*, commitment: Commitment, by) -> None:
    """Remove a commitment; a measure of the action plan linked to it keeps its place in
    the plan without the link. A published promise keeps at least one."""
    service_requires(by, MANAGE, commitment.promise.agreement)
    commitment = _locked_commitment(commitment)
    promise = _locked(commitment.promise)
    _check_runs(promise.agreement)
    _check_keeps_one(
        promise,
        promise.commitments,
        _("Ett publicerat medborgarlöfte ska ha minst ett åtagande; det här är det sista."),
    )
    facts = _facts(promise, commitment=commitment.title)
    commitment._history_user = _user(by)
    commitment.delete()
    event_log(
        agreement=promise.agreement,
        actor=by,
        action="actionplan.commitment.removed",
        obj=promise,
        data=facts,
    )


# --- dialogues --------------------------------------------------------------------------


def _locked_dialogue(dialogue: Dialogue) -> Dialogue:
    return (
        Dialogue.objects.select_for_update()
        .select_related("promise__agreement")
        .get(pk=dialogue.pk)
    )


@transaction.atomic
def dialogue_add(*, promise: CitizenPromise, by, data: dict) -> Dialogue:
    """Add a dialogue the promise builds on (data: kind, held_on, participants, summary)."""
    service_requires(by, MANAGE, promise.agreement)
    fields_check(service="dialogue_add", fields=data, allowed=DIALOGUE_FIELDS)
    promise = _locked(promise)
    _check_runs(promise.agreement)
    dialogue = Dialogue(promise=promise, **data)
    _check_texts(dialogue, DIALOGUE_TEXTS)
    _save(dialogue, by)
    event_log(
        agreement=promise.agreement,
        actor=by,
        action="actionplan.dialogue.added",
        obj=dialogue,
        data=_facts(promise, kind=dialogue.kind, day=dialogue.held_on),
    )
    return dialogue


@transaction.atomic
def dialogue_update(
    *, dialogue: Dialogue, by, data: dict, expected_version: int | None = None
) -> Dialogue:
    """Change a dialogue's kind, date, participants or summary."""
    service_requires(by, MANAGE, dialogue.promise.agreement)
    fields_check(service="dialogue_update", fields=data, allowed=DIALOGUE_FIELDS)
    dialogue = _locked_dialogue(dialogue)
    promise = dialogue.promise
    _check_runs(promise.agreement)
    version_check(instance=dialogue, expected=expected_version)
    return _part_apply(
        dialogue,
        promise,
        by,
        data,
        texts=DIALOGUE_TEXTS,
        action="actionplan.dialogue.changed",
        facts=_facts(promise),
    )


@transaction.atomic
def dialogue_remove(*, dialogue: Dialogue, by) -> None:
    """Remove a dialogue; a priority that came from it stays, without its dialogue. A
    published promise keeps at least one."""
    service_requires(by, MANAGE, dialogue.promise.agreement)
    dialogue = _locked_dialogue(dialogue)
    promise = _locked(dialogue.promise)
    _check_runs(promise.agreement)
    _check_keeps_one(
        promise,
        promise.dialogues,
        _("Ett publicerat medborgarlöfte ska bygga på minst en dialog; det här är den sista."),
    )
    user = _user(by)
    # The priorities lose their dialogue: on their history too, with who did it.
    for priority in promise.priorities.filter(dialogue=dialogue):
        priority.dialogue = None
        priority._history_user = user
        priority.save(update_fields=["dialogue"])
    dialogue._history_user = user
    dialogue.delete()
    event_log(
        agreement=promise.agreement,
        actor=by,
        action="actionplan.dialogue.removed",
        obj=promise,
        data=_facts(promise),
    )


# --- priorities -------------------------------------------------------------------------


def _check_dialogue(promise: CitizenPromise, dialogue) -> None:
    if dialogue is not None and dialogue.promise_id != promise.pk:
        raise ValidationError({"dialogue": _("Välj en av det här medborgarlöftets dialoger.")})


def _locked_priority(priority: Priority) -> Priority:
    return (
        Priority.objects.select_for_update()
        .select_related("promise__agreement")
        .get(pk=priority.pk)
    )


@transaction.atomic
def priority_add(*, promise: CitizenPromise, by, data: dict) -> Priority:
    """Add an insecurity the citizens put first (data: rank, title, description, and the
    dialogue of this promise it came from, or None)."""
    service_requires(by, MANAGE, promise.agreement)
    fields_check(service="priority_add", fields=data, allowed=PRIORITY_FIELDS)
    promise = _locked(promise)
    _check_runs(promise.agreement)
    _check_dialogue(promise, data.get("dialogue"))
    priority = Priority(promise=promise, **data)
    _check_texts(priority, PRIORITY_TEXTS)
    _save(priority, by)
    event_log(
        agreement=promise.agreement,
        actor=by,
        action="actionplan.priority.added",
        obj=priority,
        data=_facts(promise, priority=priority.title),
    )
    return priority


@transaction.atomic
def priority_update(
    *, priority: Priority, by, data: dict, expected_version: int | None = None
) -> Priority:
    """Change a priority's rank, title, description or dialogue."""
    service_requires(by, MANAGE, priority.promise.agreement)
    fields_check(service="priority_update", fields=data, allowed=PRIORITY_FIELDS)
    priority = _locked_priority(priority)
    promise = priority.promise
    _check_runs(promise.agreement)
    version_check(instance=priority, expected=expected_version)
    if "dialogue" in data:
        _check_dialogue(promise, data["dialogue"])
    title = priority.title
    return _part_apply(
        priority,
        promise,
        by,
        data,
        texts=PRIORITY_TEXTS,
        action="actionplan.priority.changed",
        facts={"priority": title},
    )


@transaction.atomic
def priority_remove(*, priority: Priority, by) -> None:
    """Remove a priority from the promise."""
    service_requires(by, MANAGE, priority.promise.agreement)
    priority = _locked_priority(priority)
    promise = priority.promise
    _check_runs(promise.agreement)
    facts = _facts(promise, priority=priority.title)
    priority._history_user = _user(by)
    priority.delete()
    event_log(
        agreement=promise.agreement,
        actor=by,
        action="actionplan.priority.removed",
        obj=promise,
        data=facts,
    )


# --- follow-up reports ------------------------------------------------------------------


def _check_reported_on(day: date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({"reported_on": _("Datumet kan inte ligga i framtiden.")})


def _locked_report(report: PromiseReport) -> PromiseReport:
    return (
        PromiseReport.objects.select_for_update()
        .select_related("promise__agreement")
        .get(pk=report.pk)
    )


@transaction.atomic
def report_create(*, promise: CitizenPromise, by, data: dict) -> PromiseReport:
    """Write a follow-up report of the promise, as a draft (data: reported_on, text,
    internal_notes)."""
    service_requires(by, MANAGE, promise.agreement)
    fields_check(service="report_create", fields=data, allowed=REPORT_FIELDS)
    promise = _locked(promise)
    _check_runs(promise.agreement)
    _check_reported_on(data.get("reported_on"))
    report = PromiseReport(
        promise=promise, created_by=_user(by), status=PromiseReport.Status.DRAFT, **data
    )
    _check_texts(report, REPORT_TEXTS)
    _save(report, by)
    event_log(
        agreement=promise.agreement,
        actor=by,
        action="actionplan.promise_report.created",
        obj=report,
        data=_facts(promise, day=report.reported_on),
    )
    return report


@transaction.atomic
def report_update(
    *, report: PromiseReport, by, data: dict, expected_version: int | None = None
) -> PromiseReport:
    """Change a follow-up report's date, text or internal notes (a published one's text
    changes on the public page too)."""
    service_requires(by, MANAGE, report.promise.agreement)
    fields_check(service="report_update", fields=data, allowed=REPORT_FIELDS)
    report = _locked_report(report)
    promise = report.promise
    _check_runs(promise.agreement)
    version_check(instance=report, expected=expected_version)
    if "reported_on" in data:
        _check_reported_on(data["reported_on"])
    return _part_apply(
        report,
        promise,
        by,
        data,
        texts=REPORT_TEXTS,
        action="actionplan.promise_report.changed",
        facts=_facts(promise),
    )


@transaction.atomic
def report_publish(*, report: PromiseReport, by) -> PromiseReport:
    """Publish a follow-up report: the public page shows the latest published one. Only a
    published promise's reports are published."""
    service_requires(by, MANAGE, report.promise.agreement)
    report = _locked_report(report)
    promise = report.promise
    _check_runs(promise.agreement)
    if report.status == PromiseReport.Status.PUBLISHED:
        raise ValidationError(_("Uppföljningen är redan publicerad."))
    if not promise.is_published:
        raise ValidationError(_("Publicera medborgarlöftet innan uppföljningen publiceras."))
    if not report.text.strip():
        raise ValidationError(_("Skriv uppföljningen innan den publiceras."))
    report.status = PromiseReport.Status.PUBLISHED
    report.published_at = timezone.now()
    _save(report, by, fields=["status", "published_at"])
    event_log(
        agreement=promise.agreement,
        actor=by,
        action="actionplan.promise_report.published",
        obj=report,
        data=_facts(promise, day=report.reported_on),
    )
    return report
