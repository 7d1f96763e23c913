"""The agreement as an archival PDF: PDF/A-3a (tagged, fonts embedded, language sv), the
seed's whole text with å/ä/ö intact, and served only to those who may see the agreement."""

import io
import re

import pikepdf
import pytest
from django.urls import reverse
from pypdf import PdfReader

from samverkan.pdf import LocalOnlyFetcher
from samverkan.views import agreement_pdf_bytes
from tests.seed import SIGNING_LINE, clause_sentences

SIGNATORIES = ["Ove Bengtsson", "Gustav Rosén Zetterberg", "Linda Hilmarsson"]


_rendered: dict[str, bytes] = {}


@pytest.fixture
def pdf(laholm) -> bytes:
    """The Laholm agreement's PDF, rendered once for the module (rendering only reads; it
    runs inside the first test that asks, where the demo is loaded)."""
    if "laholm" not in _rendered:
        _rendered["laholm"] = agreement_pdf_bytes(laholm)
    return _rendered["laholm"]


@pytest.fixture
def reader(pdf) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def flat(text: str) -> str:
    """Words across line and page breaks, without the hyphens that split them."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # a word hyphenated at a line end
    return " ".join(text.split())


@pytest.fixture
def text(reader) -> str:
    return flat("\n".join(page.extract_text() for page in reader.pages))


def test_every_sentence_of_the_clauses_is_in_the_pdf(text):
    missing = [s for s in clause_sentences() if flat(s) not in text]
    assert not missing
    assert all(letter in text for letter in "åäöÅÖ")


def test_the_parties_period_and_signatures_are_in_the_pdf(text, laholm):
    assert "Samverkansöverenskommelse" in text
    assert "2024-01-01–2026-12-31" in text
    for ap in laholm.parties.select_related("party"):
        assert ap.party.organisation_number in text
        assert flat(ap.party.address) in text
    for annex in laholm.annexes.all():
        assert annex.title in text
    assert SIGNING_LINE in text
    for name in SIGNATORIES:
        assert name in text


def test_each_page_has_the_title_and_its_number(reader):
    total = len(reader.pages)
    assert total > 1
    for number, page in enumerate(reader.pages, 1):
        page_text = flat(page.extract_text())
        assert "Samverkansöverenskommelse" in page_text
        assert f"Sida {number} av {total}" in page_text


def test_the_pdf_declares_pdf_a_3a_in_its_xmp_metadata(reader):
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp)
    assert re.search(r"pdfaid:conformance(>|=\")A", xmp)


def test_the_pdf_is_tagged_and_in_swedish(reader):
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


def test_the_metadata_name_the_document_and_the_parties(reader, laholm):
    info = reader.metadata
    assert info.title == laholm.title
    for ap in laholm.parties.select_related("party"):
        assert ap.party.name in info.author
    assert info.subject == "Brottsförebyggande samverkan i Laholms kommun"
    assert info.creation_date is not None


def _fonts(resources):
    fonts = resources.get("/Font", {})
    for font in fonts.values():
        font = font.get_object()
        yield font
        for descendant in font.get("/DescendantFonts", []):
            yield descendant.get_object()


def test_every_font_is_embedded(reader):
    seen = 0
    for page in reader.pages:
        for font in _fonts(page["/Resources"]):
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:  # a composite font: its descendants carry the file
                assert "/DescendantFonts" in font
                continue
            seen += 1
            descriptor = descriptor.get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font
    assert seen


def assert_archival_tagged_swedish_with_fonts_embedded(document: pikepdf.Pdf):
    """PDF/A-3a in the XMP metadata, a structure tree, /Lang sv and every font embedded."""
    metadata = document.open_metadata()
    assert metadata["pdfaid:part"] == "3"
    assert metadata["pdfaid:conformance"] == "A"
    assert "/StructTreeRoot" in document.Root
    assert document.Root.MarkInfo.Marked
    assert document.Root.Lang == "sv"
    fonts = [
        obj
        for obj in document.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
    ]
    assert fonts
    for font in fonts:
        if font.Subtype == "/Type0":  # a composite font: its descendants carry the file
            continue
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(font.FontDescriptor.keys())


def test_pikepdf_finds_it_archival_tagged_swedish_with_every_font_embedded(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert_archival_tagged_swedish_with_fonts_embedded(document)


def test_only_the_projects_own_files_are_fetched():
    fetcher = LocalOnlyFetcher()
    for url in ("https://example.com/style.css", "http://127.0.0.1/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_pdf_is_a_download_for_a_member(client_as, laholm):
    response = client_as("laholmshem").get(reverse("samverkan:agreement_pdf", args=[laholm.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="samverkansoverenskommelse-2024-2026.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_the_agreement_page_links_to_the_pdf(client_as, laholm):
    page = client_as("laholmshem").get(reverse("samverkan:agreement", args=[laholm.pk]))
    url = reverse("samverkan:agreement_pdf", args=[laholm.pk])
    assert re.search(rf'<a href="{url}"[^>]*>Exportera PDF</a>', page.content.decode())


def test_an_outsider_gets_404(client_as, laholm):
    response = client_as("annan-kommun").get(reverse("samverkan:agreement_pdf", args=[laholm.pk]))
    assert response.status_code == 404
