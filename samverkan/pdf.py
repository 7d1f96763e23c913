"""Archival PDFs (PDF/A-3a: tagged, fonts embedded, document language sv) from the HTML
templates under templates/pdf/, rendered with WeasyPrint.

Only local resources are loaded: a URL fetcher refuses anything that is not a file in the
project's static directory, so a document never reaches out of the machine. The fonts are
the system's DejaVu and Liberation fonts (installed by the set-up and by .ci/run), found
through fontconfig and embedded in the file.
"""

from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML, Attachment
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/a-3a"


def _static_root() -> Path:
    return Path(settings.STATICFILES_DIRS[0]).resolve()


class LocalOnlyFetcher(URLFetcher):
    """Fetches files from the project's static directory and nothing else."""

    def fetch(self, url, headers=None):
        root = _static_root()
        if not url.startswith("file:"):
            raise ValueError(f"Only local resources are allowed in a PDF: {url}")
        path = Path(url.removeprefix("file://").split("?")[0]).resolve()
        if not path.is_relative_to(root):
            raise ValueError(f"Only the project's static files are allowed in a PDF: {url}")
        return super().fetch(url, headers)


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
    """Render `template` (extending pdf/base.html) to PDF/A-3a bytes.

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
    footer = CSS(string=f"@page {{ @bottom-right {{ content: {page_counter} }} }}")
    files = [
        Attachment(
            string=a["content"],
            name=a["name"],
            description=a.get("description", ""),
            relationship=a.get("relationship", "Unspecified"),
        )
        for a in attachments
    ]
    return document.write_pdf(
        stylesheets=[footer], pdf_variant=PDF_VARIANT, pdf_tags=True, attachments=files
    )
