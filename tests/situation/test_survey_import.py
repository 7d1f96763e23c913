"""Importing safety-survey results (situation/services/survey.py): a CSV file is read into a
preview of accepted and rejected rows, each with its row number and reasons; nothing is a
result until the coordinator confirms, and then exactly the accepted rows are."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from samverkan.models import Event
from situation.models import SurveyImport, SurveyResult
from situation.services.survey import survey_confirm, survey_discard, survey_parse
from tests.helpers import at_ten
from tests.situation.factories import AreaFactory
from tests.situation.survey_support import csv_upload

SAFE = "Känner sig trygg ute på kvällen"
# A valid personnummer (check digit right): the guard refuses it.
PERSONNUMMER = "19811218-9876"


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def areas(laholm):
    """Three of the demo's areas, made if the demo does not have them yet."""
    names = ["Laholm centrum", "Mellbystrand", "Skummeslövsstrand"]
    return {name: AreaFactory(agreement=laholm, name=name) for name in names}


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def new_results(laholm):
    """The agreement's results saved during the test (the demo has some already)."""
    before = list(SurveyResult.objects.filter(agreement=laholm).values_list("pk", flat=True))
    return lambda: SurveyResult.objects.filter(agreement=laholm).exclude(pk__in=before)


def parse(laholm, coordinator, rows, **options) -> SurveyImport:
    return survey_parse(agreement=laholm, file=csv_upload(rows, **options), by=coordinator)


def reasons_by_row(survey_import) -> dict[int, list[str]]:
    return {row["row"]: row["reasons"] for row in survey_import.rejected}


def file_error(exc) -> list[str]:
    return exc.value.message_dict["file"]


# --- rows accepted and rejected ----------------------------------------------------------


def test_the_preview_reports_bad_rows_with_their_numbers_and_reasons_and_saves_nothing(
    laholm, areas, coordinator, new_results
):
    survey_import = parse(
        laholm,
        coordinator,
        [
            [2024, "Laholm centrum", SAFE, "62,5", 118],  # row 2
            [2024, "Hamnen", SAFE, "50", 30],  # 3: unknown area
            ["tjugo", "Mellbystrand", SAFE, "55", 40],  # 4: year not a number
            [1989, "Mellbystrand", SAFE, "55", 40],  # 5: year too early
            [2024, "Mellbystrand", "", "55", 40],  # 6: no question
            [2024, "Mellbystrand", SAFE, "cirka hälften", 40],  # 7: share not a number
            [2024, "Mellbystrand", SAFE, "101", 40],  # 8: share over 100
            [2024, "Mellbystrand", SAFE, "55", "-3"],  # 9: respondents below zero
            [2024, "Mellbystrand", SAFE, "55", "12,5"],  # 10: respondents not whole
            [2024, "laholm centrum", SAFE, "60", 100],  # 11: same as row 2
            [2023, "Mellbystrand", SAFE, "57", ""],  # 12: respondents unknown: accepted
        ],
    )
    assert new_results().count() == 0
    assert [row["row"] for row in survey_import.accepted] == [2, 12]
    assert reasons_by_row(survey_import) == {
        3: ["Området ”Hamnen” finns inte i överenskommelsens lista över områden."],
        4: ["Året ska vara ett årtal mellan 1990 och 2026."],
        5: ["Året ska vara ett årtal mellan 1990 och 2026."],
        6: ["Frågan saknas."],
        7: ["Andelen är inte ett tal."],
        8: ["Andelen ska ligga mellan 0 och 100 procent."],
        9: ["Antalet svarande ska vara ett heltal, 0 eller mer."],
        10: ["Antalet svarande ska vara ett heltal, 0 eller mer."],
        11: ["Samma år, område och fråga som rad 2."],
    }
    # A rejected row keeps what the file said, to show beside the reason.
    assert survey_import.rejected[0]["cells"] == {
        "year": "2024",
        "area": "Hamnen",
        "question": SAFE,
        "value": "",
        "share": "50",
        "respondents": "30",
    }
    first = survey_import.accepted[0]
    assert first | {"area": None} == {
        "row": 2,
        "year": 2024,
        "area": None,
        "area_name": "Laholm centrum",
        "question": SAFE,
        "value": "62.50",
        "is_share": True,
        "respondents": 118,
    }
    assert first["area"] == areas["Laholm centrum"].pk
    assert survey_import.accepted[1]["respondents"] is None


