"""The joint safety survey (trygghetsenkät): its results come in as a CSV file, which is
read into a preview first; nothing becomes a result until the coordinator confirms it.

A file is read as the survey office exports it from a spreadsheet: UTF-8 (with or without
a byte-order mark) or Windows-1252, separated by semicolons or commas, a header row with
år, område, fråga, värde or andel, and svarande, in any order and case, with or without
the Swedish letters. Every row below the header is accepted or rejected with its number in
the file (the header is row 1, as in the spreadsheet) and the reasons.
"""

import csv
import io
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from councils.access import agreement_runs
from samverkan.services import _save, event_log

from ..access import service_requires
from ..guard import check_text, find_identity_numbers
from ..models import MANAGE, SurveyImport, SurveyResult

MAX_BYTES = 5 * 1024 * 1024
FIRST_YEAR = 1990
MAX_VALUE = Decimal("99999999.99")  # what SurveyResult.value holds (10 digits, 2 decimals)
MAX_RESPONDENTS = 10_000_000
QUESTION_LENGTH = SurveyResult._meta.get_field("question").max_length

# Header (lower case, without diacritics, spaces collapsed) → column.
HEADERS = {
    "ar": "year",
    "omrade": "area",
    "fraga": "question",
    "varde": "value",
    "andel": "share",
    "svarande": "respondents",
    "antal svarande": "respondents",
}
COLUMNS = ("year", "area", "question", "value", "share", "respondents")


def _label(column: str) -> str:
    """A column as the messages name it: by its header in the file, Swedish in any language."""
    return {
        "year": "år",
        "area": "område",
        "question": "fråga",
        "value": "värde",
        "share": "andel",
        "respondents": "svarande",
    }[column]


