"""The meeting documents (kallelse, protokoll) as PDFs in the one registry (tests/pages.py):
whoever reads the meeting page downloads them (councils/views/documents.py), so a meeting
not yet convened is its convener's only; a meeting that has not begun has no protokoll.
Not scanned: PDFs, not web pages (tests/councils/test_meeting_pdf.py reads them)."""

from tests.pages import GET, K, Page

# The most queries each may run (today's count + 2), however much the agreement holds.
KALLELSE_QUERIES = 17
PROTOKOLL_QUERIES = 18

# fmt: off
PAGES = [
    Page("councils:meeting_pdf",       K.meeting,        GET,                  302, 200, 200, 404,
         queries=KALLELSE_QUERIES, label="kallelse pdf"),
    Page("councils:meeting_pdf",       K.draft_meeting,  GET,                  302, 200, 404, 404,
         variant="draft"),
    # Approved minutes: stored once, then served from storage.
    Page("councils:minutes_pdf",       K.locked_meeting, GET,                  302, 200, 200, 404,
         queries=PROTOKOLL_QUERIES, label="protokoll pdf"),
    # Minutes not yet approved, with a decision and an assignment: every reader of the
    # meeting page reads them there, and so gets the draft (UTKAST).
    Page("councils:minutes_pdf",       K.minutes_page,   GET,                  302, 200, 200, 404,
         variant="draft", queries=PROTOKOLL_QUERIES, label="protokoll draft pdf"),
    Page("councils:minutes_pdf",       K.meeting,        GET,                  302, 404, 404, 404,
         variant="not held"),
]
# fmt: on