def test_a_row_names_every_reason_it_is_rejected_for(laholm, areas, coordinator):
    survey_import = parse(laholm, coordinator, [[3000, "Hamnen", "", "x", "många"]])
    assert reasons_by_row(survey_import) == {
        2: [
            "Året ska vara ett årtal mellan 1990 och 2026.",
            "Området ”Hamnen” finns inte i överenskommelsens lista över områden.",
            "Frågan saknas.",
            "Andelen är inte ett tal.",
            "Antalet svarande ska vara ett heltal, 0 eller mer.",
        ]
    }


def test_a_result_that_already_exists_is_rejected_not_replaced(
    laholm, areas, coordinator, new_results
):
    first = parse(laholm, coordinator, [[2024, "Mellbystrand", SAFE, "55", 40]])
    survey_confirm(survey_import=first, by=coordinator)
    again = parse(laholm, coordinator, [[2024, "MELLBYSTRAND", SAFE.upper(), "58", 41]])
    assert again.accepted == []
    assert reasons_by_row(again) == {
        2: ["Ett resultat för samma år, område och fråga finns redan."]
    }
    assert new_results().get().value == Decimal("55.00")


def test_values_plain_and_shares_in_per_cent(laholm, areas, coordinator):
    header = ["År", "Område", "Fråga", "Värde", "Andel", "Svarande"]
    survey_import = parse(
        laholm,
        coordinator,
        [
            [2024, "Laholm centrum", "Anmälda inbrott per 1000 invånare", "4,25", "", 0],
            [2024, "Laholm centrum", SAFE, "", "62,5 %", "1 200"],
            [2024, "Mellbystrand", SAFE, "62", "62", 10],
            [2024, "Mellbystrand", "Förändring mot året innan", "−3,5", "", 10],
        ],
        header=header,
    )
    assert [(r["value"], r["is_share"], r["respondents"]) for r in survey_import.accepted] == [
        ("4.25", False, 0),
        ("62.50", True, 1200),
        ("-3.50", False, 10),
    ]
    assert reasons_by_row(survey_import) == {
        4: ["Raden har både värde och andel; ange bara det ena."]
    }


def test_a_personnummer_in_the_question_rejects_the_row_and_is_not_stored(
    laholm, areas, coordinator
):
    question = f"Hur trygg känner sig {PERSONNUMMER} på kvällen"
    survey_import = parse(
        laholm,
        coordinator,
        [[2024, "Mellbystrand", question, "55", 40], [2024, "Mellbystrand", SAFE, "56", 41]],
    )
    assert [row["row"] for row in survey_import.accepted] == [3]
    assert reasons_by_row(survey_import) == {
        2: [
            "Kolumnen fråga innehåller ett personnummer eller samordningsnummer. Resultaten "
            "får inte peka ut enskilda personer."
        ]
    }
    stored = SurveyImport.objects.get(pk=survey_import.pk)
    assert PERSONNUMMER not in str(stored.rejected)
    assert stored.rejected[0]["cells"]["question"] == (
        "Hur trygg känner sig ************* på kvällen"
    )


def test_a_personnummer_in_the_file_name_is_not_stored(laholm, areas, coordinator):
    survey_import = parse(
        laholm, coordinator, [[2024, "Mellbystrand", SAFE, "55", 40]], name="8112189876.csv"
    )
    assert survey_import.file_name == "**********.csv"


def test_row_numbers_are_the_files_with_blank_lines_counted(laholm, areas, coordinator):
    rows = [[2024, "Mellbystrand", SAFE, "55", 40], [""], [2024, "Hamnen", SAFE, "50", 3]]
    survey_import = parse(laholm, coordinator, rows)
    assert [row["row"] for row in survey_import.accepted] == [2]
    assert list(reasons_by_row(survey_import)) == [4]
    # Blank lines above the header too: the numbers are still the spreadsheet's.
    content = "\n\nar;omrade;fraga;andel;svarande\n2024;Hamnen;Trygg;50;3\n"
    file = SimpleUploadedFile("enkat.csv", content.encode())
    survey_import = survey_parse(agreement=laholm, file=file, by=coordinator)
    assert list(reasons_by_row(survey_import)) == [4]


# --- what a file may look like -------------------------------------------------------------


