"""The councils' navigation entries: the rosters the user may open, and the meetings."""

from django.urls import reverse
from django.utils.translation import gettext as _


def _visible_bodies(request, agreement) -> list:
    """The agreement's bodies the user may see, read once per request for both entries."""
    cached = getattr(request, "_councils_visible_bodies", None)
    if cached is None or cached[0] != agreement.pk:
        bodies = [b for b in agreement.bodies.all() if request.rights.has("councils.view_body", b)]
        cached = request._councils_visible_bodies = (agreement.pk, bodies)
    return cached[1]


def roster_entries(request, agreement):
    return [
        (body.name, reverse("councils:roster", args=[agreement.pk, body.pk]))
        for body in _visible_bodies(request, agreement)
    ]


def meeting_entries(request, agreement):
    """The meetings of the bodies the user may see: the list, which links the calendar."""
    if not _visible_bodies(request, agreement):
        return []
    return [(_("Möten"), reverse("councils:meetings", args=[agreement.pk]))]
