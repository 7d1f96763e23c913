"""A meeting's history page (councils/views/history.py) in the one registry (tests/pages.py).

Whoever reads the meeting page reads its history (the same decorator): every member of
the agreement; a meeting not yet convened is its convener's only (404 for the other
members, as its page); the outsider finds none (404)."""

from tests.pages import GET, K, Page, Scan

# The most queries it may run (today's count + 2), however long the history.
MEETING_HISTORY_QUERIES = 22

# fmt: off
PAGES = [
    Page("councils:meeting_history",   K.meeting,        GET,                  302, 200, 200, 404,
         queries=MEETING_HISTORY_QUERIES, label="meeting history",
         scans=(Scan("meeting history"),)),
    Page("councils:meeting_history",   K.draft_meeting,  GET,                  302, 200, 404, 404,
         variant="draft"),
    # Held, with minutes, a decision, the parties' positions and an assignment.
    Page("councils:meeting_history",   K.minutes_page,   GET,                  302, 200, 200, 404,
         variant="minutes", queries=MEETING_HISTORY_QUERIES, label="meeting with minutes history",
         scans=(Scan("meeting history with minutes", user="kommunpolis"),)),
]
# fmt: on
