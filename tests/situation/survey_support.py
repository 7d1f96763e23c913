"""The safety survey's test data: CSV files as a spreadsheet saves them, and results and
imports made straight in the database (not through the services, so they can be made also
after the agreement has ended). Used by tests/situation/pages_survey.py and the tests."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from situation.models import Area, SurveyImport, SurveyResult

# Two of the Laholm demo's areas (made where an agreement lacks them).
AREAS = ["Laholm centrum", "Mellbystrand"]
SAFE = "Känner sig trygg ute på kvällen"
WORRY = "Oroar sig för att utsättas för brott"
GRAFFITI = "Ser klotter eller skadegörelse i sitt område"
HEADER = ["år", "område", "fråga", "andel", "svarande"]


def csv_upload(
    rows: list[list],
    *,
    header: list[str] | None = None,
    name: str = "trygghetsenkat.csv",
    delimiter: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
) -> SimpleUploadedFile:
    """A CSV file as a spreadsheet saves it: a header row, then the rows."""
    lines = [delimiter.join(header or HEADER)]
    lines += [delimiter.join(str(cell) for cell in row) for row in rows]
    content = ("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n"
    return SimpleUploadedFile(name, content.encode(encoding), content_type="text/csv")


def areas(o) -> list[Area]:
    """AREAS in the agreement (get or create by name)."""
    if "_survey_areas" not in o.__dict__:
        o._survey_areas = [
            Area.objects.get_or_create(agreement=o.agreement, name=name, defaults={"order": order})[
                0
            ]
            for order, name in enumerate(AREAS, start=1)
        ]
    return o._survey_areas


def _user(o):
    return get_user_model().objects.filter(username=o.username).first()


def results(o) -> list[SurveyResult]:
    """Three years of two questions for two areas (shares in per cent), in a confirmed
    import; none when the agreement already has results (the demo's, say)."""
    if "_survey_results" not in o.__dict__:
        made = []
        if not SurveyResult.objects.filter(agreement=o.agreement).exists():
            survey_import = SurveyImport.objects.create(
                agreement=o.agreement,
                file_name="trygghetsenkat-2022-2024.csv",
                created_by=_user(o),
                confirmed_at=timezone.now(),
            )
            values = {SAFE: (61, 64.5, 70), WORRY: (22, 19.5, 18)}
            for number, area in enumerate(areas(o)):
                for question, shares in values.items():
                    for year, share in zip((2022, 2023, 2024), shares, strict=True):
                        made.append(
                            SurveyResult(
                                agreement=o.agreement,
                                survey_import=survey_import,
                                year=year,
                                area=area,
                                question=question,
                                value=Decimal(str(share)) + number * 5,
                                is_share=True,
                                respondents=120 - number * 40,
                            )
                        )
            SurveyResult.objects.bulk_create(made)
        o._survey_results = made
    return o._survey_results


def pending_import(o) -> SurveyImport:
    """A file read but not saved: two accepted rows the agreement does not have yet, and
    two rejected ones (an unknown area, a share that is not a number)."""
    if "_survey_import" not in o.__dict__:
        centrum, strand = areas(o)
        question = GRAFFITI
        taken = SurveyResult.objects.filter(agreement=o.agreement, question__iexact=question)
        if taken.exists():  # keep the accepted rows new, whatever the agreement holds
            question = f"{GRAFFITI} (fråga {taken.count() + 1})"
        accepted = [
            {
                "row": row,
                "year": 2024,
                "area": area.pk,
                "area_name": area.name,
                "question": question,
                "value": value,
                "is_share": True,
                "respondents": respondents,
            }
            for row, area, value, respondents in (
                (2, centrum, "31.50", 118),
                (3, strand, "24.00", 64),
            )
        ]
        rejected = [
            {
                "row": 4,
                "cells": {
                    "year": "2024",
                    "area": "Hamnen",
                    "question": question,
                    "value": "",
                    "share": "12",
                    "respondents": "40",
                },
                "reasons": ["Området ”Hamnen” finns inte i överenskommelsens lista över områden."],
            },
            {
                "row": 5,
                "cells": {
                    "year": "2024",
                    "area": strand.name,
                    "question": SAFE,
                    "value": "",
                    "share": "cirka hälften",
                    "respondents": "64",
                },
                "reasons": ["Andelen är inte ett tal."],
            },
        ]
        o._survey_import = SurveyImport.objects.create(
            agreement=o.agreement,
            file_name="trygghetsenkat-2024.csv",
            accepted=accepted,
            rejected=rejected,
            created_by=_user(o),
        )
    return o._survey_import
