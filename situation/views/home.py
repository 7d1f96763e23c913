"""Placeholder until this area's views land: every page is 404."""

from django.http import Http404


def home(request, *args, **kwargs):
    raise Http404
