"""The action plan's and the citizen promises' navigation entries: every member reads them."""

from django.urls import reverse
from django.utils.translation import gettext as _


def actionplan_entries(request, agreement):
    return [
        (_("Åtgärdsplan"), reverse("actionplan:plan_list", args=[agreement.pk])),
        (_("Medborgarlöften"), reverse("actionplan:promise_list", args=[agreement.pk])),
    ]
