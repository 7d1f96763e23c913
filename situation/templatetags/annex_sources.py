"""The annex a source (a lägesbild, an åtgärdsplan, a medborgarlöfte) becomes, on the
source's page: `{% annex_source report "situation_picture" "samverkan.manage_situation"
make_url %}` shows the latest version made from this source with its state, linking to
it, and to whoever holds `perm` the button that makes a new version (POST to `action`).

One query, however many versions there are: the agreement's annex of that kind with its
latest version from this source as subqueries. Generic on purpose, so the apps above
(actionplan) use it without this app knowing them."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery

from samverkan.models import AnnexVersion

register = template.Library()


@register.inclusion_tag("situation/_annex_source.html", takes_context=True)
def annex_source(context, source, kind: str, perm: str, action: str) -> dict:
    request = context["request"]
    latest = AnnexVersion.objects.filter(
        annex=OuterRef("pk"),
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
    ).order_by("-number")[:1]
    annex = (
        source.agreement.annexes.filter(kind=kind)
        .annotate(
            latest_pk=Subquery(latest.values("pk")),
            latest_number=Subquery(latest.values("number")),
            latest_state=Subquery(latest.values("state")),
        )
        .order_by("number")
        .first()
    )
    rights = getattr(request, "rights", None)
    return {
        "agreement": source.agreement,
        "annex": annex,
        "state": AnnexVersion.State(annex.latest_state).label if annex and annex.latest_pk else "",
        "may_make": annex is not None and rights is not None and rights.has(perm),
        "action": action,
        "csrf_token": context.get("csrf_token"),
    }
