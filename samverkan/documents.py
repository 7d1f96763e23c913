"""The documents for download, as archival PDFs (samverkan/pdf.py):

- the agreement: its fields, parties, clauses, annex list and signature block, with the
  signatures made in the app on the version in force of its own text;
- a version of an annex (or of the agreement's own text): its content, version number and
  date, the council decision that adopted it, a signature page with the hash that was
  signed, and the canonical JSON snapshot embedded as the file it was made from
  ("Source"), so that the archived PDF holds the exact data whose SHA-256 was signed;
- the agreement pack ("dokumentpaket"): a contents page, the agreement, then every annex
  version in force by annex number, in one PDF with every version's snapshot embedded;
  what a user sends to the archive or the municipal board.

A version in force or superseded is immutable, signatures included: its PDF is rendered
once, stored under its content hash and served from there with an ETag. Anything earlier
is rendered on request and marked UTKAST, and so is a version whose integrity is broken
(never stored, with the warning on every page). The pack is stored under a key computed
from everything it shows (a few small queries, no rendering), so any change to the
agreement or to what is in force makes a new one.
"""

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import annexes
from .models import Agreement, AgreementParty, AnnexVersion, Signature
from .pdf import render_part, render_pdf

# Under the private storage of attachments: no public URL, the view checks the reader.
STORAGE = "attachments"
FINAL_STATES = (AnnexVersion.State.IN_FORCE, AnnexVersion.State.SUPERSEDED)


@dataclass(frozen=True)
class Document:
    content: bytes
    etag: str
    filename: str
    stored: bool


def _filename(version: AnnexVersion) -> str:
    if version.annex_id is None:
        return f"overenskommelse-version-{version.number}.pdf"
    return f"bilaga-{version.annex.number}-version-{version.number}.pdf"


def _stored_name(version: AnnexVersion) -> str:
    # The state is printed in it: a superseded version's PDF is another document.
    return f"documents/version-{version.pk}-{version.state}-{version.content_hash}.pdf"


def _version_args(version: AnnexVersion, *, intact: bool, parties: list[AgreementParty]):
    """The template, context and metadata of a version's PDF, and its embedded source."""
    agreement = version.agreement
    signatures = {s.party_id: s for s in version.signatures.all()}
    with translation.override("sv"):
        title = f"{agreement.title} – {version}"
        subject = (
            _("Bilaga %(number)s: %(title)s")
            % {"number": version.annex.number, "title": version.annex.title}
            if version.annex_id
            else agreement.title
        )
    context = {
        "agreement": agreement,
        "version": version,
        "rows": [(party, signatures.get(party.pk)) for party in parties],
        "draft": version.state not in FINAL_STATES or not intact,
        "intact": intact,
        "content": annexes.content_html(version, intact=intact),
    }
    meta = {"title": title, "author": [ap.party.name for ap in parties], "subject": subject}
    return "pdf/annex_version.html", context, meta, _source(version)


def _source(version: AnnexVersion) -> dict:
    """The version's canonical JSON, to embed as the file the PDF was made from."""
    return {
        "content": annexes.canonical(version),
        "name": _filename(version).replace(".pdf", ".json"),
        "description": f"SHA-256 {version.content_hash}",
        "relationship": "Source",
    }


def render_version(version: AnnexVersion, *, intact: bool) -> bytes:
    """Render the version's PDF now (no storage)."""
    parties = list(version.agreement.parties.select_related("party").order_by("order", "pk"))
    template, context, meta, source = _version_args(version, intact=intact, parties=parties)
    return render_pdf(template, context, **meta, attachments=[source])


def version_document(version: AnnexVersion) -> Document:
    """The version's PDF: from storage when it is final and intact (rendered and stored the
    first time), otherwise rendered now."""
    intact = annexes.integrity([version])[version.pk].ok
    etag_base = f"{version.content_hash}-{version.state}-{version.signatures.count()}"
    filename = _filename(version)
    if version.state not in FINAL_STATES or not intact:
        content = render_version(version, intact=intact)
        return Document(content, f'W/"{etag_base}-{len(content)}"', filename, stored=False)
    storage = storages[STORAGE]
    name = _stored_name(version)
    if storage.exists(name):
        with storage.open(name, "rb") as stored:
            content = stored.read()
    else:
        content = render_version(version, intact=True)
        storage.save(name, ContentFile(content))
    return Document(content, f'"{etag_base}"', filename, stored=True)


