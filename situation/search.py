"""Search across what the user may see of the situation picture: current input (through
SituationInput.objects.visible_to) and reports (published ones; drafts too for the
coordinator).

On PostgreSQL it is full-text search with the `swedish` configuration, so "inbrott" finds
"inbrotten", ranked; elsewhere (SQLite in development) a plain case-insensitive match.
The result is one query over both kinds, made for a Paginator: count() and a page are a
query each, and `hydrate` reads a page's objects in one query per kind.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, F, FloatField, Q, Value

from .models import MANAGE, VIEW, SituationInput, SituationReport

INPUT, REPORT = "input", "report"
# The fields searched, per kind: what people write.
INPUT_FIELDS = ("title", "narrative", "source_detail")
REPORT_FIELDS = ("title", "mapping", "other_information", "analysis")
CONFIG = "swedish"


def full_text() -> bool:
    return connection.vendor == "postgresql"


def _reports(rights):
    if not rights.has(VIEW):
        return SituationReport.objects.none()
    reports = SituationReport.objects.filter(agreement=rights.agreement)
    if not rights.has(MANAGE):
        reports = reports.filter(status=SituationReport.Status.PUBLISHED)
    return reports


def _matching(queryset, fields, q: str):
    """The queryset's rows matching `q`, each with a `rank` (higher is better)."""
    if full_text():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        title, *body = fields
        vector = SearchVector(title, weight="A", config=CONFIG) + SearchVector(
            *body, weight="B", config=CONFIG
        )
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        return (
            queryset.annotate(document=vector)
            .filter(document=query)
            .annotate(rank=SearchRank(F("document"), query))
        )
    words = q.split()
    match = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        match &= any_field
    return queryset.filter(match).annotate(rank=Value(0.0, output_field=FloatField()))


def search(rights, q: str):
    """What matches `q` among what the user whose rights these are may see: rows of
    (kind, pk, rank, period_to), best match first, then the latest period. Lazy; slice it
    (a Paginator does) and pass the slice to `hydrate`."""
    q = (q or "").strip()
    if not q:
        return []
    inputs = _matching(SituationInput.objects.visible_to(rights).current(), INPUT_FIELDS, q)
    reports = _matching(_reports(rights), REPORT_FIELDS, q)
    columns = ("kind", "pk", "rank", "period_to")
    kind = CharField()
    inputs = inputs.annotate(kind=Value(INPUT, output_field=kind)).values_list(*columns)
    reports = reports.annotate(kind=Value(REPORT, output_field=kind)).values_list(*columns)
    return (
        inputs.order_by()
        .union(reports.order_by(), all=True)
        .order_by("-rank", "-period_to", "kind", "-pk")
    )


@dataclass
class Hit:
    kind: str
    obj: object
    rank: float


def hydrate(rows) -> list[Hit]:
    """The objects of a page of `search` rows, in its order (one query per kind)."""
    rows = list(rows)
    input_pks = [pk for kind, pk, _rank, _day in rows if kind == INPUT]
    report_pks = [pk for kind, pk, _rank, _day in rows if kind == REPORT]
    objects = {}
    if input_pks:
        found = SituationInput.objects.filter(pk__in=input_pks).select_related(
            "party", "area", "category"
        )
        objects |= {(INPUT, i.pk): i for i in found}
    if report_pks:
        found = SituationReport.objects.filter(pk__in=report_pks)
        objects |= {(REPORT, r.pk): r for r in found}
    return [
        Hit(kind=kind, obj=objects[(kind, pk)], rank=rank)
        for kind, pk, rank, _day in rows
        if (kind, pk) in objects
    ]
