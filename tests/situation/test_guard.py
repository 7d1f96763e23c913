"""The guard keeps personnummer and samordningsnummer out of situation input: in text, in
file names and in the text of PDF, Word, Excel and CSV attachments. Attachments are known
by their content, not their names, and what cannot be read cannot be accepted. No database."""

import hashlib
import io
import struct
import zipfile
import zlib
from functools import cache

import docx
import openpyxl
import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override

from situation import guard
from situation.guard import (
    Hit,
    attachment_text,
    check_attachment,
    check_text,
    find_identity_numbers,
    inspect_attachment,
)


@pytest.fixture(autouse=True)
def _swedish():
    with override("sv"):
        yield


# --- numbers, computed here rather than copied from somewhere ------------------------


def luhn_digit(nine: str) -> str:
    """The check digit of the first nine digits (YYMMDDNNN) of a personnummer."""
    total = 0
    for position, digit in enumerate(int(d) for d in nine):
        product = digit * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def identity_number(birth: str, serial: str = "123", separator: str = "-") -> str:
    """birth is YYYYMMDD or YYMMDD (day + 60 for a samordningsnummer)."""
    return f"{birth}{separator}{serial}{luhn_digit(birth[-6:] + serial)}"


def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


# Skatteverket's test person Tolvan Tolvansson.
TOLVAN = "19121212-1212"
ANOTHER = identity_number("19850704", "287")


def refusal(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def message(error: ValidationError) -> str:
    assert len(error.messages) == 1
    return error.messages[0]


def test_the_helper_agrees_with_tolvan_tolvansson():
    assert identity_number("19121212", "121") == TOLVAN
    assert luhn_digit("121212121") == "2"


# --- finding identity numbers in text ------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        TOLVAN,
        TOLVAN.replace("-", ""),
        "121212-1212",
        "121212+1212",
        "1212121212",
        "121212 1212",
        "19121212 1212",
        ANOTHER,
        ANOTHER.replace("-", ""),
        ANOTHER[2:],
        ANOTHER[2:].replace("-", "+"),
    ],
)
def test_a_personnummer_is_found_in_every_written_form(number):
    assert find_identity_numbers(f"Kontaktperson:\n{number} (Tolvan)\n") == [Hit(2, number)]


def test_hits_come_in_order_with_the_line_they_are_on():
    text = f"Första raden\n\nTolvan {TOLVAN}, även {ANOTHER[2:]}\nsista\r\n{ANOTHER}"
    assert find_identity_numbers(text) == [
        Hit(3, TOLVAN),
        Hit(3, ANOTHER[2:]),
        Hit(5, ANOTHER),
    ]


def test_a_number_between_letters_and_punctuation_is_found():
    assert find_identity_numbers(f"nr:{TOLVAN}.") == [Hit(1, TOLVAN)]
    assert find_identity_numbers(f"(pnr{TOLVAN[2:]})") == [Hit(1, TOLVAN[2:])]


def test_a_samordningsnummer_with_sixty_added_to_the_day_is_found():
    number = identity_number("19121272", "121")  # born on the 12th
    assert find_identity_numbers(number) == [Hit(1, number)]
    assert find_identity_numbers(number[2:]) == [Hit(1, number[2:])]


@pytest.mark.parametrize("number", [TOLVAN, TOLVAN[2:], ANOTHER, identity_number("121272")])
def test_a_wrong_check_digit_is_not_a_personnummer(number):
    assert find_identity_numbers(wrong_check_digit(number)) == []


@pytest.mark.parametrize(
    "birth",
    ["19900230", "900230", "19910229", "19121232", "19121245", "19121292", "19121300", "121300"],
)
def test_a_date_that_does_not_exist_is_not_a_personnummer(birth):
    assert find_identity_numbers(identity_number(birth)) == []


def test_a_leap_day_counts_in_whichever_century_it_exists():
    assert find_identity_numbers(identity_number("000229")) != []  # 2000 was a leap year
    assert find_identity_numbers(identity_number("20000229")) != []
    assert find_identity_numbers(identity_number("19000229")) == []  # 1900 was not


