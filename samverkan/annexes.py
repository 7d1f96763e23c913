"""Versions of the annexes and of the agreement itself: made from a source, presented to
the strategic council, decided by consensus, signed by every party, in force.

The agreement (Uppdatering av bilagor): an updated annex is presented to the strategic
council for decision, dated, attached to the agreement and signed by the parties; only
then is it valid. So a version goes

    draft → presented (on a council agenda) → decided → in force (every party signed)

and the version in force before it becomes superseded. A presented version can be sent
back (återremitterad) or rejected, with a reason. The agreement's own text is versioned
the same way but needs no council decision: its draft is opened for signing directly.

The sources (a lägesbild, a medborgarlöfte, an åtgärdsplan) live in apps above samverkan,
which it never imports: each app turns its object into a snapshot of the shape checked by
`snapshot_check` and calls `annex_version_make`. Councils calls `annex_version_present`
when a version is put on a council agenda and `annex_version_decide` when the council
adopts it. The content (snapshot and rendered HTML) is fixed when the version is made and
its SHA-256 is what is presented, decided and signed; `integrity` recomputes it.
"""

import difflib
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import Agreement, AgreementParty, Annex, AnnexVersion, Signature
from .services import event_log

State = AnnexVersion.State

# --- the snapshot -----------------------------------------------------------------------

SNAPSHOT_FORMAT = 1
BLOCK_TYPES = {"paragraph", "list", "table"}


def snapshot_check(snapshot: dict) -> None:
    """Refuse a snapshot that is not of the shared shape:

        {"format": 1, "title": str, "sections": [
            {"key": str, "heading": str, "blocks": [
                {"type": "paragraph", "text": str},
                {"type": "list", "items": [str, …]},
                {"type": "table", "head": [str, …], "rows": [[str, …], …]}]}]}

    plus any other keys (a "source" with the source's own identifiers, say). Values are
    text, whole numbers, booleans or null: floats and dates would not read back from the
    database exactly as they were hashed."""

    def plain(value) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, str | int | bool) and not isinstance(value, float)

    problems = []
    if not isinstance(snapshot, dict) or snapshot.get("format") != SNAPSHOT_FORMAT:
        raise ValueError("A snapshot is a dict with format 1.")
    if not plain(snapshot):
        problems.append("values must be text, whole numbers, booleans or null")
    if not isinstance(snapshot.get("title"), str) or not snapshot["title"].strip():
        problems.append("a title")
    keys = set()
    for section in snapshot.get("sections") or []:
        if not isinstance(section.get("key"), str) or section["key"] in keys:
            problems.append("a unique key per section")
        keys.add(section.get("key"))
        if not isinstance(section.get("heading"), str):
            problems.append("a heading per section")
        for block in section.get("blocks", []):
            if block.get("type") not in BLOCK_TYPES:
                problems.append(f"a known block type, not {block.get('type')!r}")
    if not snapshot.get("sections"):
        problems.append("at least one section")
    if problems:
        raise ValueError("The snapshot needs " + "; ".join(problems) + ".")


def canonical(version_or_content) -> bytes:
    """The exact bytes whose SHA-256 is the content hash: the snapshot and its rendered
    HTML as JSON with sorted keys, no spaces and UTF-8 text."""
    if isinstance(version_or_content, AnnexVersion):
        content = {"html": version_or_content.html, "snapshot": version_or_content.snapshot}
    else:
        content = version_or_content
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(version_or_content) -> str:
    return hashlib.sha256(canonical(version_or_content)).hexdigest()


