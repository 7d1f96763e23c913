"""The weekly follow-up's checkin pages in the one registry (tests/pages.py)."""

PAGES = []
