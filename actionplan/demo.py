"""Placeholder (owned by the demo helper): the Laholm demo's plan and promise."""


def load_actionplan_demo(*args, **kwargs):
    return None
