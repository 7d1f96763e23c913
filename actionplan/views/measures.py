"""Placeholder: the helper owning this module replaces it."""


def measure_create(request, *args, **kwargs):
    raise NotImplementedError


def measure_detail(request, *args, **kwargs):
    raise NotImplementedError


def measure_edit(request, *args, **kwargs):
    raise NotImplementedError


def measure_delete(request, *args, **kwargs):
    raise NotImplementedError


def measure_status(request, *args, **kwargs):
    raise NotImplementedError
