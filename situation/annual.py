"""The situation picture's section of the annual report (samverkan/annual.py): the input
the parties submitted in the year, by party and source and by problem category, and the
lägesbilder declared fully updated in it.

The report's readers hold the right to confidential input (samverkan.compliance
READ_PERMISSION), so every submitted input counts; only counts are shown, never a title.
Four queries whatever the amount of input: the parties, the two counts, the lägesbilder.
"""

from django.db.models import Count

from samverkan import annual

from .models import SituationInput, SituationReport


def situation_section(agreement, year: int) -> dict:
    # Submitted in the year, the current revision of each input (a correction supersedes
    # the revision before it, which is not counted again).
    submitted = SituationInput.objects.filter(
        agreement=agreement,
        status=SituationInput.Status.SUBMITTED,
        submitted_at__year=year,
    )
    parties = {party.pk: party for party in agreement.parties.all()}
    sources = dict(SituationInput.Source.choices)
    # In the parties' order, then the sources' as the form offers them.
    place = {value: n for n, value in enumerate(sources)}
    rows = submitted.values("party", "source").annotate(n=Count("pk")).order_by()
    by_source = [
        {"party": parties[row["party"]], "source": sources[row["source"]], "count": row["n"]}
        for row in sorted(
            rows, key=lambda row: (parties[row["party"]].order, row["party"], place[row["source"]])
        )
    ]
    by_category = list(
        submitted.values("category__name")
        .annotate(n=Count("pk"))
        .order_by("category__order", "category__name")
    )
    # The day a lägesbild is declared updated in full is the day the agreement's two-year
    # clock counts from (situation/freshness.py): the lägesbild the year brought.
    reports = list(
        agreement.situation_reports.filter(
            status=SituationReport.Status.PUBLISHED, fully_updated_on__year=year
        ).order_by("fully_updated_on", "pk")
    )
    return {
        "by_source": by_source,
        "by_category": by_category,
        "inputs": sum(row["count"] for row in by_source),
        "reports": reports,
    }


annual.register(20, "situation/annual/_section.html", situation_section)
