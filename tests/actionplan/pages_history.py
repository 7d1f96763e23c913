"""A follow-up's history page (actionplan/views/history.py) in the one registry
(tests/pages.py): whoever reads the follow-up reads its history, every member (the
signatory with no seat too); the outsider finds none (404). The plan's and the
promise's history pages are in pages_plans.py and pages_promises.py."""

from tests.actionplan.pages_followups import KF
from tests.pages import GET, Page, Scan

# The most queries it may run (today's count + 2), however long the history.
FOLLOW_UP_HISTORY_QUERIES = 17

# fmt: off
PAGES = [
    Page("actionplan:follow_up_history",  KF.follow_up, GET,                    302, 200, 200, 404,
         queries=FOLLOW_UP_HISTORY_QUERIES, label="plan follow-up history",
         scans=(Scan("plan follow-up history"),)),
]
# fmt: on
