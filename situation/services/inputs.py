"""Situation input: a party's draft, its submission, corrections and attachments.

A draft belongs to its party: whoever submits input for the party (councils/roles.py,
`submit_input_for_party`) writes, changes, submits or deletes it. Submitted input is never
changed in place: a correction is a new revision of the same thread that supersedes the
one before once it is submitted, and both stay. Every text and every file is checked for
personal identity numbers first (situation/guard.py); a hit refuses the whole save, and
nothing is stored: no row, no file.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.access import agreement_runs
from samverkan.services import _save, changes_apply, event_log, fields_check, version_check

from ..guard import check_attachment, check_text
from ..models import (
    SUBMIT,
    VIEW_CONFIDENTIAL,
    Attachment,
    Indicator,
    SituationInput,
    attachment_name,
)

# What a draft's form may change; the rest (party, author, thread, status) follows from
# who writes it and the workflow.
INPUT_FIELDS = (
    "title",
    "source",
    "source_detail",
    "area",
    "category",
    "period_from",
    "period_to",
    "narrative",
    "sensitivity",
    "request",
)
INDICATOR_FIELDS = ("name", "value", "unit", "comparison_value", "comparison_period")
_INPUT_TEXTS = ("title", "source_detail", "narrative")
_INDICATOR_TEXTS = ("name", "unit", "comparison_period")
# Fields copied into a correction, besides the indicators and attachments.
_COPIED = ("agreement", "party", "thread", *INPUT_FIELDS)

Source = SituationInput.Source
# The sources an organisation of each kind reports from: the police and Kriminalvården
# their own; a municipality its departments, its companies and the joint safety survey.
SOURCES_OF_KIND = {
    "police": (Source.POLICE,),
    "prison_probation": (Source.PRISON_PROBATION,),
    "municipality": (Source.MUNICIPAL_DEPARTMENT, Source.MUNICIPAL_COMPANY, Source.SAFETY_SURVEY),
    "municipal_company": (Source.MUNICIPAL_COMPANY, Source.SAFETY_SURVEY),
}
_NOT_AUTHORITY = (Source.MUNICIPAL_DEPARTMENT, Source.MUNICIPAL_COMPANY, Source.SAFETY_SURVEY)


def sources_for(party) -> tuple[str, ...]:
    """The sources input for this AgreementParty may come from."""
    return SOURCES_OF_KIND.get(party.party.kind, _NOT_AUTHORITY)


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


# --- rules ------------------------------------------------------------------------------


def _check_acting(*, agreement, party, by, situation_input=None) -> None:
    """Only while the agreement runs, and only someone who submits input for the party;
    a confidential input (a draft, or one to correct) only its author or someone who may
    read confidential input: a colleague of the party without that right must not read it,
    nor declassify it."""
    if not agreement_runs(agreement):
        raise ValidationError(
            _("Överenskommelsen har upphört; underlag kan inte längre lämnas eller ändras.")
        )
    if not (getattr(by, "pk", None) and by.is_active and by.has_perm(SUBMIT, party)):
        raise ValidationError(
            _("Du lämnar inte underlag för %(party)s.") % {"party": party.short_name}
        )
    if (
        situation_input is not None
        and situation_input.sensitivity == SituationInput.Sensitivity.CONFIDENTIAL
        and situation_input.author_id != by.pk
        and not by.has_perm(VIEW_CONFIDENTIAL, agreement)
    ):
        raise ValidationError(_("Underlaget är konfidentiellt och du får inte läsa det."))


def _check_draft(situation_input: SituationInput) -> None:
    if not situation_input.is_draft:
        raise ValidationError(
            _(
                "Underlaget är inlämnat och ändras inte. Gör en rättelse i stället; "
                "den ersätter underlaget när den lämnas in."
            )
        )


def _check_texts(data: dict, indicators: list[dict]) -> None:
    """Refuse a personal identity number in any text: every field that has one, at once."""
    errors: dict[str, list] = {}
    for name in _INPUT_TEXTS:
        try:
            check_text(data.get(name) or "", field_label=_label(SituationInput, name))
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.error_list)
    for number, indicator in enumerate(indicators, 1):
        for name in _INDICATOR_TEXTS:
            label = _("%(field)s i indikator %(number)s") % {
                "field": _label(Indicator, name),
                "number": number,
            }
            try:
                check_text(indicator.get(name) or "", field_label=label)
            except ValidationError as exc:
                errors.setdefault("indicators", []).extend(exc.error_list)
    if errors:
        raise ValidationError(errors)


def _checked_files(files: Iterable) -> list:
    """(upload, what it is) for each file, or the reasons every refused file is refused."""
    accepted, refused = [], []
    for upload in files:
        try:
            accepted.append((upload, check_attachment(upload)))
        except ValidationError as exc:
            refused.extend(exc.error_list)
    if refused:
        raise ValidationError({"files": refused})
    return accepted


def _check_fields(situation_input: SituationInput, changed: set[str]) -> None:
    """The rules of the fields a model cannot check alone: the area, category and request
    are the agreement's (a newly chosen area or category also in use), the source fits
    the party, and the period runs forwards."""
    agreement_id = situation_input.agreement_id
    errors = {}
    area = situation_input.area
    if area is not None and (
        area.agreement_id != agreement_id or ("area" in changed and not area.active)
    ):
        errors["area"] = _("Välj ett av överenskommelsens områden som används.")
    category = situation_input.category
    if category is not None and (
        category.agreement_id != agreement_id or ("category" in changed and not category.active)
    ):
        errors["category"] = _("Välj en av överenskommelsens problemkategorier som används.")
    request = situation_input.request
    if request is not None and (
        request.agreement_id != agreement_id or ("request" in changed and request.closed)
    ):
        errors["request"] = _("Välj en öppen begäran om underlag i överenskommelsen.")
    if situation_input.source and situation_input.source not in sources_for(situation_input.party):
        errors["source"] = _("%(source)s passar inte som källa för underlag från %(party)s.") % {
            "source": situation_input.get_source_display(),
            "party": situation_input.party.short_name,
        }
    starts, ends = situation_input.period_from, situation_input.period_to
    if starts and ends and ends < starts:
        errors["period_to"] = _("Perioden kan inte sluta före den börjar.")
    if errors:
        raise ValidationError(errors)


def _indicator_rows(indicators: Iterable[dict]) -> list[dict]:
    rows = []
    for indicator in indicators:
        fields_check(service="indicator", fields=indicator, allowed=INDICATOR_FIELDS)
        row = {name: indicator.get(name) for name in INDICATOR_FIELDS}
        for name in ("unit", "comparison_period"):
            row[name] = row[name] or ""
        rows.append(row)
    return rows


def _validate_indicator(indicator: Indicator, number: int) -> None:
    try:
        indicator.full_clean(exclude=["situation_input"])
    except ValidationError as exc:
        raise ValidationError(
            {
                "indicators": [
                    _("Indikator %(number)s: %(error)s") % {"number": number, "error": message}
                    for message in exc.messages
                ]
            }
        ) from exc


# --- storing ----------------------------------------------------------------------------


def attachment_storage():
    """Where attachments are stored, read from STORAGES when used (the model field fixes
    its storage when the app loads, before a test or a deployment may have changed it)."""
    return storages["attachments"]


class _Stored:
    """The files a save has put in storage: removed again if the save fails, so a refused
    or failed save leaves no file behind."""

    def __init__(self):
        self.names: list[str] = []

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is not None:
            storage = attachment_storage()
            for name in self.names:
                storage.delete(name)
        return False


def _attach(situation_input, upload, inspected, *, by, stored: _Stored) -> Attachment:
    attachment = Attachment(
        situation_input=situation_input,
        original_name=inspected.original_name,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
    )
    upload.seek(0)
    name = attachment_storage().save(attachment_name(attachment, inspected.original_name), upload)
    stored.names.append(name)
    attachment.file = name
    return _save(attachment, by)


def _delete_file_unless_shared(name: str, *, except_input_pk: int) -> None:
    """Delete a stored file once the deletion is committed, unless another revision's
    attachment row points at it (a correction shares its files: they never change)."""
    if Attachment.objects.filter(file=name).exclude(situation_input_id=except_input_pk).exists():
        return
    storage = attachment_storage()
    transaction.on_commit(lambda: storage.delete(name))


def _save_indicators(situation_input, rows: list[dict], *, by) -> bool:
    """Make the input's indicators these rows, in order: existing ones changed in place
    (their history reads as changes), extra ones added, the rest removed. True if any
    changed."""
    existing = list(situation_input.indicators.order_by("order", "pk"))
    changed = False
    for number, row in enumerate(rows, 1):
        indicator = existing[number - 1] if number <= len(existing) else None
        if indicator is None:
            indicator = Indicator(situation_input=situation_input, order=number, **row)
            _validate_indicator(indicator, number)
            _save(indicator, by)
            changed = True
            continue
        changes = changes_apply(indicator, row | {"order": number})
        if changes:
            _validate_indicator(indicator, number)
            _save(indicator, by, fields=list(changes))
            changed = True
    for indicator in existing[len(rows) :]:
        indicator._history_user = by
        indicator.delete()
        changed = True
    return changed


def _locked(pk: int, *related: str) -> SituationInput:
    """The input, locked against a concurrent change (its row only), with its agreement
    and party."""
    return (
        SituationInput.objects.select_for_update(of=("self",))
        .select_related("agreement", "party__party", *related)
        .get(pk=pk)
    )


# --- services ---------------------------------------------------------------------------


def input_create(
    *,
    agreement,
    party,
    by,
    data: dict,
    indicators: Iterable[dict] = (),
    files: Iterable = (),
) -> SituationInput:
    """Write a draft of input for `party`, with its indicators and attachments."""
    fields_check(service="input_create", fields=data, allowed=INPUT_FIELDS)
    rows = _indicator_rows(indicators)
    if party.agreement_id != agreement.pk:
        raise ValidationError({"party": _("Välj en av överenskommelsens parter.")})
    _check_acting(agreement=agreement, party=party, by=by)
    _check_texts(data, rows)
    uploads = _checked_files(files)
    situation_input = SituationInput(agreement=agreement, party=party, author=by, **data)
    _check_fields(situation_input, changed=set(data))
    with _Stored() as stored, transaction.atomic():
        _save(situation_input, by)
        _save_indicators(situation_input, rows, by=by)
        for upload, inspected in uploads:
            _attach(situation_input, upload, inspected, by=by, stored=stored)
    return situation_input


def input_update(
    *,
    situation_input: SituationInput,
    by,
    data: dict,
    indicators: Iterable[dict] = (),
    files: Iterable = (),
    expected_version: int | None = None,
) -> SituationInput:
    """Change a draft: its fields, its indicators (the whole list, in order) and new
    attachments. Refused if someone else saved it since `expected_version`."""
    fields_check(service="input_update", fields=data, allowed=INPUT_FIELDS)
    rows = _indicator_rows(indicators)
    _check_texts(data, rows)
    uploads = _checked_files(files)
    with _Stored() as stored, transaction.atomic():
        situation_input = _locked(situation_input.pk, "area", "category", "request")
        _check_acting(
            agreement=situation_input.agreement,
            party=situation_input.party,
            by=by,
            situation_input=situation_input,
        )
        _check_draft(situation_input)
        version_check(instance=situation_input, expected=expected_version)
        changes = changes_apply(situation_input, data)
        _check_fields(situation_input, changed=set(changes))
        indicators_changed = _save_indicators(situation_input, rows, by=by)
        if changes or indicators_changed:
            # Saved also when only its indicators changed: the input's version covers
            # them, so a concurrent edit of the indicators is refused too.
            _save(situation_input, by, fields=list(changes) or ["title"])
        for upload, inspected in uploads:
            _attach(situation_input, upload, inspected, by=by, stored=stored)
    return situation_input


@transaction.atomic
def input_submit(*, situation_input: SituationInput, by, now: datetime | None = None):
    """Submit a draft: the coordinator and the bodies' members may read it now. A
    submitted correction supersedes the revision it corrects."""
    situation_input = _locked(situation_input.pk)
    _check_acting(
        agreement=situation_input.agreement,
        party=situation_input.party,
        by=by,
        situation_input=situation_input,
    )
    _check_draft(situation_input)
    situation_input.status = SituationInput.Status.SUBMITTED
    situation_input.submitted_at = now or timezone.now()
    _save(situation_input, by, fields=["status", "submitted_at"])
    action = "situation.input.submitted"
    if situation_input.supersedes_id:
        earlier = SituationInput.objects.select_for_update().get(pk=situation_input.supersedes_id)
        if earlier.status != SituationInput.Status.SUBMITTED:
            raise ValidationError(_("Revisionen som rättas är redan ersatt."))
        earlier.status = SituationInput.Status.SUPERSEDED
        _save(earlier, by, fields=["status"])
        action = "situation.input.corrected"
    # Events are read by every member: the party only, never the input's content.
    event_log(
        agreement=situation_input.agreement,
        actor=by,
        action=action,
        obj=situation_input,
        data={"party": situation_input.party.short_name},
    )
    return situation_input


@transaction.atomic
def input_correct(*, situation_input: SituationInput, by) -> SituationInput:
    """Start a correction of submitted input: a new draft revision with everything of the
    one it corrects (fields, indicators and attachments, which share the stored files)."""
    situation_input = _locked(situation_input.pk)
    _check_acting(
        agreement=situation_input.agreement,
        party=situation_input.party,
        by=by,
        situation_input=situation_input,
    )
    if situation_input.status != SituationInput.Status.SUBMITTED:
        raise ValidationError(_("Bara inlämnat underlag som inte redan är ersatt kan rättas."))
    if SituationInput.objects.filter(supersedes=situation_input).exists():
        raise ValidationError(
            _("Det finns redan en påbörjad rättelse av underlaget. Fortsätt med den.")
        )
    last = SituationInput.objects.filter(thread=situation_input.thread).aggregate(
        last=Max("revision")
    )["last"]
    correction = SituationInput(
        **{name: getattr(situation_input, name) for name in _COPIED},
        author=by,
        revision=last + 1,
        supersedes=situation_input,
    )
    _save(correction, by)
    for indicator in situation_input.indicators.order_by("order", "pk"):
        _save(
            Indicator(
                situation_input=correction,
                order=indicator.order,
                **{name: getattr(indicator, name) for name in INDICATOR_FIELDS},
            ),
            by,
        )
    for attachment in situation_input.attachments.order_by("pk"):
        # The same stored file: attachments never change, so the revisions share it.
        _save(
            Attachment(
                situation_input=correction,
                file=attachment.file.name,
                original_name=attachment.original_name,
                content_type=attachment.content_type,
                size=attachment.size,
                sha256=attachment.sha256,
            ),
            by,
        )
    return correction


@transaction.atomic
def input_delete(*, situation_input: SituationInput, by) -> None:
    """Delete a draft with its indicators and attachments (and their files, unless a
    revision still uses them)."""
    situation_input = _locked(situation_input.pk)
    _check_acting(
        agreement=situation_input.agreement,
        party=situation_input.party,
        by=by,
        situation_input=situation_input,
    )
    _check_draft(situation_input)
    for attachment in situation_input.attachments.all():
        _delete_file_unless_shared(attachment.file.name, except_input_pk=situation_input.pk)
        attachment._history_user = by
        attachment.delete()
    for indicator in situation_input.indicators.all():
        indicator._history_user = by
        indicator.delete()
    situation_input._history_user = by
    situation_input.delete()


def attachment_add(*, situation_input: SituationInput, upload, by) -> Attachment:
    """Attach a file to a draft, once it has passed the checks (type, size, identity
    numbers)."""
    with _Stored() as stored, transaction.atomic():
        situation_input = _locked(situation_input.pk)
        _check_acting(
            agreement=situation_input.agreement,
            party=situation_input.party,
            by=by,
            situation_input=situation_input,
        )
        _check_draft(situation_input)
        [(upload, inspected)] = _checked_files([upload])
        return _attach(situation_input, upload, inspected, by=by, stored=stored)


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by) -> None:
    """Remove an attachment from a draft (its file too, unless a revision still uses it)."""
    situation_input = _locked(attachment.situation_input_id)
    _check_acting(
        agreement=situation_input.agreement,
        party=situation_input.party,
        by=by,
        situation_input=situation_input,
    )
    _check_draft(situation_input)
    _delete_file_unless_shared(attachment.file.name, except_input_pk=situation_input.pk)
    attachment._history_user = by
    attachment.delete()
