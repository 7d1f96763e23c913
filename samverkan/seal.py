"""Sealing exported PDFs with the organisation's certificate (pyHanko, PAdES B-B), when the
environment names one (settings.PDF_SEAL_CERTIFICATE). Without it, PDFs leave unsealed.

The seal is an approval signature added as an incremental update: the PDF/A file is kept
byte for byte and the signature appended after it, so the archival document stays what
WeasyPrint wrote and the seal covers all of it. The signature field is invisible (a
zero-sized widget with the print flag set, as PDF/A wants) and has no appearance; a
reader shows the seal in its signature panel.

PAdES baseline B-B: a CAdES detached signature (subfilter ETSI.CAdES.detached) with
SHA-256 and the signing certificate embedded; no timestamp and no revocation data, so
sealing needs no network (a closed municipal network has none to a TSA).

pyHanko is imported only when a PDF is sealed: it takes over a second to import, which
an installation without a certificate should not pay at start-up.
"""

import io
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

FIELD_NAME = "Samverkan"
# In the document's language, whatever the exporting user reads the app in.
REASON = "Exporterad ur Samverkan"

# The loaded signer and the (path, mtime, password) it came from: a renewed certificate
# file (new mtime) or a new password is loaded again, otherwise the key is parsed once.
_cached: tuple[tuple, object] | None = None


def _signer(path: str, password: str):
    global _cached
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError as error:
        raise ImproperlyConfigured(
            f"PDF_SEAL_CERTIFICATE names a file that cannot be read: {path} ({error.strerror})."
        ) from None
    key = (path, mtime, password)
    if _cached is not None and _cached[0] == key:
        return _cached[1]
    from pyhanko.sign.signers import SimpleSigner

    try:
        signer = SimpleSigner.load_pkcs12_data(
            Path(path).read_bytes(),
            other_certs=(),
            passphrase=password.encode() if password else None,
        )
    except (OSError, ValueError):
        # The cause (cryptography's message) is left out: nothing near the password may
        # reach a log or an error page.
        raise ImproperlyConfigured(
            f"PDF_SEAL_CERTIFICATE ({path}) could not be loaded as a PKCS#12 file with a "
            "private key: is it the right file, and is PDF_SEAL_PASSWORD its password?"
        ) from None
    _cached = (key, signer)
    return signer


@cache
def _writer_class():
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class MetadataKeepingWriter(IncrementalPdfFileWriter):
        """An incremental writer that leaves the document's metadata alone.

        pyHanko updates the Info dictionary and the XMP stream with each revision, and not
        alike: the Info producer becomes "WeasyPrint …; pyHanko …" and the XMP's "pyHanko
        …", a mismatch PDF/A forbids; it also re-serialises WeasyPrint's XMP. The seal
        changes no content, so WeasyPrint's metadata stays as written (a private method of
        pyHanko's: tests/samverkan/test_seal.py checks the metadata is untouched).
        """

        def _update_meta(self):
            pass

    return MetadataKeepingWriter


def seal_pdf(content: bytes) -> bytes:
    """`content` sealed on top of the PDF/A file when a certificate is configured, else as is."""
    path = settings.PDF_SEAL_CERTIFICATE
    if not path:
        return content
    signer = _signer(path, settings.PDF_SEAL_PASSWORD)
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=REASON,
        location=urlsplit(settings.SITE_URL).hostname or None,
    )
    # No box: an invisible field; pyHanko's defaults for one are the PDF/A-compatible ones.
    field = fields.SigFieldSpec(sig_field_name=FIELD_NAME)
    writer = _writer_class()(io.BytesIO(content))
    output = signers.PdfSigner(meta, signer=signer, new_field_spec=field).sign_pdf(writer)
    return output.getvalue()


def check_seal_certificate(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A certificate file named but not there: every PDF export would fail."""
    path = settings.PDF_SEAL_CERTIFICATE
    if path and not Path(path).is_file():
        return [
            checks.Warning(
                f"PDF_SEAL_CERTIFICATE names a file that does not exist: {path}",
                hint="Point it at the organisation's PKCS#12 file, or leave it unset to "
                "export unsealed PDFs.",
                id="samverkan.W001",
            )
        ]
    return []
