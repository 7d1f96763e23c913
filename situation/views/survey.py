"""Placeholder until this area's views land: every page is 404."""

from django.http import Http404


def survey(request, *args, **kwargs):
    raise Http404


def survey_import(request, *args, **kwargs):
    raise Http404


def survey_preview(request, *args, **kwargs):
    raise Http404


def survey_confirm(request, *args, **kwargs):
    raise Http404


def survey_discard(request, *args, **kwargs):
    raise Http404