def test_a_decimal_comma_and_a_byte_order_mark_work(laholm, areas, coordinator):
    survey_import = parse(
        laholm, coordinator, [[2024, "Mellbystrand", SAFE, "62,75", 118]], bom=True
    )
    assert survey_import.rejected == []
    assert survey_import.accepted[0]["value"] == "62.75"


def test_windows_1252_from_an_older_spreadsheet_works(laholm, areas, coordinator):
    survey_import = parse(
        laholm,
        coordinator,
        [[2023, "Skummeslövsstrand", "Oroar sig för inbrott", "18,5", 77]],
        encoding="cp1252",
    )
    assert survey_import.rejected == []
    row = survey_import.accepted[0]
    assert (row["area_name"], row["question"]) == ("Skummeslövsstrand", "Oroar sig för inbrott")


def test_commas_between_columns_with_quoted_decimal_commas_work(laholm, areas, coordinator):
    file = SimpleUploadedFile(
        "enkat.csv",
        'ar,omrade,fraga,andel,svarande\n2024,Mellbystrand,"Trygg, på dagen","81,5",90\n'.encode(),
    )
    survey_import = survey_parse(agreement=laholm, file=file, by=coordinator)
    assert [(r["question"], r["value"]) for r in survey_import.accepted] == [
        ("Trygg, på dagen", "81.50")
    ]


def test_headers_are_read_in_any_case_order_and_without_diacritics(laholm, areas, coordinator):
    survey_import = parse(
        laholm,
        coordinator,
        [["40", "2024", SAFE, "Mellbystrand", "55", "vet ej"]],
        header=["Antal svarande", "AR", "Fraga", "OMRADE", "varde", "kommentar"],
    )
    assert survey_import.rejected == []
    row = survey_import.accepted[0]
    assert (row["year"], row["respondents"], row["is_share"]) == (2024, 40, False)


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (
            ["year", "area", "question", "value", "respondents"],
            "år, område, fråga, värde eller andel och svarande",
        ),  # fmt: skip
        (["år", "område", "fråga", "svarande"], "värde eller andel"),
        (["år", "plats", "fråga", "andel", "svarande"], "område"),
    ],
)
def test_a_file_without_the_required_columns_is_refused_as_a_whole(
    laholm, areas, coordinator, header, missing
):
    with pytest.raises(ValidationError) as exc:
        parse(laholm, coordinator, [["2024"] * len(header)], header=header)
    assert file_error(exc) == [
        f"Filen saknar kolumnerna {missing}. Första raden ska vara en rubrikrad med år, område, "
        "fråga, värde (eller andel) och svarande."
    ]
    assert not SurveyImport.objects.filter(file_name="trygghetsenkat.csv").exists()


def test_a_file_that_is_not_csv_is_refused(laholm, areas, coordinator):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40)
    with pytest.raises(ValidationError) as exc:
        survey_parse(agreement=laholm, file=SimpleUploadedFile("enkat.csv", png), by=coordinator)
    assert file_error(exc)[0].startswith("Filen är inte en CSV-fil.")


def test_an_empty_file_and_one_with_only_a_header_are_refused(laholm, areas, coordinator):
    with pytest.raises(ValidationError) as exc:
        survey_parse(agreement=laholm, file=SimpleUploadedFile("a.csv", b"\n \n"), by=coordinator)
    assert file_error(exc) == ["Filen är tom."]
    with pytest.raises(ValidationError) as exc:
        parse(laholm, coordinator, [])
    assert file_error(exc) == ["Filen har en rubrikrad men inga rader med resultat."]


