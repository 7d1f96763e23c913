"""The councils' pages, one module per area (rosters now; meetings beside it)."""
