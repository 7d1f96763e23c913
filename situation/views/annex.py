"""Make a new version of an annex from its source: the lägesbild here (annex 1); the
åtgärdsplan and the medborgarlöfte use the same steps (actionplan/views/annex.py).

The source app builds the snapshot and hands it to samverkan (annex_version_make), which
keeps the version's rules: a second click replaces the draft instead of adding one, and
no version is made while another is before the council or awaiting signatures."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan import annexes
from samverkan.formpage import post_action
from samverkan.models import Annex, AnnexVersion

from ..annex import report_snapshot
from ..models import MANAGE, SituationReport
from .reports import report_url, report_view


def version_url(version: AnnexVersion) -> str:
    return reverse("samverkan:version", args=[version.agreement_id, version.pk])


def annex_version_from(
    request,
    agreement,
    *,
    kind: str,
    source,
    ready: str | None,
    snapshot: Callable[[], dict],
    back_url: str,
):
    """POST: a version of the agreement's annex of `kind` from `source`, then to the
    version; `ready` is None when the source may become an annex, else why not. Refusals
    come back to the source's page as an error message."""
    made: list[AnnexVersion] = []

    def run():
        if ready is not None:
            raise ValidationError(ready)
        annex = agreement.annexes.filter(kind=kind).order_by("number").first()
        if annex is None:
            raise ValidationError(
                _("Överenskommelsen har ingen bilaga av typen %(kind)s.")
                % {"kind": Annex.Kind(kind).label}
            )
        version = annexes.annex_version_make(
            agreement=agreement,
            annex=annex,
            snapshot=snapshot(),
            source=source,
            source_label=str(source),
            by=request.user,
        )
        version.annex = annex
        made.append(version)
        return _(
            "Bilaga %(annex)s version %(number)s är ett utkast med innehållet i %(source)s. "
            "Granska det och sätt upp det på strategiska rådets dagordning."
        ) % {"annex": annex.number, "number": version.number, "source": source}

    target = lazy(lambda: version_url(made[0]) if made else back_url, str)()
    return post_action(request, run, redirect_to=target)


@report_view(MANAGE)
@require_POST
def report_annex_version(request, agreement, report):
    published = report.status == SituationReport.Status.PUBLISHED
    return annex_version_from(
        request,
        agreement,
        kind=Annex.Kind.SITUATION_PICTURE,
        source=report,
        ready=None if published else _("Publicera lägesbilden innan den blir en bilaga."),
        snapshot=lambda: report_snapshot(report),
        back_url=report_url(report),
    )