def test_a_file_over_5_mb_is_refused(laholm, areas, coordinator):
    row = f"2024;Mellbystrand;{SAFE};55;40\n".encode()
    big = b"ar;omrade;fraga;andel;svarande\n" + row * (5 * 1024 * 1024 // len(row) + 1)
    with pytest.raises(ValidationError) as exc:
        survey_parse(agreement=laholm, file=SimpleUploadedFile("a.csv", big), by=coordinator)
    assert file_error(exc) == ["Filen är större än 5 MB. Dela upp den i flera filer."]


# --- confirming and discarding --------------------------------------------------------------


def test_confirming_saves_exactly_the_accepted_rows_in_one_go(
    laholm, areas, coordinator, new_results
):
    survey_import = parse(
        laholm,
        coordinator,
        [
            [2023, "Laholm centrum", SAFE, "61", 110],
            [2024, "Laholm centrum", SAFE, "64,5", 118],
            [2024, "Hamnen", SAFE, "50", 30],
            [2024, "Mellbystrand", SAFE, "58", ""],
        ],
    )
    results = survey_confirm(survey_import=survey_import, by=coordinator)
    assert len(results) == 3
    saved = new_results().order_by("area__name", "year")
    assert [
        (r.year, r.area.name, r.question, r.value, r.is_share, r.respondents) for r in saved
    ] == [
        (2023, "Laholm centrum", SAFE, Decimal("61.00"), True, 110),
        (2024, "Laholm centrum", SAFE, Decimal("64.50"), True, 118),
        (2024, "Mellbystrand", SAFE, Decimal("58.00"), True, None),
    ]
    assert {r.survey_import_id for r in saved} == {survey_import.pk}
    survey_import.refresh_from_db()
    assert survey_import.confirmed_at is not None
    event = Event.objects.get(agreement=laholm, action="situation.survey.imported")
    assert event.data == {"count": 3, "file": "trygghetsenkat.csv"}
    # Each result has its history, with who saved it.
    assert {r.history.get().history_user for r in saved} == {coordinator}


def test_confirming_twice_is_refused(laholm, areas, coordinator, new_results):
    survey_import = parse(laholm, coordinator, [[2024, "Mellbystrand", SAFE, "55", 40]])
    survey_confirm(survey_import=survey_import, by=coordinator)
    with pytest.raises(ValidationError, match="Importen är redan sparad."):
        survey_confirm(survey_import=survey_import, by=coordinator)
    assert new_results().count() == 1


def test_the_same_file_read_twice_is_saved_once(laholm, areas, coordinator, new_results):
    rows = [[2024, "Mellbystrand", SAFE, "55", 40], [2024, "Laholm centrum", SAFE, "60", 50]]
    first, second = parse(laholm, coordinator, rows), parse(laholm, coordinator, rows)
    survey_confirm(survey_import=first, by=coordinator)
    with pytest.raises(ValidationError) as exc:
        survey_confirm(survey_import=second, by=coordinator)
    assert exc.value.messages == [
        "Sedan filen lästes in har resultat eller områden ändrats (rad 2 och 3). Kassera "
        "importen och läs in filen igen."
    ]
    assert new_results().count() == 2
    second.refresh_from_db()
    assert second.confirmed_at is None


def test_an_import_without_accepted_rows_cannot_be_confirmed(laholm, areas, coordinator):
    survey_import = parse(laholm, coordinator, [[2024, "Hamnen", SAFE, "55", 40]])
    with pytest.raises(ValidationError, match="inga godkända rader"):
        survey_confirm(survey_import=survey_import, by=coordinator)


def test_discarding_deletes_the_import_and_saves_nothing(laholm, areas, coordinator, new_results):
    survey_import = parse(laholm, coordinator, [[2024, "Mellbystrand", SAFE, "55", 40]])
    survey_discard(survey_import=survey_import, by=coordinator)
    assert not SurveyImport.objects.filter(pk=survey_import.pk).exists()
    assert new_results().count() == 0
    assert survey_import.history.latest().history_type == "-"


def test_a_saved_import_cannot_be_discarded(laholm, areas, coordinator, new_results):
    survey_import = parse(laholm, coordinator, [[2024, "Mellbystrand", SAFE, "55", 40]])
    survey_confirm(survey_import=survey_import, by=coordinator)
    with pytest.raises(ValidationError, match="Importen är redan sparad."):
        survey_discard(survey_import=survey_import, by=coordinator)
    assert new_results().count() == 1


def test_nothing_is_imported_after_the_agreement_has_ended(
    laholm, areas, coordinator, time_machine, new_results
):
    survey_import = parse(laholm, coordinator, [[2024, "Mellbystrand", SAFE, "55", 40]])
    time_machine.move_to(at_ten(date(2027, 1, 15)))
    with pytest.raises(ValidationError, match="upphört"):
        parse(laholm, coordinator, [[2024, "Mellbystrand", SAFE, "55", 40]])
    with pytest.raises(ValidationError, match="upphört"):
        survey_confirm(survey_import=survey_import, by=coordinator)
    assert new_results().count() == 0
