"""The requests for input (situation/views/requests.py) in the one registry (tests/pages.py).

Everyone in the situation picture reads them; `ks-ordforande`, a signatory without a seat,
has no part in it (403); only the coordinator sends and closes them."""

from tests.pages import GET, POST, K, Objects, Page, Scan, empty_form
from tests.situation.factories import InputRequestFactory

NO_PART = {"ks-ordforande": 403}


def input_request(o: Objects):
    """An open request of the agreement, due in a week (made once per Objects)."""
    if "_input_request" not in o.__dict__:
        o._input_request = InputRequestFactory(agreement=o.agreement, due_on=o.meeting_day())
    return o._input_request


def request_kwargs(o: Objects) -> dict:
    return K.agreement(o) | {"request_pk": input_request(o).pk}


def request_data(o: Objects) -> dict:
    return {
        "title": "Aktuell information inför nästa möte",
        "due_on": o.meeting_day().isoformat(),
        "meeting": "",
        "message": "Ta med händelser sedan förra mötet.",
    }


LIST_QUERIES = 15
DETAIL_QUERIES = 19

# fmt: off
PAGES = [
    Page("situation:request_list",   K.agreement,    GET,                 302, 200, 200, 404,
         others=NO_PART, queries=LIST_QUERIES, label="requests", scans=(Scan("requests"),)),
    Page("situation:request_create", K.agreement,    GET,                 302, 200, 403, 404,
         scans=(Scan("request form"), Scan("request form with errors", act=empty_form))),
    Page("situation:request_create", K.agreement,    POST(request_data),  302, 302, 403, 404),
    Page("situation:request_detail", request_kwargs, GET,                 302, 200, 200, 404,
         others=NO_PART, queries=DETAIL_QUERIES, label="request", scans=(Scan("request"),)),
    Page("situation:request_close",  request_kwargs, GET,                 302, 405, 403, 404),
    Page("situation:request_close",  request_kwargs, POST(),              302, 302, 403, 404),
]
# fmt: on