def stored_etag(version: AnnexVersion) -> str | None:
    """The ETag of a stored PDF without reading it (for If-None-Match), or None."""
    if version.state not in FINAL_STATES:
        return None
    if not storages[STORAGE].exists(_stored_name(version)):
        return None
    return f'"{version.content_hash}-{version.state}-{version.signatures.count()}"'


# The agreement itself.


def _agreement_args(agreement: Agreement, *, parties, signed, annex_list, clauses):
    """The template, context and metadata of the agreement's PDF; `signed` is the version
    in force of its own text (its signatures prefetched) or None."""
    with translation.override("sv"):  # the document's language, whatever the app's
        subject = _("Brottsförebyggande samverkan i %(municipality)s") % {
            "municipality": agreement.municipality
        }
    signatures = {s.party_id: s for s in signed.signatures.all()} if signed else {}
    context = {
        "agreement": agreement,
        "parties": [(ap, signatures.get(ap.pk)) for ap in parties],
        "signed_version": signed,
        "annexes": annex_list,
        "clauses": clauses,
    }
    meta = {
        "title": agreement.title,
        "author": [ap.party.name for ap in parties],
        "subject": subject,
    }
    return "pdf/agreement.html", context, meta


def render_agreement(agreement: Agreement) -> bytes:
    """The agreement as an archival PDF (PDF/A-3a), as the agreement page shows it, with
    the signatures made in the app once its own text is signed there."""
    signed = (
        agreement.document_versions.filter(annex=None, state=AnnexVersion.State.IN_FORCE)
        .prefetch_related("signatures")
        .first()
    )
    template, context, meta = _agreement_args(
        agreement,
        parties=list(agreement.parties.select_related("party")),
        signed=signed,
        annex_list=agreement.annexes.all(),
        clauses=agreement.clauses.all(),
    )
    return render_pdf(template, context, **meta)


def agreement_filename(agreement: Agreement, suffix: str = "") -> str:
    years = f"{agreement.valid_from.year}-{agreement.valid_to.year}"
    return f"samverkansoverenskommelse-{years}{suffix}.pdf"


# The agreement pack.

# Part of every pack's key: raise it when the pack's templates change what it shows, so
# that packs stored before are made anew.
PACK_FORMAT = 1


@dataclass
class Pack:
    """What an agreement's pack shows, read in a few queries, and the key it is stored
    under: the agreement with its parties, clauses and annexes, the version in force of
    its own text (its signatures are in the agreement's signature block) and the annex
    versions in force by annex number."""

    agreement: Agreement
    parties: list
    clauses: list
    annex_list: list
    text_version: AnnexVersion | None
    versions: list
    key: str = ""

    @property
    def in_force(self) -> list[AnnexVersion]:
        return ([self.text_version] if self.text_version else []) + self.versions

    @property
    def stored_name(self) -> str:
        return f"documents/pack-{self.agreement.pk}-{self.key}.pdf"

    @property
    def etag(self) -> str:
        return f'"pack-{self.key}"'

    @property
    def filename(self) -> str:
        return agreement_filename(self.agreement, "-dokumentpaket")


