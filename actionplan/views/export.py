"""Placeholder: the helper owning this module replaces it."""


def plan_xlsx(request, *args, **kwargs):
    raise NotImplementedError


def plan_csv(request, *args, **kwargs):
    raise NotImplementedError
