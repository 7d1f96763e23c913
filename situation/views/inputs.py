"""Placeholder until this area's views land: every page is 404."""

from django.http import Http404


def input_list(request, *args, **kwargs):
    raise Http404


def input_create(request, *args, **kwargs):
    raise Http404


def input_detail(request, *args, **kwargs):
    raise Http404


def input_edit(request, *args, **kwargs):
    raise Http404


def input_submit(request, *args, **kwargs):
    raise Http404


def input_correct(request, *args, **kwargs):
    raise Http404


def input_delete(request, *args, **kwargs):
    raise Http404


def input_history(request, *args, **kwargs):
    raise Http404


def attachment_download(request, *args, **kwargs):
    raise Http404


def attachment_remove(request, *args, **kwargs):
    raise Http404
