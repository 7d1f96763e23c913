"""Keep Swedish personal identity numbers out of situation input, and vet its attachments.

Underlag for the situation picture describes places and trends, never individuals; a
personnummer or samordningsnummer in a text field or an attachment is refused. Attachments
are recognised by their content (a renamed program stays a program) and must be readable,
since a file that cannot be checked cannot be accepted either.
"""

import codecs
import csv
import hashlib
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# --- identity numbers ----------------------------------------------------------------

# Between birth date and the last four digits: nothing, "-" or "+" (100 years or older),
# or a space. Typographic dashes and no-break spaces come along when text is pasted from
# Word or a PDF.
_SEPARATOR = r"(?:[ \u00a0]?[-+\u2010\u2011\u2012\u2013\u2212][ \u00a0]?|[ \u00a0])?"
_CANDIDATE = re.compile(
    r"(?<![0-9])"  # a longer run of digits is some other number
    r"(?P<century>[0-9]{2})?(?P<yy>[0-9]{2})(?P<mm>[0-9]{2})(?P<dd>[0-9]{2})"
    + _SEPARATOR
    + r"(?P<serial>[0-9]{3})(?P<check>[0-9])"
    r"(?![0-9])"
)
_CENTURIES = (18, 19, 20)
# A samordningsnummer is a personnummer with 60 added to the day of birth.
_COORDINATION_OFFSET = 60


@dataclass(frozen=True)
class Hit:
    """A personnummer or samordningsnummer found in a text: the line (from 1) and the match."""

    line: int
    text: str


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(int(d) for d in digits):
        product = digit * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _date_exists(years: list[int], month: int, day: int) -> bool:
    for year in years:
        try:
            date(year, month, day)
        except ValueError:
            continue
        return True
    return False


def _is_identity_number(match: re.Match) -> bool:
    month, day = int(match["mm"]), int(match["dd"])
    if day > _COORDINATION_OFFSET:
        day -= _COORDINATION_OFFSET
    # Organisation numbers share the format and the check digit; their "month" is 20 or
    # more, so a real date is what tells a person from a company.
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return False
    yy = int(match["yy"])
    if match["century"]:
        if int(match["century"]) not in _CENTURIES:
            return False
        years = [int(match["century"]) * 100 + yy]
    else:
        # Ten digits do not say the century: a date that exists in either one counts.
        years = [1900 + yy, 2000 + yy]
    if not _date_exists(years, month, day):
        return False
    return _luhn_ok(match["yy"] + match["mm"] + match["dd"] + match["serial"] + match["check"])


def find_identity_numbers(text: str | None) -> list[Hit]:
    """Every personnummer and samordningsnummer in `text`, in order."""
    text = text or ""
    hits = []
    line, counted_to = 1, 0
    for match in _CANDIDATE.finditer(text):
        if _is_identity_number(match):
            line += text.count("\n", counted_to, match.start())
            counted_to = match.start()
            hits.append(Hit(line=line, text=match.group()))
    return hits


def _redacted(text: str) -> str:
    """`text` with identity numbers starred out, for messages that quote a name."""
    return _CANDIDATE.sub(
        lambda m: "*" * len(m.group()) if _is_identity_number(m) else m.group(), text
    )


def check_text(value: str | None, *, field_label: str) -> None:
    """Refuse a text that contains a personnummer or samordningsnummer."""
    lines = sorted({hit.line for hit in find_identity_numbers(value)})
    if not lines:
        return
    # Name every line, so that all of them can be removed in one go; never the number,
    # which would only be repeated on the screen.
    if len(lines) == 1:
        message = _(
            "Fältet ”%(field)s” innehåller ett personnummer eller samordningsnummer på rad "
            "%(line)s. Ta bort det – underlaget får inte innehålla uppgifter som pekar ut "
            "enskilda personer."
        )
        params = {"field": field_label, "line": lines[0]}
    else:
        message = _(
            "Fältet ”%(field)s” innehåller personnummer eller samordningsnummer på raderna "
            "%(lines)s. Ta bort dem – underlaget får inte innehålla uppgifter som pekar ut "
            "enskilda personer."
        )
        params = {"field": field_label, "lines": get_text_list([str(n) for n in lines], _("och"))}
    raise ValidationError(message, code="identity_number", params=params)


