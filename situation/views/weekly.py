"""Placeholder until this area's views land: every page is 404."""

from django.http import Http404


def checklist(request, *args, **kwargs):
    raise Http404


def checklist_edit(request, *args, **kwargs):
    raise Http404


def weekly_report_create(request, *args, **kwargs):
    raise Http404


def weekly_report_list(request, *args, **kwargs):
    raise Http404


def weekly_report_detail(request, *args, **kwargs):
    raise Http404
