"""The account's own pages in the one registry (tests/pages.py): every logged-in user has
them, inside an agreement or not."""

from tests.pages import GET, POST, Page, Scan

# fmt: off
PAGES = [
    Page("account_sessions", None, GET,    302, 200, 200, 200,
         scans=(Scan("my logins"),), queries=8, label="my logins"),
    Page("account_sessions", None, POST(), 302, 302, 302, 302),
]
# fmt: on
