"""The start page: the agreements a person sees and what needs them now."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import views_lifecycle
from .models import Agreement


@login_required
def home(request):
    agreements = (
        Agreement.objects.visible_to(request.user)
        .select_related("successor")
        .order_by("-valid_from")
    )
    context = {"agreements": agreements} | views_lifecycle.home_context(request.user, agreements)
    return render(request, "samverkan/home.html", context)
