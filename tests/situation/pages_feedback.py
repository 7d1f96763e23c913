"""The weekly follow-up's feedback pages in the one registry (tests/pages.py)."""

PAGES = []