def render_snapshot(snapshot: dict) -> str:
    """The snapshot as HTML, in the agreement's language whoever makes the version."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("samverkan/annexes/_content.html", {"snapshot": snapshot}).strip()


# --- integrity --------------------------------------------------------------------------


@dataclass(frozen=True)
class Integrity:
    ok: bool
    # The last time the content was found intact (now, when it is).
    checked_at: datetime | None


def integrity(versions) -> dict[int, Integrity]:
    """Recompute each version's hash from what is stored now and compare it with the hash
    it was made with, and, for every signature it holds (prefetched as `signatures`), with
    the hash that was signed. Records the day of the check on the intact ones in one
    UPDATE at most, so a page costs the same for 2 versions as for 40."""
    now = timezone.now()
    today = timezone.localdate()
    results, touched = {}, []
    for version in versions:
        recomputed = content_hash(version)
        signed = {s.content_hash for s in version.signatures.all()}
        # What was presented to the council (and decided on) is part of what was signed.
        presented = {version.presented_hash} - {""}
        ok = recomputed == version.content_hash and signed | presented <= {recomputed}
        if ok:
            checked = version.integrity_checked_at
            if checked is None or timezone.localdate(checked) < today:
                touched.append(version.pk)
                version.integrity_checked_at = now
            results[version.pk] = Integrity(True, now)
        else:
            results[version.pk] = Integrity(False, version.integrity_checked_at)
    if touched:
        # A plain UPDATE of the check's date only: no history row, the content untouched.
        AnnexVersion.objects.filter(pk__in=touched).update(integrity_checked_at=now)
    return results


def content_html(version: AnnexVersion, *, intact: bool) -> str:
    """The version's content for a page or a PDF: its stored HTML while it is intact. Once
    the stored content no longer matches its hash, the stored HTML may be anything (it is
    shown unescaped): the content is then rendered anew from the stored snapshot, escaped,
    so that what was changed can be read without running in the reader's browser."""
    if intact:
        return mark_safe(version.html)  # rendered from escaped data by render_snapshot
    try:
        return render_snapshot(version.snapshot)
    except (AttributeError, KeyError, TypeError):  # not even a snapshot any more
        return escape(json.dumps(version.snapshot, ensure_ascii=False, indent=1))


def _intact_or_refuse(version: AnnexVersion, message: str) -> str:
    recomputed = content_hash(version)
    if recomputed != version.content_hash:
        raise ValidationError(message)
    return recomputed


# --- making a version -------------------------------------------------------------------


def _document_versions(agreement: Agreement, annex: Annex | None):
    return AnnexVersion.objects.of_document(agreement, annex)


def _label(version: AnnexVersion) -> dict:
    """What every event of a version records about it."""
    return {
        "document": version.document_name,
        "number": version.number,
        "title": version.title,
    }


@transaction.atomic
def annex_version_make(
    *,
    agreement: Agreement,
    annex: Annex | None,
    snapshot: dict,
    by,
    source=None,
    source_label: str = "",
    on: date | None = None,
) -> AnnexVersion:
    """Make a new version of `annex` (None: the agreement's own text) from a source's
    snapshot, or replace the content of its draft if it has one. Refused while a version
    of the document is before the council or awaiting signatures, and once the agreement
    has ended."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if annex is not None and annex.agreement_id != agreement.pk:
        raise ValidationError(_("Bilagan hör inte till överenskommelsen."))
    if agreement.state() == Agreement.State.ENDED:
        raise ValidationError(_("Överenskommelsen har upphört; dess bilagor ändras inte."))
    snapshot_check(snapshot)
    html = render_snapshot(snapshot)
    fields = {
        "title": snapshot["title"].strip()[:300],
        "dated_on": on or timezone.localdate(),
        "snapshot": snapshot,
        "html": html,
        "content_hash": content_hash({"html": html, "snapshot": snapshot}),
        "source_type": ContentType.objects.get_for_model(source) if source is not None else None,
        "source_id": source.pk if source is not None else None,
        "source_label": source_label[:300],
    }
    versions = _document_versions(agreement, annex)
    open_version = versions.open().first()
    if open_version is not None and open_version.state != State.DRAFT:
        raise ValidationError(
            _(
                "Version %(number)s har status ”%(state)s”. Den måste avgöras innan en ny "
                "version görs."
            )
            % {"number": open_version.number, "state": open_version.get_state_display()}
        )
    if open_version is not None:
        version, action = open_version, "samverkan.annex_version.refreshed"
        if content_hash(version) == fields["content_hash"]:
            return version
        for name, value in fields.items():
            setattr(version, name, value)
    else:
        number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = AnnexVersion(
            agreement=agreement, annex=annex, number=number, created_by=by, **fields
        )
        action = "samverkan.annex_version.made"
    version._history_user = by
    version.full_clean()
    version.save()
    event_log(agreement=agreement, actor=by, action=action, obj=version, data=_label(version))
    return version


def _locked(version: AnnexVersion, *, acting: bool = True) -> AnnexVersion:
    """The version, locked; with `acting`, refused once its agreement has ended (nobody acts
    under an ended agreement: its versions stay as they were)."""
    version = (
        AnnexVersion.objects.select_for_update(of=("self",))
        .select_related("agreement", "annex")
        .get(pk=version.pk)
    )
    if acting and version.agreement.state() == Agreement.State.ENDED:
        raise ValidationError(_("Överenskommelsen har upphört; dess bilagor ändras inte."))
    return version


def _move(version: AnnexVersion, by, *, state: str, action: str, data=None, **fields):
    version.state = state
    for name, value in fields.items():
        setattr(version, name, value)
    version._history_user = by
    # Only the state and its facts: the content is never written again.
    version.save(update_fields=["state", *fields])
    event_log(
        agreement=version.agreement,
        actor=by,
        action=action,
        obj=version,
        data=_label(version) | (data or {}),
    )
    return version


@transaction.atomic
def annex_version_discard(*, version: AnnexVersion, by) -> None:
    """Delete a draft nobody has seen in the council (a mistake, say), or take back a
    version of the agreement's own text sent for signing that nobody has signed yet."""
    version = _locked(version)
    unsigned_text = (
        version.annex_id is None
        and version.state == State.DECIDED
        and not version.signatures.exists()
    )
    if version.state != State.DRAFT and not unsigned_text:
        raise ValidationError(
            _(
                "Bara ett utkast, eller överenskommelsens text som ingen har undertecknat, "
                "kan tas bort."
            )
        )
    event_log(
        agreement=version.agreement,
        actor=by,
        action="samverkan.annex_version.discarded",
        obj=version,
        data=_label(version),
    )
    version._history_user = by
    version.delete()


