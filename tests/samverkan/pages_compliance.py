"""The Efterlevnad page (samverkan/views_compliance.py) in the one registry (tests/pages.py):
the coordinator and the strategic council's members read the compliance clock; members of
the agreement with no seat on the council (a signatory, the operative group's own members)
are refused, and it does not exist for anyone outside the agreement."""

from tests.pages import GET, K, Page, Scan

# fmt: off
PAGES = [
    Page("compliance", K.agreement, GET, 302, 200, 200, 404,
         others={"ks-ordforande": 403, "forvaltning": 403},
         scans=(Scan("compliance clock"),), queries=17, label="compliance"),
]
# fmt: on
