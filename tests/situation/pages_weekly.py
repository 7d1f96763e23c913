"""The weekly follow-up's weekly pages in the one registry (tests/pages.py)."""

PAGES = []
