"""Placeholder: the helper owning this module replaces it."""


def follow_up_create(request, *args, **kwargs):
    raise NotImplementedError


def follow_up_detail(request, *args, **kwargs):
    raise NotImplementedError


def follow_up_edit(request, *args, **kwargs):
    raise NotImplementedError


def follow_up_complete(request, *args, **kwargs):
    raise NotImplementedError