def test_twelve_digits_need_a_century_people_are_born_in():
    assert find_identity_numbers(identity_number("18991231")) != []
    assert find_identity_numbers(identity_number("21121212")) == []
    assert find_identity_numbers(identity_number("16121212")) == []


@pytest.mark.parametrize(
    "text",
    [
        "9" + TOLVAN.replace("-", ""),  # 13 digits
        TOLVAN.replace("-", "") + "0",
        TOLVAN + "5",
        "12121212121",  # 11 digits
        "Faktura 4419121212121212",
        "7" + TOLVAN[2:],
    ],
)
def test_digits_inside_a_longer_number_are_not_a_personnummer(text):
    assert find_identity_numbers(text) == []


@pytest.mark.parametrize("number", ["212000-1314", "202100-0076", "16212000-1314"])
def test_an_organisation_number_is_not_a_personnummer(number):
    # They have the same format and a valid check digit; the "month" of 20 or more is
    # what tells them apart.
    assert luhn_digit(number[-11:-5] + number[-4:-1]) == number[-1]
    assert find_identity_numbers(f"Laholms kommun, org.nr {number}") == []


def test_a_mobile_number_is_not_a_personnummer_when_its_check_digit_fails():
    # 07-01-23 is a date, so only the check digit keeps this number out; a phone number
    # whose last digit happens to fit is found (a tenth of them), which is the price of
    # catching every real personnummer.
    assert luhn_digit("070123456") != "7"
    assert find_identity_numbers("Ring 0701234567") == []
    assert find_identity_numbers("Ring 070-123 45 67 eller 0346-123 45") == []


def test_text_without_numbers_has_no_hits():
    assert find_identity_numbers("") == []
    assert find_identity_numbers("Skadegörelse vid Lagaholmsskolan 2025-03-12, kl 21.30.") == []


# --- text fields ---------------------------------------------------------------------


def test_a_text_without_identity_numbers_passes():
    check_text("Oroande samlingar vid stationen.\nÖkat klotter.", field_label="Beskrivning")
    check_text("", field_label="Beskrivning")


def test_a_text_with_a_personnummer_is_refused_naming_the_field_and_line_not_the_number():
    error = refusal(
        check_text,
        f"Samlingar vid stationen.\nTolvan {TOLVAN} var där.",
        field_label="Iakttagelser",
    )
    assert error.code == "identity_number"
    assert message(error) == (
        "Fältet ”Iakttagelser” innehåller ett personnummer eller samordningsnummer på rad 2. "
        "Ta bort det – underlaget får inte innehålla uppgifter som pekar ut enskilda personer."
    )
    assert "1212" not in message(error)


def test_a_text_with_numbers_on_several_lines_names_every_line():
    text = f"{TOLVAN}\nhej\n{ANOTHER}\n{ANOTHER[2:]} och {TOLVAN}\n"
    error = refusal(check_text, text, field_label="Beskrivning")
    assert message(error) == (
        "Fältet ”Beskrivning” innehåller personnummer eller samordningsnummer på raderna "
        "1, 3 och 4. Ta bort dem – underlaget får inte innehålla uppgifter som pekar ut "
        "enskilda personer."
    )


# --- building attachments ------------------------------------------------------------


