"""The situation picture's navigation entry, for whoever has a part in it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .access import reads_situation


def situation_entries(request, agreement):
    if not reads_situation(request.rights):
        return []
    return [
        (_("Lägesbild"), reverse("situation:home", args=[agreement.pk])),
        (_("Underlag"), reverse("situation:input_list", args=[agreement.pk])),
    ]