# --- attachments ---------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Word and Excel files are zip archives: a small file may unpack to gigabytes. The sizes
# the archive declares bound what zipfile will inflate, so checking them is enough.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
# filetype looks at no more than this many bytes.
_HEAD_BYTES = 8192
_CSV_SAMPLE_CHARS = 64 * 1024
_CSV_SAMPLE_LINES = 50
_DELIMITERS = ",;\t|"
_TEXT_ENCODINGS = ("utf-8-sig", "cp1252")
# Control characters other than tab and line breaks do not occur in text; cp1252 decodes
# almost any bytes, so this is what tells text from binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_DESCRIPTIONS = {
    "exe": gettext_lazy("ett Windows-program"),
    "elf": gettext_lazy("ett Linux-program"),
    "doc": gettext_lazy("ett äldre Word-dokument (.doc)"),
    "xls": gettext_lazy("en äldre Excel-fil (.xls)"),
    "ppt": gettext_lazy("en presentation"),
    "pptx": gettext_lazy("en presentation"),
    "odp": gettext_lazy("en presentation"),
    "odt": gettext_lazy("ett OpenDocument-dokument (.odt)"),
    "ods": gettext_lazy("ett OpenDocument-kalkylark (.ods)"),
    "rtf": gettext_lazy("ett RTF-dokument"),
    "zip": gettext_lazy("ett zip-arkiv"),
}
_ARCHIVES = {"rar", "7z", "gz", "bz2", "xz", "tar", "zstd", "lz", "lz4", "lzo", "z", "cab", "ar"}


@dataclass(frozen=True)
class Inspected:
    """What an accepted attachment is, by content: kind is a key of ALLOWED."""

    kind: str
    content_type: str
    size: int
    sha256: str
    original_name: str


def _clean_name(raw: str | None) -> str:
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    # Control and format characters (a right-to-left override disguises "exe.pdf" as
    # "fdp.exe") have no place in a name shown to others.
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = f"{stem[: 199 - len(extension)]}.{extension}"
        else:
            name = name[:200]
    return name or "bilaga"


def _refusal(message: str, code: str, name: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params={"name": _redacted(name), **params})


def _unreadable(name: str) -> ValidationError:
    return _refusal(
        _(
            "Filen ”%(name)s” går inte att läsa och kan därför inte kontrolleras för "
            "personnummer. Kontrollera att den inte är skadad eller lösenordsskyddad och "
            "försök igen."
        ),
        "unreadable",
        name,
    )


def _wrong_type(name: str, detected: str | None) -> ValidationError:
    if detected is None:
        message = _(
            "Filen ”%(name)s” är inte en tillåten filtyp. Tillåtna filtyper är PDF, Word "
            "(.docx), Excel (.xlsx), CSV, PNG och JPEG."
        )
        return _refusal(message, "file_type", name)
    message = _(
        "Filen ”%(name)s” är inte en tillåten filtyp – enligt innehållet är den "
        "%(detected)s. Tillåtna filtyper är PDF, Word (.docx), Excel (.xlsx), CSV, PNG och "
        "JPEG."
    )
    return _refusal(message, "file_type", name, detected=detected)


def _describe(guess) -> str:
    extension = guess.extension
    if extension in _DESCRIPTIONS:
        return str(_DESCRIPTIONS[extension])
    if extension in _ARCHIVES:
        return _("ett komprimerat arkiv (%(format)s)") % {"format": extension}
    if guess.mime.startswith("image/"):
        return _("en bild i formatet %(format)s") % {"format": extension.upper()}
    if guess.mime.startswith("video/"):
        return _("en videofil")
    if guess.mime.startswith("audio/"):
        return _("en ljudfil")
    return _("en fil av typen %(format)s") % {"format": extension}


def _decoded(data: bytes, *, final: bool) -> str | None:
    """`data` as text in the first encoding that fits, or None if it is not text."""
    for encoding in _TEXT_ENCODINGS:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(data, final=final)
        except UnicodeDecodeError:
            continue
        return None if _CONTROL.search(text) else text
    return None


def _text_sample(uploaded_file: UploadedFile) -> str | None:
    """The beginning of the file as text, if the whole file is text; else None."""
    for encoding in _TEXT_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        sample = ""
        try:
            for chunk in uploaded_file.chunks():
                text = decoder.decode(chunk)
                if _CONTROL.search(text):
                    return None
                if len(sample) < _CSV_SAMPLE_CHARS:
                    sample += text[: _CSV_SAMPLE_CHARS - len(sample)]
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return sample
    return None