@cache
def pdf_bytes(*pages: str) -> bytes:
    import weasyprint

    body = "".join(f'<div style="break-before: page">{page}</div>' for page in pages)
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def docx_bytes(*paragraphs: str, table: list[list[str]] | None = None, header: str = "") -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if header:
        document.sections[0].header.paragraphs[0].text = header
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
CSV_ROWS = "Plats;Händelse;Antal\nStationen;Klotter;3\nTorget;Samling;12\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def with_entries(archive: bytes, extra: dict[str, bytes]) -> bytes:
    """A copy of a zip archive with entries added or replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            if entry.filename not in extra:
                target.writestr(entry, source.read(entry))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


# --- what an attachment is -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("lägesbild.pdf", lambda: pdf_bytes("Läget i Laholm"), "pdf"),
        ("underlag.docx", lambda: docx_bytes("Läget i Laholm"), "docx"),
        ("statistik.xlsx", lambda: xlsx_bytes({"Blad1": [["Plats", 3]]}), "xlsx"),
        ("statistik.csv", lambda: CSV_ROWS.encode(), "csv"),
        ("karta.png", png_bytes, "png"),
        ("foto.jpg", lambda: JPEG, "jpeg"),
    ],
)
def test_each_allowed_kind_is_accepted_with_its_size_hash_and_content_type(name, content, kind):
    data = content()
    attachment = upload(name, data)
    attachment.read(10)  # wherever the caller left it

    inspected = inspect_attachment(attachment)

    assert inspected == guard.Inspected(
        kind=kind,
        content_type=guard.ALLOWED[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=name,
    )
    assert attachment.tell() == 0


def test_the_content_decides_the_kind_not_the_name():
    inspected = inspect_attachment(upload("x.pdf", png_bytes()))
    assert (inspected.kind, inspected.content_type, inspected.original_name) == (
        "png",
        "image/png",
        "x.pdf",
    )


def test_a_renamed_windows_program_is_refused_as_what_it_is():
    error = refusal(inspect_attachment, upload("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 500))
    assert error.code == "file_type"
    assert message(error) == (
        "Filen ”rapport.pdf” är inte en tillåten filtyp – enligt innehållet är den ett "
        "Windows-program. Tillåtna filtyper är PDF, Word (.docx), Excel (.xlsx), CSV, PNG och "
        "JPEG."
    )


def test_a_renamed_linux_program_is_refused_as_what_it_is():
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 500
    error = refusal(inspect_attachment, upload("rapport.docx", elf))
    assert "enligt innehållet är den ett Linux-program" in message(error)


def test_a_zip_archive_that_is_no_office_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("bilder/karta.png", png_bytes())
    error = refusal(inspect_attachment, upload("underlag.docx", out.getvalue()))
    assert "enligt innehållet är den ett zip-arkiv" in message(error)


def test_a_word_document_is_recognised_even_when_filetype_only_sees_a_zip():
    # Entries before word/ push it past what filetype looks at; the entry list decides.
    padded = io.BytesIO()
    with (
        zipfile.ZipFile(padded, "w") as target,
        zipfile.ZipFile(io.BytesIO(docx_bytes("Hej"))) as source,
    ):
        target.writestr("customXml/padding.xml", b"<x/>" + b" " * 20000)
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
    import filetype

    assert filetype.guess(padded.getvalue()[:8192]).extension == "zip"
    assert inspect_attachment(upload("underlag.docx", padded.getvalue())).kind == "docx"


def test_a_word_document_with_macros_is_refused():
    with_macros = with_entries(docx_bytes("Hej"), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    error = refusal(inspect_attachment, upload("underlag.docx", with_macros))
    assert error.code == "macros"
    assert "innehåller makron och tas inte emot" in message(error)


def test_a_text_file_is_refused_unless_it_is_named_csv():
    error = refusal(inspect_attachment, upload("anteckningar.txt", CSV_ROWS.encode()))
    assert message(error) == (
        "Filen ”anteckningar.txt” är en textfil. Text tas bara emot som CSV-fil med "
        "filändelsen .csv; i övrigt är PDF, Word (.docx), Excel (.xlsx), PNG och JPEG "
        "tillåtna."
    )


def test_binary_data_named_csv_is_refused_as_an_unknown_type():
    error = refusal(inspect_attachment, upload("data.csv", bytes(range(256)) * 4))
    assert message(error) == (
        "Filen ”data.csv” är inte en tillåten filtyp. Tillåtna filtyper är PDF, Word (.docx), "
        "Excel (.xlsx), CSV, PNG och JPEG."
    )


@pytest.mark.parametrize(
    "content",
    [
        "\ufeff" + CSV_ROWS,  # Excel's "CSV UTF-8"
        CSV_ROWS.replace(";", ","),
        CSV_ROWS.replace(";", "\t"),
        "Plats\nStationen\nTorget\n",  # a single column
        'Plats,Kommentar\nStationen,"Klotter, mycket"\nTorget,lugnt\n',
    ],
)
def test_csv_in_utf8_is_accepted(content):
    assert inspect_attachment(upload("statistik.csv", content.encode())).kind == "csv"


def test_csv_in_windows_1252_is_accepted():
    content = "Plats;Händelse\nÅsaskolan;Skadegörelse\n".encode("cp1252")
    assert inspect_attachment(upload("statistik.csv", content)).kind == "csv"


@pytest.mark.parametrize("first_cell", ["MZ Bygg AB", "BMW-klubben"])
def test_a_csv_starting_with_letters_that_look_like_a_magic_number_is_still_csv(first_cell):
    content = f"{first_cell};3\nTorget;12\n".encode()
    assert inspect_attachment(upload("statistik.csv", content)).kind == "csv"


def test_prose_named_csv_is_refused_as_not_looking_like_csv():
    prose = (
        "Hej, hur mår ni, alla?\nBra.\nDet regnar, men det är varmt, lugnt och skönt, tycker "
        "jag.\nVi ses.\n"
    )
    error = refusal(inspect_attachment, upload("brev.csv", prose.encode()))
    assert error.code == "not_csv"
    assert message(error) == (
        "Filen ”brev.csv” ser inte ut som en CSV-fil – raderna har olika många kolumner."
    )


def test_an_empty_file_is_refused():
    error = refusal(inspect_attachment, upload("tom.pdf", b""))
    assert error.code == "empty"
    assert message(error) == "Filen ”tom.pdf” är tom."


def test_a_file_over_twenty_megabytes_is_refused_with_the_limit():
    big = upload("stor.png", png_bytes() + b"\x00" * (20 * 1024 * 1024))
    error = refusal(inspect_attachment, big)
    assert error.code == "too_large"
    assert message(error) == "Filen ”stor.png” är för stor. En bilaga får vara högst 20 MB."


def test_a_file_exactly_at_the_limit_is_accepted(monkeypatch):
    data = png_bytes() + b"\x00" * 1000
    monkeypatch.setattr(guard, "MAX_ATTACHMENT_BYTES", len(data))
    assert inspect_attachment(upload("karta.png", data)).size == len(data)


def test_the_bytes_read_count_not_the_size_the_upload_claims(monkeypatch):
    monkeypatch.setattr(guard, "MAX_ATTACHMENT_BYTES", 1024 * 1024)
    lying = upload("karta.png", png_bytes() + b"\x00" * (1024 * 1024))
    lying.size = 100
    error = refusal(inspect_attachment, lying)
    assert message(error) == "Filen ”karta.png” är för stor. En bilaga får vara högst 1 MB."
    assert lying.tell() == 0


def test_the_original_name_is_only_the_base_name_without_control_characters():
    attachment = upload("x", png_bytes())
    attachment.name = "C:\\Users\\kim\\Skrivbord\\Karta\u202egnp.exe"
    assert inspect_attachment(attachment).original_name == "Kartagnp.exe"


# --- identity numbers in attachments -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("lägesbild.pdf", lambda: pdf_bytes("Läget i Laholm", f"Tolvan {TOLVAN}"), "sida 2"),
        ("underlag.docx", lambda: docx_bytes("Läget", f"Kontakt {TOLVAN}"), "stycke 2"),
        (
            "underlag.docx",
            lambda: docx_bytes("Läget", table=[["Namn", "Nr"], ["Tolvan", TOLVAN]]),
            "tabell 1, rad 2",
        ),
        ("underlag.docx", lambda: docx_bytes("Läget", header=TOLVAN[2:]), "sidhuvud"),
        (
            "statistik.xlsx",
            lambda: xlsx_bytes(
                {"Översikt": [["Plats"]], "Deltagare": [["Namn"], [], ["Tolvan", TOLVAN]]}
            ),
            "blad ”Deltagare”, rad 3",
        ),
        (
            "statistik.xlsx",
            lambda: xlsx_bytes({"Blad1": [["Nr"], [int(TOLVAN.replace("-", ""))]]}),
            "blad ”Blad1”, rad 2",
        ),
        ("statistik.csv", lambda: f"{CSV_ROWS}Tolvan;{ANOTHER[2:]};1\n".encode(), "rad 4"),
        (
            "statistik.csv",
            lambda: f"Namn;Nr\nÅsa;{TOLVAN}\n".encode("cp1252"),
            "rad 2",
        ),
    ],
)
def test_an_attachment_with_a_personnummer_is_refused_saying_where(name, content, where):
    attachment = upload(name, content())
    error = refusal(check_attachment, attachment)
    assert error.code == "identity_number"
    assert message(error) == (
        f"Filen ”{name}” innehåller ett personnummer eller samordningsnummer ({where}). Ta "
        "bort det och ladda upp filen igen – underlaget får inte innehålla uppgifter som "
        "pekar ut enskilda personer."
    )
    assert attachment.tell() == 0


def test_an_attachment_with_numbers_in_several_places_names_them():
    content = docx_bytes(TOLVAN, "hej", ANOTHER, "hej", TOLVAN[2:], ANOTHER[2:])
    error = refusal(check_attachment, upload("underlag.docx", content))
    assert message(error) == (
        "Filen ”underlag.docx” innehåller personnummer eller samordningsnummer (stycke 1; "
        "stycke 3; stycke 5 med flera). Ta bort dem och ladda upp filen igen – underlaget "
        "får inte innehålla uppgifter som pekar ut enskilda personer."
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("lägesbild.pdf", lambda: pdf_bytes("Läget i Laholm", "Ring 0701234567")),
        ("underlag.docx", lambda: docx_bytes("Läget", table=[["Org.nr", "212000-1314"]])),
        ("statistik.xlsx", lambda: xlsx_bytes({"Blad1": [["Plats", 3], ["Torget", 12]]})),
        ("statistik.csv", lambda: CSV_ROWS.encode()),
        ("karta.png", png_bytes),
    ],
)
def test_an_attachment_without_identity_numbers_is_accepted(name, content):
    attachment = upload(name, content())
    inspected = check_attachment(attachment)
    assert inspected.original_name == name
    assert attachment.tell() == 0


def test_the_text_of_a_pdf_comes_page_by_page():
    attachment = upload("lägesbild.pdf", pdf_bytes("Första sidan", "Andra sidan"))
    pages = [(where, text) for where, text in attachment_text(attachment, "pdf") if text]
    assert pages[:2] == [("sida 1", "Första sidan"), ("sida 2", "Andra sidan")]


def test_an_image_has_no_text_to_check():
    assert list(attachment_text(upload("karta.png", png_bytes()), "png")) == []


def test_a_file_name_with_a_personnummer_is_refused_without_repeating_it():
    error = refusal(check_attachment, upload(f"Tolvan {TOLVAN}.png", png_bytes()))
    assert message(error) == (
        "Filnamnet ”Tolvan *************.png” innehåller ett personnummer eller "
        "samordningsnummer. Byt namn på filen och ladda upp den igen."
    )


UNREADABLE = (
    "Filen ”{name}” går inte att läsa och kan därför inte kontrolleras för personnummer. "
    "Kontrollera att den inte är skadad eller lösenordsskyddad och försök igen."
)


def password_protected_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="hemligt", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_only_protected_against_editing_is_read_and_checked():
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_bytes(TOLVAN))))
    writer.encrypt(user_password="", owner_password="ägaren", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    error = refusal(check_attachment, upload("skyddad.pdf", out.getvalue()))
    assert error.code == "identity_number"
    assert "(sida 1)" in message(error)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("trasig.pdf", lambda: b"%PDF-1.7\n" + b"\x00\x9f trasig" * 50),
        ("skyddad.pdf", password_protected_pdf),
        ("trasig.docx", lambda: docx_bytes("Hej")[:3000]),
        (
            "trasig.docx",
            lambda: with_entries(
                xlsx_bytes({"Blad1": [["x"]]}), {"word/document.xml": b"<inte xml"}
            ),
        ),
        (
            "trasig.xlsx",
            lambda: with_entries(
                xlsx_bytes({"Blad1": [["x"]]}), {"xl/worksheets/sheet1.xml": b"<trasig"}
            ),
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_since_it_cannot_be_checked(name, content):
    error = refusal(check_attachment, upload(name, content()))
    assert error.code == "unreadable"
    assert message(error) == UNREADABLE.format(name=name)
