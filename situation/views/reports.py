"""Placeholder until this area's views land: every page is 404."""

from django.http import Http404


def report_list(request, *args, **kwargs):
    raise Http404


def report_create(request, *args, **kwargs):
    raise Http404


def report_detail(request, *args, **kwargs):
    raise Http404


def report_edit(request, *args, **kwargs):
    raise Http404


def report_sources(request, *args, **kwargs):
    raise Http404


def report_publish(request, *args, **kwargs):
    raise Http404


def report_fully_updated(request, *args, **kwargs):
    raise Http404


def report_history(request, *args, **kwargs):
    raise Http404


def problem_add(request, *args, **kwargs):
    raise Http404


def problem_edit(request, *args, **kwargs):
    raise Http404


def problem_remove(request, *args, **kwargs):
    raise Http404


def cause_add(request, *args, **kwargs):
    raise Http404


def cause_edit(request, *args, **kwargs):
    raise Http404


def cause_remove(request, *args, **kwargs):
    raise Http404
