"""The accessibility statement (tillgänglighetsredogörelse) and the barrier report form:
public pages, linked from every footer."""

from django.http import HttpResponse


def statement(request):
    return HttpResponse("")  # built by the accessibility work (issue 13, item 9)


def report(request):
    return HttpResponse("")  # built by the accessibility work (issue 13, item 9)
