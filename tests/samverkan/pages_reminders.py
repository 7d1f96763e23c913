"""The account's reminder setting (samverkan/views_reminders.py) in the one registry
(tests/pages.py): every logged-in user has it, inside an agreement or not."""

from tests.pages import GET, POST, Page, Scan

# The most queries the page runs (today's count + 2).
QUERIES = 5

# fmt: off
PAGES = [
    Page("account_reminders", None, GET, 302, 200, 200, 200, installation=200,
         scans=(Scan("reminder settings"),), queries=QUERIES, label="reminder settings"),
    Page("account_reminders", None, POST(lambda o: {"reminder_emails": "on"}),
         302, 302, 302, 302, installation=302),
]
# fmt: on
