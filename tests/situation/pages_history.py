"""A request for input's history page (situation/views/history.py) in the one registry
(tests/pages.py): whoever reads the request reads its history; `ks-ordforande`, a
signatory without a seat, has no part in the situation picture (403, as on the request's
page); the outsider finds none (404). The input's and the lägesbild's history pages are
in pages_inputs.py and pages_reports.py."""

from tests.pages import GET, Page, Scan
from tests.situation.pages_requests import NO_PART, request_kwargs

# The most queries it may run (today's count + 2), however long the history.
REQUEST_HISTORY_QUERIES = 15

# fmt: off
PAGES = [
    Page("situation:request_history", request_kwargs, GET,                 302, 200, 200, 404,
         others=NO_PART, queries=REQUEST_HISTORY_QUERIES, label="request history",
         scans=(Scan("request history"),)),
]
# fmt: on
