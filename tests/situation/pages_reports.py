"""The situation picture's reports pages in the one registry (tests/pages.py)."""

PAGES = []
