"""Placeholder: rows arrive with the area."""

PAGES = []
