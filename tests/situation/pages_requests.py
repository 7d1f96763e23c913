"""The situation picture's requests pages in the one registry (tests/pages.py)."""

PAGES = []