def _pack_key(pack: Pack) -> str:
    """SHA-256 over everything the pack shows; versions in force are immutable, signatures
    included, so a version is its pk, state, hash and signatures."""
    a = pack.agreement
    shown = {
        "format": PACK_FORMAT,
        "agreement": [a.pk, a.title, a.municipality, a.valid_from, a.valid_to],
        "signed": [a.signed_place, a.signed_on],
        "parties": [
            [ap.pk, ap.order, ap.short_name, ap.party_description, ap.signatory_name]
            + [ap.signatory_title, ap.party.name, ap.party.organisation_number, ap.party.address]
            for ap in pack.parties
        ],
        "clauses": [[c.order, c.heading, c.body] for c in pack.clauses],
        "annexes": [[annex.number, annex.title] for annex in pack.annex_list],
        "versions": [
            [v.pk, v.annex_id, v.state, v.content_hash, sorted(s.pk for s in v.signatures.all())]
            for v in pack.in_force
        ],
    }
    text = json.dumps(shown, default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def pack(agreement: Agreement) -> Pack:
    """The agreement's pack as data and its key (no rendering)."""
    in_force = list(
        agreement.document_versions.filter(state=AnnexVersion.State.IN_FORCE)
        .select_related("annex")
        .prefetch_related(
            Prefetch("signatures", queryset=Signature.objects.select_related("party"))
        )
    )
    found = Pack(
        agreement=agreement,
        parties=list(agreement.parties.select_related("party")),
        clauses=list(agreement.clauses.all()),
        annex_list=list(agreement.annexes.all()),
        text_version=next((v for v in in_force if v.annex_id is None), None),
        versions=sorted((v for v in in_force if v.annex_id), key=lambda v: v.annex.number),
    )
    found.key = _pack_key(found)
    return found


def render_pack(pack: Pack, *, intact: dict[int, bool]) -> bytes:
    """Render the pack now (no storage): a contents page, the agreement, each annex version
    in force; every version in force embedded as its canonical JSON ("Source")."""
    agreement = pack.agreement
    template, context, meta = _agreement_args(
        agreement,
        parties=pack.parties,
        signed=pack.text_version,
        annex_list=pack.annex_list,
        clauses=pack.clauses,
    )
    parts = [{"title": agreement.title, "html": render_part(template, context), "marked": False}]
    sources = [_source(pack.text_version)] if pack.text_version else []
    for version in pack.versions:
        template, context, _meta, source = _version_args(
            version, intact=intact.get(version.pk, True), parties=pack.parties
        )
        with translation.override("sv"):
            title = _("%(document)s, version %(number)s") % {
                "document": str(version.annex),
                "number": version.number,
            }
        parts.append(
            {"title": title, "html": render_part(template, context), "marked": context["draft"]}
        )
        sources.append(source)
    for number, part in enumerate(parts, 1):
        part["anchor"] = f"dokumentpaket-del-{number}"
        # The parts' own anchors (an annex's sections) made unique in the whole.
        part["html"] = mark_safe(part["html"].replace(' id="', f' id="del-{number}-'))
    with translation.override("sv"):
        title = f"{agreement.title} – {_('Dokumentpaket')}"
    return render_pdf(
        "pdf/pack.html",
        {
            "agreement": agreement,
            "parts": parts,
            "sources": [
                {"name": s["name"], "hash": s["description"].removeprefix("SHA-256 ")}
                for s in sources
            ],
            "compiled_on": timezone.localdate(),
        },
        title=title,
        author=meta["author"],
        subject=meta["subject"],
        attachments=sources,
    )


def pack_stored_etag(pack: Pack) -> str | None:
    """The stored pack's ETag without reading it (for If-None-Match), or None."""
    return pack.etag if storages[STORAGE].exists(pack.stored_name) else None


def pack_document(pack: Pack) -> Document:
    """The pack's PDF: from storage when it was made before, otherwise rendered now and
    stored, unless a version in it fails its integrity check (then it is rendered on each
    request, every such version marked, as its own PDF is). A stored pack was made from
    intact versions: a later change to a version's stored content does not reach it."""
    storage = storages[STORAGE]
    name = pack.stored_name
    if storage.exists(name):
        with storage.open(name, "rb") as stored:
            return Document(stored.read(), pack.etag, pack.filename, stored=True)
    checks = annexes.integrity(pack.in_force)
    intact = {pk: check.ok for pk, check in checks.items()}
    with timezone.override(settings.TIME_ZONE):  # the same document whoever asks first
        content = render_pack(pack, intact=intact)
    if not all(intact.values()):
        weak = f'W/"pack-{pack.key}-{len(content)}"'
        return Document(content, weak, pack.filename, stored=False)
    storage.save(name, ContentFile(content))
    _drop_older_packs(pack)
    return Document(content, pack.etag, pack.filename, stored=True)


def _drop_older_packs(pack: Pack) -> None:
    """A pack is made from data that stays in the database: the packs stored for the
    agreement before this one show what no longer is, and are made anew if it comes back."""
    storage = storages[STORAGE]
    prefix = f"pack-{pack.agreement.pk}-"
    _dirs, files = storage.listdir("documents")
    for file in files:
        if file.startswith(prefix) and f"documents/{file}" != pack.stored_name:
            storage.delete(f"documents/{file}")
