"""The meeting documents (kallelse, protokoll) as PDFs in the one registry (tests/pages.py).

Rows are added by the meeting-documents work."""

PAGES: list = []
