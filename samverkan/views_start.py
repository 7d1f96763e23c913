"""The start page: the agreements a person sees and what needs them now."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import start, views_lifecycle
from .models import Agreement


@login_required
def home(request):
    agreements = list(
        Agreement.objects.visible_to(request.user)
        .select_related("successor")
        .order_by("-valid_from")
    )
    # "Att göra": what the apps registered (samverkan/start.py), for the agreements the
    # person is a member of among those listed.
    todo = start.needs(request.user, agreements)
    context = {
        "agreements": agreements,
        "todo": todo,
        # Which agreement an item is of, said only when the person sees more than one.
        "todo_names_agreement": len(agreements) > 1,
    } | views_lifecycle.home_context(request.user, agreements)
    return render(request, "samverkan/home.html", context)
