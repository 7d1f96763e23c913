"""Placeholder (owned by the plans helper): the measures on a meeting's page."""


def meeting_measures_panel(request, meeting):
    return None
