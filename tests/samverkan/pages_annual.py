"""The Årsrapport pages (samverkan/views_annual.py) in the one registry (tests/pages.py):
read by whoever reads the compliance clock (the coordinator and the strategic council's
members); members of the agreement with no seat on the council are refused, and they do
not exist for anyone outside the agreement. The year index sends a reader on to a year."""

from samverkan import annual
from tests.pages import GET, K, Page, Scan


def year(o) -> dict:
    """The year the report opens on (this year while the agreement runs, else its last)."""
    return K.agreement(o) | {"year": annual.default_year(o.agreement)}


# fmt: off
PAGES = [
    Page("samverkan:annual_report_index", K.agreement, GET, 302, 302, 302, 404,
         others={"ks-ordforande": 403, "forvaltning": 403}, label="annual report index"),
    Page("samverkan:annual_report", year, GET, 302, 200, 200, 404,
         others={"ks-ordforande": 403, "forvaltning": 403},
         scans=(Scan("annual report"),), queries=28, label="annual report"),
]
# fmt: on