# --- before the council ---------------------------------------------------------------


@transaction.atomic
def annex_version_present(*, version: AnnexVersion, to: str, by) -> AnnexVersion:
    """Councils puts an annex version on a strategic council agenda (`to` names the
    meeting): the hash presented is recorded, and only that hash can be decided."""
    version = _locked(version)
    if version.annex_id is None:
        raise ValidationError(_("Överenskommelsen själv beslutas inte i strategiska rådet."))
    if version.state != State.DRAFT:
        raise ValidationError(
            _("Version %(number)s har status ”%(state)s” och kan inte föredras.")
            % {"number": version.number, "state": version.get_state_display()}
        )
    presented = _intact_or_refuse(
        version, _("Versionens innehåll stämmer inte med dess kontrollsumma.")
    )
    return _move(
        version,
        by,
        state=State.PRESENTED,
        action="samverkan.annex_version.presented",
        data={"meeting": to},
        presented_hash=presented,
        presented_at=timezone.now(),
        presented_to=to[:300],
    )


@transaction.atomic
def annex_version_unpresent(*, version: AnnexVersion, by) -> AnnexVersion:
    """The item was taken off the agenda before a decision: the version is a draft again."""
    version = _locked(version)
    if version.state != State.PRESENTED:
        raise ValidationError(_("Versionen är inte föredragen."))
    return _move(
        version,
        by,
        state=State.DRAFT,
        action="samverkan.annex_version.unpresented",
        data={"meeting": version.presented_to},
        presented_hash="",
        presented_at=None,
        presented_to="",
    )


@transaction.atomic
def annex_version_decide(
    *,
    version: AnnexVersion,
    decided_hash: str,
    decided_on: date,
    reference: str,
    by,
    decision=None,
) -> AnnexVersion:
    """Councils records that the strategic council adopted the version by consensus
    (councils checks the consensus; samverkan checks the content): refused unless it was
    presented and the hash decided is the hash presented and the hash of what is stored."""
    version = _locked(version)
    if version.state != State.PRESENTED:
        raise ValidationError(
            _("Version %(number)s är inte föredragen för strategiska rådet och kan inte beslutas.")
            % {"number": version.number}
        )
    changed = _("Innehållet har ändrats sedan det föredrogs och kan inte beslutas.")
    recomputed = _intact_or_refuse(version, changed)
    if not (decided_hash == version.presented_hash == recomputed):
        raise ValidationError(changed)
    fields = {"decided_on": decided_on, "decision_reference": reference[:300]}
    if decision is not None:
        fields |= {
            "decision_type": ContentType.objects.get_for_model(decision),
            "decision_id": decision.pk,
        }
    return _move(
        version,
        by,
        state=State.DECIDED,
        action="samverkan.annex_version.decided",
        data={"decision": reference, "on": decided_on},
        **fields,
    )


