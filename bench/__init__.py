"""A realistic data set at federation scale and the figures measured on it (issue 14)."""
