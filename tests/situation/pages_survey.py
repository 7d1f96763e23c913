"""The situation picture's survey pages in the one registry (tests/pages.py)."""

PAGES = []
