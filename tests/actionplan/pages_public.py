"""The public page of the medborgarlöften in the one registry (tests/pages.py).

No login: everyone gets 200, the outsider and the anonymous visitor too (the page is in
PUBLIC). Its address is a municipality's, not an agreement's, so the matrix opens it once.
The row reads the agreement's published promise (the demo's "Medborgarlöfte 2024" in
Laholm, address "laholm"), made first where the agreement has none.
"""

from actionplan.models import CitizenPromise, Dialogue, PromiseReport
from tests.actionplan.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    DialogueFactory,
    PriorityFactory,
    PromiseReportFactory,
)
from tests.pages import GET, Objects, Page, Scan

# Query bound (today's count + 2).
PUBLIC_QUERIES = 8


def _once(build):
    """A builder of one object per Objects, made when first asked for."""

    def get(o: Objects):
        key = f"public_{build.__name__}"
        if key not in o.__dict__:
            o.__dict__[key] = build(o)
        return o.__dict__[key]

    get.__name__ = build.__name__
    return get


@_once
def published_promise(o: Objects) -> CitizenPromise:
    """The agreement's published promise whose period has not ended, or a new one of its
    municipality and police with a commitment, a dialogue, a priority and a report."""
    existing = (
        CitizenPromise.objects.published()
        .filter(agreement=o.agreement)
        .order_by("-period_to", "-pk")
        .first()
    )
    if existing is not None:
        return existing
    issuers = list(
        o.agreement.parties.filter(party__kind__in=["municipality", "police"]).order_by("order")
    ) or [o.party]
    promise = CitizenPromiseFactory(
        agreement=o.agreement, title="Medborgarlöfte", status=CitizenPromise.Status.PUBLISHED
    )
    promise.issuers.set(issuers)
    CommitmentFactory(promise=promise, responsible=issuers[0])
    dialogue = DialogueFactory(promise=promise, kind=Dialogue.Kind.SURVEY)
    PriorityFactory(promise=promise, dialogue=dialogue)
    PromiseReportFactory(promise=promise, status=PromiseReport.Status.PUBLISHED)
    return promise


class KP:
    """URL kwargs builders."""

    @staticmethod
    def municipality(o: Objects) -> dict:
        return {"municipality": published_promise(o).public_slug}


# fmt: off
PAGES = [
    Page("actionplan:public", KP.municipality, GET,                             200, 200, 200, 200,
         installation=200,
         scans=(Scan("public page of the medborgarlöften", user=None),),
         queries=PUBLIC_QUERIES, label="public medborgarlöften"),
]
# fmt: on