def _plain(text: str) -> str:
    """A header as compared: lower case, no diacritics, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _decode(data: bytes) -> str:
    if b"\x00" in data:  # text files have no NUL bytes; PDFs, images and programs do
        raise UnicodeDecodeError("csv", data, 0, 1, "binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _refuse(message: str) -> NoReturn:
    raise ValidationError({"file": [message]})


def _read(file) -> tuple[list[str], list[list[str]], int]:
    """(columns, records, the header's row number) of the upload, each record as the file
    has it; the whole file refused with the reason on the form field."""
    if (getattr(file, "size", None) or 0) > MAX_BYTES:
        _refuse(_("Filen är större än 5 MB. Dela upp den i flera filer."))
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _refuse(_("Filen är större än 5 MB. Dela upp den i flera filer."))
    not_csv = _(
        "Filen är inte en CSV-fil. Spara resultaten som CSV (semikolon- eller "
        "kommaseparerad) i kalkylprogrammet och välj den filen."
    )
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        _refuse(not_csv)
    if not text.strip():
        _refuse(_("Filen är tom."))
    header = next(line for line in text.splitlines() if line.strip())
    delimiter = ";" if header.count(";") >= header.count(",") and ";" in header else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        _refuse(not_csv)
    header_row = 1
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)  # blank lines before the header are not rows, but are counted
        header_row += 1
    columns = [HEADERS.get(_plain(name), "") for name in records[0]]
    missing = [
        label
        for label, present in (
            (_label("year"), "year" in columns),
            (_label("area"), "area" in columns),
            (_label("question"), "question" in columns),
            (
                _("%(value)s eller %(share)s")
                % {"value": _label("value"), "share": _label("share")},
                "value" in columns or "share" in columns,
            ),
            (_label("respondents"), "respondents" in columns),
        )
        if not present
    ]
    if missing:
        _refuse(
            _(
                "Filen saknar kolumnerna %(missing)s. Första raden ska vara en rubrikrad med "
                "år, område, fråga, värde (eller andel) och svarande."
            )
            % {"missing": get_text_list(missing, _("och"))}
        )
    for column in COLUMNS:
        if columns.count(column) > 1:
            _refuse(_("Filen har kolumnen %(column)s mer än en gång.") % {"column": _label(column)})
    return columns, records[1:], header_row


def _number(text: str) -> Decimal | None:
    """A number as a spreadsheet writes it: decimal comma or point, spaces between
    thousands, a per-cent sign after a share."""
    cleaned = "".join(text.replace("\u2212", "-").split()).removesuffix("%").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _cells(columns: list[str], record: list[str]) -> dict[str, str]:
    cells = dict.fromkeys(COLUMNS, "")
    for column, cell in zip(columns, record, strict=False):
        if column:
            cells[column] = cell.strip()
    return cells


def _redacted(cells: dict[str, str]) -> dict[str, str]:
    """The cells as a rejected row keeps them: an identity number starred out."""
    shown = {}
    for column, cell in cells.items():
        for hit in find_identity_numbers(cell):
            cell = cell.replace(hit.text, "*" * len(hit.text))
        shown[column] = cell
    return shown


def _year(text: str, reasons: list[str], last: int) -> int | None:
    if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= last:
        return int(text)
    reasons.append(
        _("Året ska vara ett årtal mellan %(first)s och %(last)s.")
        % {"first": FIRST_YEAR, "last": last}
    )
    return None


def _value(cells: dict[str, str], reasons: list[str]) -> tuple[Decimal | None, bool]:
    value_text, share_text = cells["value"], cells["share"]
    if value_text and share_text:
        reasons.append(_("Raden har både värde och andel; ange bara det ena."))
        return None, False
    if not value_text and not share_text:
        reasons.append(_("Värde eller andel saknas."))
        return None, False
    is_share = bool(share_text)
    number = _number(share_text or value_text)
    if number is None:
        reasons.append(_("Andelen är inte ett tal.") if is_share else _("Värdet är inte ett tal."))
        return None, is_share
    if is_share and not 0 <= number <= 100:
        reasons.append(_("Andelen ska ligga mellan 0 och 100 procent."))
        return None, is_share
    if abs(number) > MAX_VALUE:
        reasons.append(_("Värdet är för stort."))
        return None, is_share
    return number.quantize(Decimal("0.01")), is_share


def _respondents(text: str, reasons: list[str]) -> int | None:
    if not text:
        return None  # not known: the survey office leaves it out for small groups
    cleaned = "".join(text.split())
    if cleaned.isascii() and cleaned.isdigit() and int(cleaned) <= MAX_RESPONDENTS:
        return int(cleaned)
    reasons.append(_("Antalet svarande ska vara ett heltal, 0 eller mer."))
    return None


def _identity_numbers(cells: dict[str, str], reasons: list[str]) -> None:
    for column, cell in cells.items():
        try:
            check_text(cell, field_label=_label(column))
        except ValidationError:
            reasons.append(
                _(
                    "Kolumnen %(column)s innehåller ett personnummer eller samordningsnummer. "
                    "Resultaten får inte peka ut enskilda personer."
                )
                % {"column": _label(column)}
            )


def _existing(agreement) -> set[tuple[int, int, str]]:
    return {
        (year, area_id, question.casefold())
        for year, area_id, question in SurveyResult.objects.filter(agreement=agreement).values_list(
            "year", "area_id", "question"
        )
    }


def _parse_rows(agreement, columns, records, header_row=1) -> tuple[list[dict], list[dict]]:
    areas = {area.name.casefold(): area for area in agreement.areas.all()}
    existing = _existing(agreement)
    last_year = timezone.localdate().year + 1
    accepted, rejected, seen = [], [], {}
    for number, record in enumerate(records, start=header_row + 1):
        if not any(cell.strip() for cell in record):
            continue  # an empty line is no row of results
        cells = _cells(columns, record)
        reasons: list[str] = []
        _identity_numbers(cells, reasons)
        if reasons:
            rejected.append({"row": number, "cells": _redacted(cells), "reasons": reasons})
            continue
        year = _year(cells["year"], reasons, last_year)
        area = areas.get(" ".join(cells["area"].split()).casefold())
        if area is None:
            reasons.append(
                _("Området ”%(area)s” finns inte i överenskommelsens lista över områden.")
                % {"area": cells["area"]}
                if cells["area"]
                else _("Område saknas.")
            )
        question = " ".join(cells["question"].split())
        if not question:
            reasons.append(_("Frågan saknas."))
        elif len(question) > QUESTION_LENGTH:
            reasons.append(_("Frågan är längre än %(max)s tecken.") % {"max": QUESTION_LENGTH})
        value, is_share = _value(cells, reasons)
        respondents = _respondents(cells["respondents"], reasons)
        if not reasons:
            key = (year, area.pk, question.casefold())
            if key in seen:
                reasons.append(
                    _("Samma år, område och fråga som rad %(row)s.") % {"row": seen[key]}
                )
            elif key in existing:
                reasons.append(_("Ett resultat för samma år, område och fråga finns redan."))
            seen.setdefault(key, number)
        if reasons:
            rejected.append({"row": number, "cells": cells, "reasons": reasons})
            continue
        accepted.append(
            {
                "row": number,
                "year": year,
                "area": area.pk,
                "area_name": area.name,
                "question": question,
                "value": str(value),
                "is_share": is_share,
                "respondents": respondents,
            }
        )
    return accepted, rejected


def _check_runs(agreement) -> None:
    if not agreement_runs(agreement):
        raise ValidationError(
            _("Överenskommelsen har upphört; enkätresultat kan inte längre importeras.")
        )


@transaction.atomic
def survey_parse(*, agreement, file, by) -> SurveyImport:
    """Read a CSV file of survey results into an import to preview: each row accepted or
    rejected with its row number and reasons. Saves no result."""
    service_requires(by, MANAGE, agreement)
    _check_runs(agreement)
    columns, records, header_row = _read(file)
    accepted, rejected = _parse_rows(agreement, columns, records, header_row)
    if not accepted and not rejected:
        _refuse(_("Filen har en rubrikrad men inga rader med resultat."))
    name = (getattr(file, "name", "") or _("namnlös fil")).rsplit("/", 1)[-1]
    # Every member reads the event that names the file: no identity number in it.
    for hit in find_identity_numbers(name):
        name = name.replace(hit.text, "*" * len(hit.text))
    survey_import = SurveyImport(
        agreement=agreement,
        file_name=name[: SurveyImport._meta.get_field("file_name").max_length],
        accepted=accepted,
        rejected=rejected,
        created_by=by if getattr(by, "pk", None) else None,
    )
    return _save_import(survey_import, by)


def _save_import(survey_import: SurveyImport, by, fields=None) -> SurveyImport:
    return _save(survey_import, by, fields)


def _locked(survey_import: SurveyImport) -> SurveyImport:
    survey_import = (
        SurveyImport.objects.select_for_update()
        .select_related("agreement")
        .get(pk=survey_import.pk)
    )
    _check_runs(survey_import.agreement)
    if survey_import.confirmed_at is not None:
        raise ValidationError(_("Importen är redan sparad."))
    return survey_import


@transaction.atomic
def survey_confirm(*, survey_import: SurveyImport, by) -> list[SurveyResult]:
    """Save the import's accepted rows as results, all or none, and mark it confirmed."""
    service_requires(by, MANAGE, survey_import.agreement)
    survey_import = _locked(survey_import)
    agreement = survey_import.agreement
    rows = survey_import.accepted
    if not rows:
        raise ValidationError(_("Importen har inga godkända rader att spara."))
    areas = {area.pk: area for area in agreement.areas.all()}
    existing = _existing(agreement)
    # Since the preview an area may have gone, or the same results come in another import.
    stale = [
        row["row"]
        for row in rows
        if row["area"] not in areas
        or (row["year"], row["area"], row["question"].casefold()) in existing
    ]
    if stale:
        raise ValidationError(
            _(
                "Sedan filen lästes in har resultat eller områden ändrats (rad %(rows)s). "
                "Kassera importen och läs in filen igen."
            )
            % {"rows": get_text_list([str(n) for n in stale[:10]], _("och"))}
        )
    results = [
        SurveyResult(
            agreement=agreement,
            survey_import=survey_import,
            year=row["year"],
            area=areas[row["area"]],
            question=row["question"],
            value=Decimal(row["value"]),
            is_share=row["is_share"],
            respondents=row["respondents"],
        )
        for row in rows
    ]
    for result in results:
        # The foreign keys are this agreement's own; checking each would query per row.
        result.full_clean(
            exclude=["agreement", "survey_import", "area"],
            validate_unique=False,
            validate_constraints=False,
        )
    history_user = by if getattr(by, "pk", None) else None
    created = bulk_create_with_history(results, SurveyResult, default_user=history_user)
    survey_import.confirmed_at = timezone.now()
    _save_import(survey_import, by, fields=["confirmed_at"])
    event_log(
        agreement=agreement,
        actor=by,
        action="situation.survey.imported",
        obj=survey_import,
        data={"count": len(created), "file": survey_import.file_name},
    )
    return created


@transaction.atomic
def survey_discard(*, survey_import: SurveyImport, by) -> None:
    """Throw away an import that has not been saved."""
    service_requires(by, MANAGE, survey_import.agreement)
    survey_import = _locked(survey_import)
    survey_import._history_user = by if getattr(by, "pk", None) else None
    survey_import.delete()