@transaction.atomic
def annex_version_send_back(*, version: AnnexVersion, reason: str, by) -> AnnexVersion:
    """The council sent the version back for more work (återremiss)."""
    return _close(version, reason, by, State.RETURNED, "samverkan.annex_version.returned")


@transaction.atomic
def annex_version_reject(*, version: AnnexVersion, reason: str, by) -> AnnexVersion:
    """The council rejected the version (avslag)."""
    return _close(version, reason, by, State.REJECTED, "samverkan.annex_version.rejected")


def _close(version, reason, by, state, action):
    version = _locked(version)
    if version.state != State.PRESENTED:
        raise ValidationError(
            _(
                "Bara en version som är föredragen för strategiska rådet kan "
                "återremitteras eller avslås."
            )
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Ange skälet, som det står i protokollet.")})
    return _move(
        version, by, state=state, action=action, data={"reason": reason}, state_reason=reason
    )


# --- the agreement's own text -----------------------------------------------------------


def agreement_snapshot(agreement: Agreement) -> dict:
    """The agreement as it would be signed: its period, parties and every clause, and its
    annexes by number and title (each annex is signed in versions of its own)."""
    parties = list(agreement.parties.select_related("party").order_by("order", "pk"))
    sections = [
        {
            "key": "parties",
            "heading": _("Parter"),
            "blocks": [
                {
                    "type": "table",
                    "head": [_("Part"), _("Organisationsnummer"), _("Adress"), _("Kortnamn")],
                    "rows": [
                        [p.display_name, p.party.organisation_number, p.party.address, p.short_name]
                        for p in parties
                    ],
                }
            ],
        },
        {
            "key": "period",
            "heading": _("Giltighetstid"),
            "blocks": [
                {
                    "type": "paragraph",
                    "text": _(
                        "Överenskommelsen gäller från och med %(start)s till och med %(end)s."
                    )
                    % {
                        "start": agreement.valid_from.isoformat(),
                        "end": agreement.valid_to.isoformat(),
                    },
                }
            ],
        },
    ]
    for clause in agreement.clauses.order_by("order"):
        blocks = []
        for block in clause.blocks():
            if block["kind"] == "paragraph":
                blocks.append({"type": "paragraph", "text": block["text"]})
            else:
                blocks.append({"type": "list", "items": block["items"]})
        sections.append(
            {"key": f"clause-{clause.order}", "heading": clause.heading, "blocks": blocks}
        )
    annexes = list(agreement.annexes.order_by("number"))
    if annexes:
        sections.append(
            {
                "key": "annexes",
                "heading": _("Bilagor"),
                "blocks": [{"type": "list", "items": [str(a) for a in annexes]}],
            }
        )
    sections.append(
        {
            "key": "signatories",
            "heading": _("Underskrifter"),
            "blocks": [
                {
                    "type": "table",
                    "head": [_("Part"), _("Firmatecknare"), _("Titel")],
                    "rows": [[p.short_name, p.signatory_name, p.signatory_title] for p in parties],
                }
            ],
        }
    )
    return {
        "format": SNAPSHOT_FORMAT,
        "title": agreement.title,
        "municipality": agreement.municipality,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat(),
        "sections": sections,
    }


@transaction.atomic
def agreement_version_make(*, agreement: Agreement, by) -> AnnexVersion:
    """A version of the agreement's own text as it stands now, to be signed."""
    with translation.override(settings.LANGUAGE_CODE):
        snapshot = agreement_snapshot(agreement)
    return annex_version_make(
        agreement=agreement, annex=None, snapshot=snapshot, by=by, source_label=agreement.title
    )


@transaction.atomic
def agreement_version_open(*, version: AnnexVersion, by) -> AnnexVersion:
    """The agreement's draft text goes out for signing (it needs no council decision)."""
    version = _locked(version)
    if version.annex_id is not None:
        raise ValidationError(_("En bilaga beslutas av strategiska rådet innan den undertecknas."))
    if version.state != State.DRAFT:
        raise ValidationError(_("Bara ett utkast kan skickas för underskrift."))
    _intact_or_refuse(version, _("Versionens innehåll stämmer inte med dess kontrollsumma."))
    return _move(
        version,
        by,
        state=State.DECIDED,
        action="samverkan.annex_version.opened",
        decided_on=timezone.localdate(),
    )


# --- signatures -------------------------------------------------------------------------


@transaction.atomic
def annex_version_sign(
    *,
    version: AnnexVersion,
    party: AgreementParty,
    by,
    password: str,
    ip_address: str | None = None,
    user_agent: str = "",
) -> Signature:
    """`by` signs the version for `party`, having re-entered their password. Only the
    party's confirmed signatory may (the right comes from councils/roles.py, which grants
    it from the confirmed designation alone). When every party has signed, the version is
    in force and the one before it is superseded.

    The version row is locked first, so signatures of different parties at the same moment
    are taken one after the other and all kept, and the last of them puts it in force once;
    the constraint one_signature_per_party makes a repeated click sign once."""
    version = _locked(version)
    if party.agreement_id != version.agreement_id:
        raise PermissionDenied
    if not (
        by.is_active
        and party.signatory_user_id == by.pk
        and by.has_perm("samverkan.sign_for_party", party)
    ):
        raise PermissionDenied
    if version.state == State.IN_FORCE or version.state == State.SUPERSEDED:
        raise ValidationError(_("Versionen är redan undertecknad av alla parter."))
    if version.state != State.DECIDED:
        raise ValidationError(
            _("Version %(number)s kan undertecknas först när den är beslutad.")
            % {"number": version.number}
        )
    if not password or not by.check_password(password):
        raise ValidationError({"password": _("Lösenordet stämmer inte.")})
    not_decided = _(
        "Versionens innehåll stämmer inte med det som beslutades. Den kan inte undertecknas."
    )
    signed_hash = _intact_or_refuse(version, not_decided)
    # An annex is signed on the hash the council was shown and decided, nothing else.
    if version.annex_id is not None and signed_hash != version.presented_hash:
        raise ValidationError(not_decided)
    if version.signatures.filter(party=party).exists():
        raise ValidationError(
            _("%(party)s har redan undertecknat version %(number)s.")
            % {"party": party.short_name, "number": version.number}
        )
    signature = Signature(
        version=version,
        party=party,
        signer=by,
        signer_name=by.get_full_name() or by.get_username(),
        # The title the party confirmed for this signatory; the agreement's printed title
        # for a signatory designated before designations were recorded.
        signer_title=party.designations.filter(state="confirmed", user=by)
        .values_list("title", flat=True)
        .first()
        or party.signatory_title,
        content_hash=signed_hash,
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:500],
    )
    signature._history_user = by
    signature.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("%(party)s har redan undertecknat version %(number)s.")
            % {"party": party.short_name, "number": version.number}
        ) from exc
    event_log(
        agreement=version.agreement,
        actor=by,
        action="samverkan.annex_version.signed",
        obj=version,
        data=_label(version) | {"party": party.short_name, "signer": signature.signer_name},
    )
    parties = set(version.agreement.parties.values_list("pk", flat=True))
    if parties <= set(version.signatures.values_list("party_id", flat=True)):
        _enter_into_force(version, by)
    return signature


