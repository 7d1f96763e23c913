"""Placeholder until this area's views land: every page is 404."""

from django.http import Http404


def request_list(request, *args, **kwargs):
    raise Http404


def request_create(request, *args, **kwargs):
    raise Http404


def request_detail(request, *args, **kwargs):
    raise Http404


def request_close(request, *args, **kwargs):
    raise Http404
