"""Placeholder: the helper owning this module replaces it."""


def promise_list(request, *args, **kwargs):
    raise NotImplementedError


def promise_create(request, *args, **kwargs):
    raise NotImplementedError


def promise_detail(request, *args, **kwargs):
    raise NotImplementedError


def promise_edit(request, *args, **kwargs):
    raise NotImplementedError


def promise_publish(request, *args, **kwargs):
    raise NotImplementedError


def promise_history(request, *args, **kwargs):
    raise NotImplementedError


def commitment_create(request, *args, **kwargs):
    raise NotImplementedError


def commitment_edit(request, *args, **kwargs):
    raise NotImplementedError


def commitment_delete(request, *args, **kwargs):
    raise NotImplementedError


def dialogue_create(request, *args, **kwargs):
    raise NotImplementedError


def dialogue_edit(request, *args, **kwargs):
    raise NotImplementedError


def dialogue_delete(request, *args, **kwargs):
    raise NotImplementedError


def priority_create(request, *args, **kwargs):
    raise NotImplementedError


def priority_edit(request, *args, **kwargs):
    raise NotImplementedError


def priority_delete(request, *args, **kwargs):
    raise NotImplementedError


def report_create(request, *args, **kwargs):
    raise NotImplementedError


def report_edit(request, *args, **kwargs):
    raise NotImplementedError


def report_publish(request, *args, **kwargs):
    raise NotImplementedError
