"""Placeholder until this area's views land: every page is 404."""

from django.http import Http404


def current_week(request, *args, **kwargs):
    raise Http404


def week(request, *args, **kwargs):
    raise Http404


def risk_set(request, *args, **kwargs):
    raise Http404


def action_add(request, *args, **kwargs):
    raise Http404


def action_follow_up(request, *args, **kwargs):
    raise Http404


def trends(request, *args, **kwargs):
    raise Http404
