"""The plan as a table for reports to the municipal board: XLSX (a real worksheet table with
a frozen header row) and CSV (UTF-8 with BOM and ";", so Swedish Excel opens it), with the
same columns. The rows are read once, in two queries, whatever the number of measures."""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

DATE_FORMAT = "yyyy-mm-dd"
# Excel and LibreOffice run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    label: str
    width: int
    wrap: bool = False


COLUMNS = (
    Column(gettext_lazy("Nr"), 6),
    Column(gettext_lazy("Orsak"), 40, wrap=True),
    Column(gettext_lazy("Åtgärd"), 40, wrap=True),
    Column(gettext_lazy("Operativt mål"), 40, wrap=True),
    Column(gettext_lazy("Start"), 12),
    Column(gettext_lazy("Slut"), 12),
    Column(gettext_lazy("Ansvarig part"), 18),
    Column(gettext_lazy("Medverkande parter"), 24, wrap=True),
    Column(gettext_lazy("Åtagande i medborgarlöftet"), 30, wrap=True),
    Column(gettext_lazy("Indikator"), 30, wrap=True),
    Column(gettext_lazy("Status"), 12),
    Column(gettext_lazy("Försenad"), 10),
    Column(gettext_lazy("Senaste statusuppdatering"), 14),
    Column(gettext_lazy("Kommentar"), 40, wrap=True),
)


def headers() -> list[str]:
    return [str(column.label) for column in COLUMNS]


def plan_rows(plan, on: date) -> list[list]:
    """One row per measure in the plan's order: numbers, texts and dates (None where
    empty); "Försenad" is derived on `on`. Two queries."""
    measures = plan.measures.select_related(
        "cause", "responsible", "commitment", "latest_update"
    ).prefetch_related("contributors")
    yes, no = _("Ja"), _("Nej")
    rows = []
    for measure in measures:
        update = measure.latest_update
        rows.append(
            [
                measure.number,
                measure.cause.description if measure.cause else "",
                measure.title,
                measure.goal,
                measure.starts_on,
                measure.ends_on,
                str(measure.responsible),
                ", ".join(str(party) for party in measure.contributors.all()),
                measure.commitment.title if measure.commitment else "",
                measure.indicator,
                measure.get_status_display(),
                yes if measure.is_delayed(on) else no,
                update.on if update else None,
                update.comment if update else "",
            ]
        )
    return rows


def xlsx_bytes(plan, rows: list[list]) -> bytes:
    """The rows as an XLSX workbook: one worksheet table with the header row frozen, the
    column widths set and the dates as dates."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Åtgärdsplan")
    workbook.properties.title = plan.title
    workbook.properties.language = "sv-SE"
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # A table needs a row under its header: an empty plan gets an empty one.
    for row in rows or [[None] * len(COLUMNS)]:
        sheet.append([_xlsx_value(value) for value in row])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(vertical="top", wrap_text=column.wrap)
    last = f"{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    table = Table(displayName="Atgardsplan", ref=f"A1:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def csv_bytes(rows: list[list]) -> bytes:
    """The rows as CSV for Swedish Excel: UTF-8 with BOM, ";" between fields, dates as
    YYYY-MM-DD, and text that would start a formula prefixed with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def attachment_header(title: str, extension: str) -> str:
    """Content-Disposition for a download named after `title`: an ASCII name for old
    clients and the name as written (filename*) for the others."""
    plain = unicodedata.normalize("NFKC", title).replace("–", "-").replace("—", "-")
    ascii_name = slugify(plain) or "atgardsplan"
    # Nothing a file system refuses, nor a control character.
    written = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "-", plain).strip(" .-") or ascii_name
    return (
        f'attachment; filename="{ascii_name}.{extension}"; '
        f"filename*=UTF-8''{quote(f'{written}.{extension}')}"
    )