def _looks_like_csv(sample: str) -> bool:
    lines = [line for line in sample.splitlines() if line.strip()][:_CSV_SAMPLE_LINES]
    if not lines:
        return True
    try:
        csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS)
    except csv.Error:
        pass
    else:
        return True
    for delimiter in _DELIMITERS:
        count, lines_with_count = Counter(line.count(delimiter) for line in lines).most_common(1)[0]
        if count and lines_with_count >= 0.8 * len(lines):
            return True
    # One column: no delimiter anywhere.
    return not any(delimiter in line for line in lines for delimiter in _DELIMITERS)


def _text_kind(uploaded_file: UploadedFile, name: str) -> str:
    sample = _text_sample(uploaded_file)
    if sample is None:
        raise _wrong_type(name, None)
    if not name.lower().endswith(".csv"):
        raise _refusal(
            _(
                "Filen ”%(name)s” är en textfil. Text tas bara emot som CSV-fil med "
                "filändelsen .csv; i övrigt är PDF, Word (.docx), Excel (.xlsx), PNG och "
                "JPEG tillåtna."
            ),
            "file_type",
            name,
        )
    if not _looks_like_csv(sample):
        raise _refusal(
            _("Filen ”%(name)s” ser inte ut som en CSV-fil – raderna har olika många kolumner."),
            "not_csv",
            name,
        )
    return "csv"


def _office_kind(uploaded_file: UploadedFile, name: str, guess) -> str:
    # filetype only looks for "word/" or "xl/" near the start of the archive, and says zip
    # when another entry comes first; the archive's own list of entries decides.
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        if guess.extension == "zip":
            raise _wrong_type(name, _describe(guess)) from error
        raise _unreadable(name) from error
    names = {entry.filename for entry in entries}
    if "word/document.xml" in names:
        kind = "docx"
    elif "xl/workbook.xml" in names:
        kind = "xlsx"
    elif guess.extension == "zip":
        raise _wrong_type(name, _describe(guess))
    else:
        raise _unreadable(name)
    # Macros run code when the file is opened: .docm and .xlsm are not accepted.
    if any(entry.lower().endswith("vbaproject.bin") for entry in names):
        raise _refusal(
            _(
                "Filen ”%(name)s” innehåller makron och tas inte emot. Spara den som ett "
                "vanligt Word- eller Excel-dokument utan makron och försök igen."
            ),
            "macros",
            name,
        )
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise _refusal(
            _(
                "Filen ”%(name)s” blir för stor när den packas upp och kan därför inte "
                "kontrolleras."
            ),
            "too_large",
            name,
        )
    return kind


def _kind(uploaded_file: UploadedFile, name: str, head: bytes) -> str:
    guess = filetype.guess(head)
    if guess is None:
        return _text_kind(uploaded_file, name)
    if guess.extension in ("zip", "docx", "xlsx"):
        return _office_kind(uploaded_file, name, guess)
    kind = "jpeg" if guess.extension == "jpg" else guess.extension
    if kind in ALLOWED:
        return kind
    # Some signatures are two printable letters ("MZ" for a program, "BM" for a bitmap):
    # a CSV whose first cell starts with them is still text.
    if _decoded(head, final=False) is not None:
        return _text_kind(uploaded_file, name)
    raise _wrong_type(name, _describe(guess))


def _too_large(name: str) -> ValidationError:
    limit = MAX_ATTACHMENT_BYTES / (1024 * 1024)
    return _refusal(
        _("Filen ”%(name)s” är för stor. En bilaga får vara högst %(limit)s MB."),
        "too_large",
        name,
        limit=number_format(limit, decimal_pos=0 if limit.is_integer() else 1),
    )


