"""The page registry itself (tests/pages.py), which the permission matrix, the accessibility
scan and the query-count tests share: nothing falls between them."""

from tests.pages import AGREEMENT_PAGES, PAGES, READ_PAGES, SCANS

# Pages that render but are not scanned, and why.
NOT_SCANNED = {
    # One sentence each in the base layout, which every scanned page already has.
    "password_change_done-GET",
    "password_reset_done-GET",
    "password_reset_complete-GET",
    # The same template as the council's history, which is scanned.
    "councils:history-GET-operative",
    # The same template as the convened meeting's history, which is scanned.
    "councils:meeting_history-GET-draft",
    # Not a web page: the calendar feed is text/calendar (tests/councils/test_ical.py).
    "councils:calendar_feed_ics-GET",
    # Not a web page: the agreement's PDF (tests/samverkan/test_agreement_pdf.py).
    "samverkan:agreement_pdf-GET",
    # Not a web page: a version's PDF (tests/annexes/test_version_pdf.py).
    "samverkan:version_pdf-GET",
    # Not web pages: the agreement pack and the meeting documents as PDFs
    # (tests/samverkan/test_pack_pdf.py, tests/councils/test_meeting_pdf.py).
    "samverkan:agreement_pack-GET",
    "councils:meeting_pdf-GET",
    "councils:meeting_pdf-GET-draft",
    "councils:minutes_pdf-GET",
    "councils:minutes_pdf-GET-draft",
    # Not a web page: an attachment of situation input, streamed as a download
    # (tests/situation/test_inputs_views.py).
    "situation:attachment-GET",
    # Not web pages: the action plan as XLSX and CSV (tests/actionplan/test_export.py).
    "actionplan:plan_xlsx-GET",
    "actionplan:plan_csv-GET",
}


def test_every_page_that_renders_is_scanned_or_says_why_not():
    renders = {
        row.id
        for row in PAGES
        if row.request.method == "GET" and 200 in (row.anonymous, row.samordnare)
    }
    scanned = {row.id for row, _scan in SCANS}
    assert renders - scanned == NOT_SCANNED
    assert not NOT_SCANNED & scanned


def test_each_scan_has_a_name_of_its_own():
    names = [scan.name for _row, scan in SCANS]
    assert len(names) == len(set(names))


def test_every_page_members_read_has_a_query_bound_and_a_name():
    read = [row for row in AGREEMENT_PAGES if row.request.method == "GET" and row.member == 200]
    assert read
    assert [row for row in read if row not in READ_PAGES] == []
    labels = [row.label for row in READ_PAGES]
    assert all(labels) and len(labels) == len(set(labels))
