"""Placeholder until this area's views land: every page is 404."""

from django.http import Http404


def feedback(request, *args, **kwargs):
    raise Http404


def feedback_send(request, *args, **kwargs):
    raise Http404


def subscription(request, *args, **kwargs):
    raise Http404


def my_weeks(request, *args, **kwargs):
    raise Http404
