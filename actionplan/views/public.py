"""The public page of a municipality's medborgarlöften: no login, one stable address the
municipality links from its website (/medborgarloften/<slug>/).

Only what is published and meant for residents leaves the database: published promises,
their public summary, priorities, commitments, the kind and date of the dialogues (their
participants and summaries are internal) and the latest published follow-up report.
Internal notes are not even read.

The page is the same for everyone, so it is cacheable by browsers and proxies: it is
rendered without the request (no context processor touches the session, so no
`Vary: Cookie`; no CSRF token, no cookie) and always in Swedish (the language cookie
would otherwise make one address answer in two languages behind a shared cache).
"""

from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from samverkan.models import AgreementParty
from samverkan.twofactor import same_for_everyone

from ..models import CitizenPromise, Commitment, Dialogue, Priority, PromiseReport

CACHE_SECONDS = 600
LANGUAGE = "sv"


def _latest_published_reports():
    """Each promise's latest published report, in one query for all of them."""
    published = PromiseReport.objects.filter(status=PromiseReport.Status.PUBLISHED)
    latest = (
        published.filter(promise=OuterRef("promise"))
        .order_by("-reported_on", "-pk")
        .values("pk")[:1]
    )
    return published.filter(pk=Subquery(latest)).only("promise_id", "reported_on", "text", "status")


def shown_promises(slug: str, on) -> tuple[list[CitizenPromise], bool]:
    """(the promises to show, whether they have all ended) for a municipality's address:
    the published ones whose period has not ended, else the most recently ended one."""
    published = list(
        CitizenPromise.objects.published()
        .filter(public_slug=slug)
        .select_related("agreement")
        .only(
            "title",
            "period_from",
            "period_to",
            "summary",
            "agreement__municipality",
        )
        .order_by("period_from", "pk")
    )
    current = [promise for promise in published if promise.period_to >= on]
    if current or not published:
        return current, False
    latest = max(published, key=lambda promise: (promise.period_to, promise.pk))
    return [latest], True


@same_for_everyone
@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
def public_promises(request, municipality: str):
    """The municipality's current medborgarlöften for its residents; 404 when it has
    never published one."""
    on = timezone.localdate()
    promises, ended = shown_promises(municipality, on)
    if not promises:
        raise Http404
    prefetch_related_objects(
        promises,
        Prefetch(
            "issuers",
            queryset=AgreementParty.objects.select_related("party")
            .only("order", "short_name", "party__name")
            .order_by("order", "pk"),
            to_attr="issuing_parties",
        ),
        Prefetch(
            "priorities",
            queryset=Priority.objects.only("promise_id", "rank", "title", "description"),
            to_attr="public_priorities",
        ),
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related("responsible__party").only(
                "promise_id",
                "number",
                "title",
                "activities",
                "follow_up_method",
                "responsible__short_name",
                "responsible__party__name",
            ),
            to_attr="public_commitments",
        ),
        Prefetch(
            "dialogues",
            queryset=Dialogue.objects.only("promise_id", "kind", "held_on"),
            to_attr="public_dialogues",
        ),
        Prefetch("reports", queryset=_latest_published_reports(), to_attr="latest_reports"),
    )
    with translation.override(LANGUAGE):
        content = render_to_string(
            "actionplan/public.html",
            {
                "municipality": promises[0].agreement.municipality,
                "promises": promises,
                "ended": ended,
            },
        )
    response = HttpResponse(content)
    response["Content-Language"] = LANGUAGE
    return response
