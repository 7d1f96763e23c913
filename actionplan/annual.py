"""The action plan's section of the annual report (samverkan/annual.py): the measures of
the adopted plans that run in the year, by status and by responsible party, and the status
updates given in it.

A measure's status is the one it has now (the plan keeps no status per year); it counts
in every year its own period touches. Three queries whatever the number of measures: the
parties, the counts per party and status, the year's status updates.
"""

from datetime import date

from django.db.models import Count

from samverkan import annual

from .models import ActionPlan, Measure, StatusUpdate


def actionplan_section(agreement, year: int) -> dict:
    statuses = Measure.Status
    counts = {
        (row["responsible"], row["status"]): row["n"]
        for row in Measure.objects.filter(
            plan__agreement=agreement,
            plan__status=ActionPlan.Status.ADOPTED,
            starts_on__lte=date(year, 12, 31),
            ends_on__gte=date(year, 1, 1),
        )
        .values("responsible", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = []
    for party in agreement.parties.all():
        cells = [counts.get((party.pk, status), 0) for status in statuses.values]
        rows.append({"party": party, "cells": cells, "total": sum(cells)})
    totals = [sum(row["cells"][n] for row in rows) for n in range(len(statuses.values))]
    updates = list(
        StatusUpdate.objects.filter(measure__plan__agreement=agreement, on__year=year)
        .select_related("measure__plan")
        .order_by("on", "pk")
    )
    return {
        "statuses": statuses.labels,
        "rows": rows,
        "totals": totals,
        "measures": sum(totals),
        "updates": updates,
    }


annual.register(30, "actionplan/annual/_section.html", actionplan_section)
