"""Permission-matrix rows of making an annex version from its source (joined in
tests/pages.py): a published lägesbild (annex 1), an adopted åtgärdsplan (annex 3) and a
published medborgarlöfte (annex 2), each POST only.

The coordinator (manage_situation, manage_action_plan) makes them; every other member gets
403, the outsider 404. The rows act on the sources the plan and promise rows build
(tests/actionplan/pages_plans.py, pages_promises.py) and on the agreement's annex of each
kind, made if the agreement has none and with nothing on its way (the Laholm demo's update
of annex 3 on the next council agenda is set aside), so a permitted POST succeeds.
"""

from django.contrib.contenttypes.models import ContentType

from councils.models import AgendaItem
from samverkan.models import Annex, AnnexVersion
from tests.actionplan import pages_plans, pages_promises
from tests.pages import GET, POST, K, Objects, Page

NUMBERS = {
    Annex.Kind.SITUATION_PICTURE: 1,
    Annex.Kind.CITIZEN_PROMISE: 2,
    Annex.Kind.ACTION_PLAN: 3,
}


def free_annex(o: Objects, kind: str) -> Annex:
    """The agreement's annex of `kind` (made if missing) with no version on its way that a
    new one would have to wait for: an unsigned version before the council is removed,
    with its agenda item."""
    annex = o.agreement.annexes.filter(kind=kind).order_by("number").first()
    if annex is None:
        annex = Annex.objects.create(
            agreement=o.agreement, number=NUMBERS[kind], title=Annex.Kind(kind).label, kind=kind
        )
    waiting = list(
        annex.versions.filter(state__in=(AnnexVersion.State.PRESENTED, AnnexVersion.State.DECIDED))
        .filter(signatures=None)
        .values_list("pk", flat=True)
    )
    if waiting:
        AgendaItem.objects.filter(
            subject_type=ContentType.objects.get_for_model(AnnexVersion), subject_id__in=waiting
        ).delete()
        AnnexVersion.objects.filter(pk__in=waiting).delete()
    return annex


class KS:
    """URL kwargs builders: the source, its annex made ready."""

    @staticmethod
    def report(o: Objects) -> dict:
        free_annex(o, Annex.Kind.SITUATION_PICTURE)
        return K.agreement(o) | {"report_pk": pages_plans.basis(o).pk}

    @staticmethod
    def plan(o: Objects) -> dict:
        free_annex(o, Annex.Kind.ACTION_PLAN)
        return pages_plans.KP.plan(o)

    @staticmethod
    def promise(o: Objects) -> dict:
        free_annex(o, Annex.Kind.CITIZEN_PROMISE)
        return K.agreement(o) | {"promise_pk": pages_promises.promise(o).pk}


# fmt: off
PAGES = [
    #    URL name                              kwargs       request  anon, samordnare,
    #                                                                     member, outsider
    Page("situation:report_annex_version",     KS.report,   GET,     302, 405, 403, 404),
    Page("situation:report_annex_version",     KS.report,   POST(),  302, 302, 403, 404),
    Page("actionplan:plan_annex_version",      KS.plan,     GET,     302, 405, 403, 404),
    Page("actionplan:plan_annex_version",      KS.plan,     POST(),  302, 302, 403, 404),
    Page("actionplan:promise_annex_version",   KS.promise,  GET,     302, 405, 403, 404),
    Page("actionplan:promise_annex_version",   KS.promise,  POST(),  302, 302, 403, 404),
]
# fmt: on
