"""The PDF of an annex version (or of a version of the agreement's own text): its content,
version number and date, the council decision that adopted it, a signature page with the
hash that was signed, and the canonical JSON snapshot embedded as the file it was made
from ("Source"), so that the archived PDF holds the exact data whose SHA-256 was signed.

A version in force or superseded is immutable, signatures included: its PDF is rendered
once, stored under its content hash and served from there with an ETag. Anything earlier
is rendered on request and marked UTKAST, and so is a version whose integrity is broken
(never stored, with the warning on every page).
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import translation
from django.utils.translation import gettext as _

from . import annexes
from .models import AnnexVersion
from .pdf import render_pdf

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


def render_version(version: AnnexVersion, *, intact: bool) -> bytes:
    """Render the version's PDF now (no storage)."""
    agreement = version.agreement
    parties = list(agreement.parties.select_related("party").order_by("order", "pk"))
    signatures = {s.party_id: s for s in version.signatures.all()}
    with translation.override("sv"):
        title = f"{agreement.title} – {version}"
        subject = (
            _("Bilaga %(number)s: %(title)s")
            % {"number": version.annex.number, "title": version.annex.title}
            if version.annex_id
            else agreement.title
        )
        name = _filename(version).replace(".pdf", ".json")
    return render_pdf(
        "pdf/annex_version.html",
        {
            "agreement": agreement,
            "version": version,
            "rows": [(party, signatures.get(party.pk)) for party in parties],
            "draft": version.state not in FINAL_STATES or not intact,
            "intact": intact,
            "content": annexes.content_html(version, intact=intact),
        },
        title=title,
        author=[ap.party.name for ap in parties],
        subject=subject,
        attachments=[
            {
                "content": annexes.canonical(version),
                "name": name,
                "description": f"SHA-256 {version.content_hash}",
                "relationship": "Source",
            }
        ],
    )


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
