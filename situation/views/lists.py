"""Placeholder until this area's views land: every page is 404."""

from django.http import Http404


def lists(request, *args, **kwargs):
    raise Http404


def area_edit(request, *args, **kwargs):
    raise Http404


def category_edit(request, *args, **kwargs):
    raise Http404
