"""Placeholder (owned by the follow-ups helper): the plan's and the promise's clocks."""


def agreement_panel(request, agreement):
    return None
