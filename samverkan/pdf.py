"""Archival PDFs (PDF/A-3a: tagged, fonts embedded, document language sv) from the HTML
templates under templates/pdf/, rendered with WeasyPrint.

Only local resources are loaded: a URL fetcher refuses anything that is not a file in the
project's static directory, so a document never reaches out of the machine. The fonts are
the system's DejaVu and Liberation fonts (installed by the set-up and by .ci/run), found
through fontconfig and embedded in the file.

A document of several parts (the agreement pack, samverkan/documents.py) is one HTML
document: each part is its template's body (`render_part`), so that the counters ("Sida X
av Y", the contents' page numbers) run over the whole and every part is laid out exactly
as on its own.

Every PDF leaves `render_pdf` sealed (samverkan.seal: the organisation's certificate, when
one is configured), so a stored document is sealed once, when it is made.
"""

import ssl
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML, Attachment
from weasyprint.urls import URLFetcher

from . import seal

PDF_VARIANT = "pdf/a-3a"
# The base a document template extends when it is rendered as a part of another document
# (its templates extend `base_template`, pdf/base.html by default): the body alone.
PART_BASE = "pdf/pack_part.html"


def _static_root() -> Path:
    return Path(settings.STATICFILES_DIRS[0]).resolve()


class LocalOnlyFetcher(URLFetcher):
    """Fetches files from the project's static directory and nothing else."""

    def __init__(self, **kwargs):
        # A context that never loads the system's certificates (no HTTPS is fetched): the
        # default one reads them on every render, a fifth of a second each time.
        kwargs.setdefault("ssl_context", ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        super().__init__(**kwargs)

    def __repr__(self):
        # The same for every instance: an attachment made with one names it among its
        # arguments, and the tests that convert a document once key on those.
        return f"{type(self).__name__}()"

    def fetch(self, url, headers=None):
        root = _static_root()
        if not url.startswith("file:"):
            raise ValueError(f"Only local resources are allowed in a PDF: {url}")
        path = Path(url.removeprefix("file://").split("?")[0]).resolve()
        if not path.is_relative_to(root):
            raise ValueError(f"Only the project's static files are allowed in a PDF: {url}")
        return super().fetch(url, headers)


def render_part(template: str, context: dict, *, lang: str = "sv") -> str:
    """The body of a document template (one that extends `base_template`, pdf/base.html
    when alone) as HTML, to be one part of a document of several."""
    with translation.override(lang):
        return render_to_string(template, {**context, "base_template": PART_BASE, "pdf_part": True})


def render_pdf(
    template: str,
    context: dict,
    *,
    title: str,
    author: str | Iterable[str],
    subject: str,
    lang: str = "sv",
    attachments: Iterable[dict] = (),
) -> bytes:
    """Render `template` (extending pdf/base.html) to PDF/A-3a bytes, sealed.

    `title`, `author` (one name or several: the parties), `subject` and the creation date
    (now) go into the document's metadata; `lang` is its language. Each of `attachments`,
    {"content": bytes, "name": …, "description": …, "relationship": "Source"}, is embedded
    as an associated file (PDF/A-3 allows any file; "Source" says the document was made
    from it).
    """
    authors = [author] if isinstance(author, str) else list(author)
    # The document is in its own language whatever the user reads the app in.
    with translation.override(lang):
        # "Sida X av Y" as a CSS content value: the counters between quoted text.
        counters = {"number": '" counter(page) "', "total": '" counter(pages) "'}
        page_counter = '"' + _("Sida %(number)s av %(total)s") % counters + '"'
        html = render_to_string(
            template,
            {
                **context,
                "pdf_title": title,
                "pdf_authors": authors,
                "pdf_subject": subject,
                "pdf_lang": lang,
                "pdf_created": timezone.localtime().isoformat(timespec="seconds"),
            },
        )
    fetcher = LocalOnlyFetcher()
    base_url = _static_root().as_uri() + "/"  # templates link css/pdf.css from static/
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    footer = CSS(
        string=f"@page {{ @bottom-right {{ content: {page_counter} }} }}", url_fetcher=fetcher
    )
    files = [
        Attachment(
            string=a["content"],
            name=a["name"],
            description=a.get("description", ""),
            relationship=a.get("relationship", "Unspecified"),
            url_fetcher=fetcher,
        )
        for a in attachments
    ]
    content = document.write_pdf(
        stylesheets=[footer], pdf_variant=PDF_VARIANT, pdf_tags=True, attachments=files
    )
    # The one place every PDF of the project passes: sealed before anyone stores it.
    return seal.seal_pdf(content)
