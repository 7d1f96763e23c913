"""The accessibility statement and its barrier report form (samverkan/views_accessibility.py)
in the one registry (tests/pages.py).

No login: everyone gets the statement and the form (both are in PUBLIC), and a valid
report from anyone is taken (302 to the statement with a confirmation). The addresses are
the installation's, not an agreement's, so the matrix opens them once.
"""

from tests.browser.support import empty_form
from tests.pages import GET, POST, Objects, Page, Scan

# Query bound of the statement and the form (today's count, a logged-in visitor's session
# and user, + 2).
STATEMENT_QUERIES = 4


class DA:
    """POST data builders: a valid report, so the permitted POST succeeds (302)."""

    @staticmethod
    def report(o: Objects) -> dict:
        return {
            "description": "Knappen Spara status går inte att nå med tangentbordet.",
            "page": "/overenskommelser/",
            "name": "Kim Andersson",
            "email": "kim.andersson@example.se",
        }


def report_sent(page):
    """Scan action: send a report and land on the statement with the confirmation."""
    page.fill("#id_description", "Texten i sidfoten är svår att läsa i mörkt läge.")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".message--success").is_visible(), "no confirmation after a report"


# fmt: off
PAGES = [
    Page("accessibility",        None, GET,              200, 200, 200, 200, installation=200,
         scans=(Scan("accessibility statement", user=None),
                Scan("accessibility statement logged in")),
         queries=STATEMENT_QUERIES, label="accessibility statement"),
    Page("accessibility_report", None, GET,              200, 200, 200, 200, installation=200,
         scans=(Scan("accessibility report form", user=None),
                Scan("accessibility report form with errors", user=None, act=empty_form),
                Scan("accessibility report sent", user=None, act=report_sent))),
    Page("accessibility_report", None, POST(DA.report),  302, 302, 302, 302, installation=302),
]
# fmt: on
