"""The situation picture's inputs pages in the one registry (tests/pages.py)."""

PAGES = []
