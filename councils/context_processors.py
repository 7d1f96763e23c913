"""The rosters the user may open, for the navigation (a fixed few queries per request)."""

from django.urls import reverse
from guardian.core import ObjectPermissionChecker

from .models import Body


def navigation(request):
    agreement = getattr(request, "agreement", None)
    if agreement is None or not request.user.is_authenticated:
        return {}
    bodies = list(Body.objects.filter(agreement=agreement))
    checker = ObjectPermissionChecker(request.user)
    checker.prefetch_perms(bodies)
    return {
        "nav_bodies": [
            (body.name, reverse("councils:roster", args=[agreement.pk, body.pk]))
            for body in bodies
            if checker.has_perm("view_body", body)
        ]
    }