def _enter_into_force(version: AnnexVersion, by) -> None:
    now = timezone.now()
    previous = (
        _document_versions(version.agreement, version.annex)
        # No ordering by annex__number: FOR UPDATE refuses the outer join it needs for the
        # agreement's own text (annex NULL).
        .order_by("-number")
        .select_for_update()
        .filter(state=State.IN_FORCE)
        .first()
    )
    if previous is not None:
        _move(
            previous,
            by,
            state=State.SUPERSEDED,
            action="samverkan.annex_version.superseded",
            data={"by_number": version.number},
            superseded_at=now,
        )
    _move(
        version,
        by,
        state=State.IN_FORCE,
        action="samverkan.annex_version.in_force",
        in_force_at=now,
    )
    if version.annex_id is None:
        # The agreement's own text signed by every party: the agreement is signed.
        agreement = Agreement.objects.select_for_update().get(pk=version.agreement_id)
        if agreement.status == Agreement.Status.DRAFT:
            agreement.status = Agreement.Status.SIGNED
            agreement.signed_on = timezone.localdate(now)
            agreement._history_user = by
            agreement.save(update_fields=["status", "signed_on"])


# --- reading ----------------------------------------------------------------------------


def in_force_and_open(agreement: Agreement) -> dict:
    """For the agreement page, in one query: {annex id or None: {"in_force": version,
    "open": version}}, each version with its signatures prefetched."""
    found: dict = {}
    versions = (
        agreement.document_versions.filter(state__in=(State.IN_FORCE, *AnnexVersion.OPEN_STATES))
        .select_related("annex")
        # Each signature with its party in one query, not two (the page's count is fixed).
        .prefetch_related(
            Prefetch("signatures", queryset=Signature.objects.select_related("party"))
        )
    )
    for version in versions:
        slot = found.setdefault(version.annex_id, {"in_force": None, "open": None})
        slot["in_force" if version.state == State.IN_FORCE else "open"] = version
    return found


