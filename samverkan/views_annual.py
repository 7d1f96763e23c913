"""The Årsrapport pages: an agreement's annual report, a year at a time
(samverkan/annual.py). Read by whoever reads the compliance clock."""

from django.http import Http404
from django.shortcuts import redirect, render

from . import annual, compliance
from .access import agreement_perm_view


@agreement_perm_view(compliance.READ_PERMISSION)
def annual_report_index(request, agreement):
    year = annual.default_year(agreement)
    return redirect("samverkan:annual_report", agreement.pk, year)


@agreement_perm_view(compliance.READ_PERMISSION)
def annual_report(request, agreement, year):
    years = annual.years(agreement)
    if year not in years:
        raise Http404
    return render(
        request,
        "samverkan/annual_report.html",
        {
            "agreement": agreement,
            "year": year,
            "years": years,
            "sections": annual.sections(agreement, year),
        },
    )
