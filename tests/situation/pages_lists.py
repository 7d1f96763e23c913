"""The situation picture's lists pages in the one registry (tests/pages.py)."""

PAGES = []
