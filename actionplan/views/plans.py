"""Placeholder: the helper owning this module replaces it."""


def plan_list(request, *args, **kwargs):
    raise NotImplementedError


def plan_create(request, *args, **kwargs):
    raise NotImplementedError


def plan_detail(request, *args, **kwargs):
    raise NotImplementedError


def plan_edit(request, *args, **kwargs):
    raise NotImplementedError


def plan_adopt(request, *args, **kwargs):
    raise NotImplementedError


def plan_history(request, *args, **kwargs):
    raise NotImplementedError
