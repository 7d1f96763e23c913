"""The safety survey (situation/views/survey.py) in the one registry (tests/pages.py).

Everyone in the situation picture reads the charts; `ks-ordforande`, a signatory without a
seat, has no part in it (403); only the coordinator imports, saves and discards. The
objects come from tests/situation/survey_support.py."""

from tests.pages import GET, POST, K, Objects, Page, Scan, empty_form
from tests.situation.survey_support import areas, csv_upload, pending_import, results

NO_PART = {"ks-ordforande": 403}


def survey_kwargs(o: Objects) -> dict:
    """The survey page with results, and (for the coordinator) a file not yet saved."""
    results(o)
    pending_import(o)
    return K.agreement(o)


def import_kwargs(o: Objects) -> dict:
    return K.agreement(o) | {"import_pk": pending_import(o).pk}


def import_data(o: Objects) -> dict:
    """A file of two rows for areas the agreement has."""
    centrum, strand = areas(o)
    return {
        "file": csv_upload(
            [
                [2025, centrum.name, "Känner sig trygg i centrum på dagen", "88,5", 130],
                [2025, strand.name, "Känner sig trygg i centrum på dagen", "91", 70],
            ]
        )
    }


# Today's count + 2, with results (tests/situation/test_survey_views.py: the same with 10
# and with 1,000 results).
SURVEY_QUERIES = 15

# fmt: off
PAGES = [
    Page("situation:survey",         survey_kwargs, GET,                302, 200, 200, 404,
         others=NO_PART, queries=SURVEY_QUERIES, label="survey",
         scans=(Scan("safety survey charts"), Scan("safety survey, a member", "forvaltning"))),
    Page("situation:survey_import",  K.agreement,   GET,                302, 200, 403, 404,
         scans=(Scan("survey import form"),
                Scan("survey import with errors", act=empty_form))),
    Page("situation:survey_import",  K.agreement,   POST(import_data),  302, 302, 403, 404),
    Page("situation:survey_preview", import_kwargs, GET,                302, 200, 403, 404,
         scans=(Scan("survey import preview"),)),
    Page("situation:survey_confirm", import_kwargs, GET,                302, 405, 403, 404),
    Page("situation:survey_confirm", import_kwargs, POST(),             302, 302, 403, 404),
    Page("situation:survey_discard", import_kwargs, GET,                302, 405, 403, 404),
    Page("situation:survey_discard", import_kwargs, POST(),             302, 302, 403, 404),
]
# fmt: on