def _lines(section: dict) -> list[str]:
    """A section's blocks as comparable lines of text."""
    lines = []
    for block in section.get("blocks", []):
        if block["type"] == "paragraph":
            lines.append(block["text"])
        elif block["type"] == "list":
            lines.extend(f"• {item}" for item in block["items"])
        else:
            if block.get("head"):
                lines.append(" | ".join(block["head"]))
            lines.extend(" | ".join(str(cell) for cell in row) for row in block["rows"])
    return lines


def compare(old: dict | None, new: dict) -> list[dict]:
    """What changed from `old` (the version in force, None if there is none) to `new`,
    section by section in the new order (removed sections after): [{"key", "heading",
    "change": "added" | "removed" | "changed" | "unchanged", "lines": [(op, text)]}],
    op one of "same", "added", "removed"."""
    old_sections = {s["key"]: s for s in (old or {}).get("sections", [])}
    result = []
    for section in new["sections"]:
        before = old_sections.pop(section["key"], None)
        after_lines = _lines(section)
        if before is None:
            result.append(
                {
                    "key": section["key"],
                    "heading": section["heading"],
                    "change": "added",
                    "lines": [("added", line) for line in after_lines],
                }
            )
            continue
        before_lines = _lines(before)
        lines = []
        matcher = difflib.SequenceMatcher(a=before_lines, b=after_lines, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                lines.extend(("same", line) for line in after_lines[b1:b2])
                continue
            lines.extend(("removed", line) for line in before_lines[a1:a2])
            lines.extend(("added", line) for line in after_lines[b1:b2])
        changed = before_lines != after_lines or before["heading"] != section["heading"]
        result.append(
            {
                "key": section["key"],
                "heading": section["heading"],
                "change": "changed" if changed else "unchanged",
                "lines": lines,
            }
        )
    for section in old_sections.values():
        result.append(
            {
                "key": section["key"],
                "heading": section["heading"],
                "change": "removed",
                "lines": [("removed", line) for line in _lines(section)],
            }
        )
    return result


@transaction.atomic
def annex_version_undecide(*, version: AnnexVersion, by) -> AnnexVersion:
    """The decision was recorded by mistake and taken back (councils, while the minutes are
    open): the version is presented again. Refused once a party has signed it."""
    version = _locked(version)
    if version.state != State.DECIDED or version.annex_id is None:
        raise ValidationError(_("Versionen är inte beslutad av strategiska rådet."))
    if version.signatures.exists():
        raise ValidationError(
            _("Version %(number)s har redan undertecknats och beslutet kan inte tas tillbaka.")
            % {"number": version.number}
        )
    return _move(
        version,
        by,
        state=State.PRESENTED,
        action="samverkan.annex_version.undecided",
        decided_on=None,
        decision_reference="",
        decision_type=None,
        decision_id=None,
    )
