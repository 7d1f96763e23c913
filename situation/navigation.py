"""The situation picture's navigation entries, for whoever has a part in it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .access import reads_situation, weekly_parties
from .models import VIEW


def situation_entries(request, agreement):
    entries = []
    if reads_situation(request.rights):
        entries += [
            (_("Lägesbild"), reverse("situation:home", args=[agreement.pk])),
            (_("Underlag"), reverse("situation:input_list", args=[agreement.pk])),
        ]
    if request.rights.has(VIEW):
        entries.append((_("Veckoläge"), reverse("situation:current_week", args=[agreement.pk])))
    elif weekly_parties(request.rights):
        # Staff who only report weekly: their report form.
        entries.append(
            (_("Veckorapport"), reverse("situation:weekly_report_create", args=[agreement.pk]))
        )
    return entries
