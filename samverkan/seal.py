"""Sealing exported PDFs with the organisation's certificate (pyHanko, PAdES B-B), when the
environment names one (settings.PDF_SEAL_CERTIFICATE). Without it, PDFs leave unsealed.

Stub: the seal helper fills this in.
"""


def seal_pdf(content: bytes) -> bytes:
    """`content` sealed on top of the PDF/A file when a certificate is configured, else as is."""
    return content
