"""Navigation for the current agreement, computed once per request.

Each app contributes its own entries (a lower app cannot know a higher one's
pages); base.html prints them in order.
"""

from django.urls import reverse
from django.utils.translation import gettext as _


def navigation(request):
    agreement = getattr(request, "agreement", None)
    if agreement is None or not request.user.is_authenticated:
        return {}
    return {
        "current_agreement": agreement,
        "nav_core": [
            (_("Översikt"), reverse("samverkan:agreement", args=[agreement.pk])),
            (_("Parter"), reverse("samverkan:parties", args=[agreement.pk])),
        ],
        "nav_log": [(_("Händelser"), reverse("samverkan:events", args=[agreement.pk]))],
    }
