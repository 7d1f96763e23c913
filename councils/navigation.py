"""The councils' navigation entries: the rosters the user may open."""

from django.urls import reverse


def roster_entries(request, agreement):
    return [
        (body.name, reverse("councils:roster", args=[agreement.pk, body.pk]))
        for body in agreement.bodies.all()
        if request.rights.has("councils.view_body", body)
    ]