def _inspect(uploaded_file: UploadedFile, name: str) -> Inspected:
    if uploaded_file.size is not None and uploaded_file.size > MAX_ATTACHMENT_BYTES:
        raise _too_large(name)
    digest, size, head = hashlib.sha256(), 0, b""
    for chunk in uploaded_file.chunks():
        size += len(chunk)
        # The declared size is the client's word; the bytes read are not.
        if size > MAX_ATTACHMENT_BYTES:
            raise _too_large(name)
        if len(head) < _HEAD_BYTES:
            head += chunk[: _HEAD_BYTES - len(head)]
        digest.update(chunk)
    if size == 0:
        raise _refusal(_("Filen ”%(name)s” är tom."), "empty", name)
    kind = _kind(uploaded_file, name, head)
    return Inspected(
        kind=kind,
        content_type=ALLOWED[kind],
        size=size,
        sha256=digest.hexdigest(),
        original_name=name,
    )


def inspect_attachment(uploaded_file: UploadedFile) -> Inspected:
    """Size, hash and kind of an upload, or ValidationError if it may not be attached."""
    try:
        return _inspect(uploaded_file, _clean_name(uploaded_file.name))
    finally:
        uploaded_file.seek(0)


# --- text of attachments -------------------------------------------------------------


def _pdf_text(uploaded_file: UploadedFile) -> Iterator[tuple[str, str]]:
    import pypdf

    reader = pypdf.PdfReader(uploaded_file)
    # Many PDFs are encrypted with an empty user password (only editing is restricted).
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted")
    for number, page in enumerate(reader.pages, 1):
        texts = [page.extract_text() or ""]
        # Comments and filled-in form fields are not part of the page's text.
        annotations = page.get("/Annots")
        for annotation in annotations.get_object() if annotations is not None else []:
            annotation = annotation.get_object()
            texts += [str(annotation[key]) for key in ("/Contents", "/V") if key in annotation]
        yield _("sida %(number)s") % {"number": number}, "\n".join(texts)
    metadata = reader.metadata or {}
    yield _("dokumentegenskaper"), "\n".join(str(metadata[key]) for key in metadata)


def _word_tags():
    from docx.oxml.ns import qn

    return {
        "p": qn("w:p"),
        "tbl": qn("w:tbl"),
        "tr": qn("w:tr"),
        "text": {qn("w:t"), qn("w:delText")},
        "tab": qn("w:tab"),
        "break": {qn("w:br"), qn("w:cr")},
        "hyphen": qn("w:noBreakHyphen"),
        "containers": {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")},
    }


def _paragraph_texts(element, tags) -> Iterator[str]:
    """The text of each Word paragraph in `element`, text boxes and content controls
    included; deleted text too, since it is still in the file."""

    def own_text(node, parts):
        for child in node:
            if child.tag == tags["p"]:
                continue  # a paragraph in a text box: a line of its own
            if child.tag in tags["text"]:
                parts.append(child.text or "")
            elif child.tag == tags["tab"]:
                parts.append("\t")
            elif child.tag in tags["break"]:
                parts.append("\n")
            elif child.tag == tags["hyphen"]:
                parts.append("-")
            else:
                own_text(child, parts)
        return parts

    for paragraph in element.iter(tags["p"]):
        yield "".join(own_text(paragraph, []))


def _word_blocks(parent, tags):
    for child in parent:
        if child.tag in tags["containers"]:
            yield from _word_blocks(child, tags)
        else:
            yield child


_WORD_PARTS = [
    (re.compile(r"/word/header\d*\.xml"), gettext_lazy("sidhuvud")),
    (re.compile(r"/word/footer\d*\.xml"), gettext_lazy("sidfot")),
    (re.compile(r"/word/footnotes\.xml"), gettext_lazy("fotnoter")),
    (re.compile(r"/word/endnotes\.xml"), gettext_lazy("slutnoter")),
    (re.compile(r"/word/comments\.xml"), gettext_lazy("kommentarer")),
]


def _docx_text(uploaded_file: UploadedFile) -> Iterator[tuple[str, str]]:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document(uploaded_file)
    tags = _word_tags()
    paragraphs = tables = 0
    for block in _word_blocks(document.element.body, tags):
        if block.tag == tags["tbl"]:
            tables += 1
            # Rows of this table, not of a table nested in one of its cells.
            rows = [
                row
                for row in block.iter(tags["tr"])
                if next(row.iterancestors(tags["tbl"])) is block
            ]
            for number, row in enumerate(rows, 1):
                where = _("tabell %(table)s, rad %(row)s") % {"table": tables, "row": number}
                yield where, "\n".join(_paragraph_texts(row, tags))
        else:
            texts = list(_paragraph_texts(block, tags))
            if texts:
                paragraphs += 1
                yield _("stycke %(number)s") % {"number": paragraphs}, "\n".join(texts)
    for part in document.part.package.iter_parts():
        for pattern, label in _WORD_PARTS:
            if pattern.fullmatch(str(part.partname)):
                yield str(label), "\n".join(_paragraph_texts(parse_xml(part.blob), tags))
    properties = document.core_properties
    values = [
        properties.title,
        properties.subject,
        properties.author,
        properties.keywords,
        properties.comments,
        properties.category,
        properties.last_modified_by,
    ]
    yield _("dokumentegenskaper"), "\n".join(value for value in values if value)


def _xlsx_text(uploaded_file: UploadedFile) -> Iterator[tuple[str, str]]:
    import openpyxl

    workbook = openpyxl.load_workbook(uploaded_file, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            # The dimensions stored in the file may be wrong (some exporters write A1),
            # which in read-only mode would silently skip rows.
            sheet.reset_dimensions()
            title = _redacted(sheet.title)
            for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
                cells = [str(value) for value in row if value is not None]
                if cells:
                    where = _("blad ”%(sheet)s”, rad %(row)s") % {"sheet": title, "row": number}
                    # One cell a line: two neighbouring cells never make one number.
                    yield where, "\n".join(cells)
            yield _("bladnamn"), sheet.title
        properties = workbook.properties
        values = [
            properties.title,
            properties.subject,
            properties.creator,
            properties.keywords,
            properties.description,
            properties.category,
            properties.lastModifiedBy,
        ]
        yield _("dokumentegenskaper"), "\n".join(value for value in values if value)
    finally:
        workbook.close()


def _csv_text(uploaded_file: UploadedFile) -> Iterator[tuple[str, str]]:
    text = _decoded(b"".join(uploaded_file.chunks()), final=True)
    if text is None:
        raise ValueError("not text")
    for number, line in enumerate(text.splitlines(), 1):
        if line:
            yield _("rad %(number)s") % {"number": number}, line


_READERS = {"pdf": _pdf_text, "docx": _docx_text, "xlsx": _xlsx_text, "csv": _csv_text}


def attachment_text(uploaded_file: UploadedFile, kind: str) -> Iterator[tuple[str, str]]:
    """(where, text) for each page, paragraph, table row, sheet row or line of an attachment
    of the given kind; images have no text. ValidationError if it cannot be read."""
    reader = _READERS.get(kind)
    if reader is None:
        return
    uploaded_file.seek(0)
    try:
        yield from reader(uploaded_file)
    except ValidationError:
        raise
    except Exception as error:
        # Parsers of damaged files fail in every way there is (KeyError, zlib.error,
        # RecursionError, ...): whatever the cause, the file could not be checked.
        raise _unreadable(_clean_name(uploaded_file.name)) from error


def check_attachment(uploaded_file: UploadedFile) -> Inspected:
    """inspect_attachment, and refuse the file if its name or text holds an identity
    number."""
    inspected = inspect_attachment(uploaded_file)
    name = inspected.original_name
    if find_identity_numbers(name):
        raise _refusal(
            _(
                "Filnamnet ”%(name)s” innehåller ett personnummer eller samordningsnummer. "
                "Byt namn på filen och ladda upp den igen."
            ),
            "identity_number",
            name,
        )
    places: list[str] = []
    try:
        for where, text in attachment_text(uploaded_file, inspected.kind):
            if find_identity_numbers(text) and where not in places:
                places.append(where)
    finally:
        uploaded_file.seek(0)
    if not places:
        return inspected
    # Every place, so all can be fixed in one go; a long list is cut short.
    where = "; ".join(places[:3])
    if len(places) > 3:
        where = f"{where} {_('med flera')}"
    if len(places) == 1:
        message = _(
            "Filen ”%(name)s” innehåller ett personnummer eller samordningsnummer "
            "(%(where)s). Ta bort det och ladda upp filen igen – underlaget får inte "
            "innehålla uppgifter som pekar ut enskilda personer."
        )
    else:
        message = _(
            "Filen ”%(name)s” innehåller personnummer eller samordningsnummer (%(where)s). "
            "Ta bort dem och ladda upp filen igen – underlaget får inte innehålla uppgifter "
            "som pekar ut enskilda personer."
        )
    raise _refusal(message, "identity_number", name, where=where)
