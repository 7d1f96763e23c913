"""The plan's follow-ups and its export in the one registry (tests/pages.py).

Every member reads a follow-up and downloads the plan (the signatory with no seat too);
starting, writing and completing a follow-up is the coordinator's (MANAGE): 403 for the
other members, 404 for the outsider. The rows act on an adopted plan of their own, made
once per `Objects` (any agreement: the renewal and the other agreement too), with two
measures and a follow-up held yesterday that is not yet completed.
"""

from datetime import timedelta

from django.utils import timezone

from actionplan.models import ActionPlan, FollowUp, Measure, Outcome
from actionplan.services.followups import follow_up_version
from tests.browser.support import empty_form
from tests.pages import GET, POST, K, Objects, Page, Scan

# Query bounds (today's count + 2).
FOLLOW_UP_QUERIES = 15
EXPORT_QUERIES = 10


def _once(build):
    """A builder of one object per Objects, made when first asked for."""

    def get(o: Objects):
        key = f"followups_{build.__name__}"
        if key not in o.__dict__:
            o.__dict__[key] = build(o)
        return o.__dict__[key]

    get.__name__ = build.__name__
    return get


def _today():
    return timezone.localdate()


@_once
def plan(o: Objects) -> ActionPlan:
    """An adopted plan with two measures of different parties, one with a contributor."""
    today = _today()
    adopted = ActionPlan.objects.create(
        agreement=o.agreement,
        title="Åtgärdsplan för uppföljning",
        period_from=today - timedelta(days=365),
        period_to=today + timedelta(days=365),
        status=ActionPlan.Status.ADOPTED,
        decided_by="Kommunstyrelsen",
        decided_on=today - timedelta(days=300),
        case_number="KS 2024/77",
    )
    parties = list(o.agreement.parties.order_by("order", "pk"))
    for number, title in enumerate(("Trygghetsvandringar vid resecentrum", "Klotterjour"), 1):
        measure = Measure.objects.create(
            plan=adopted,
            number=number,
            title=title,
            goal="Färre anmälda brott i centrum.",
            starts_on=today - timedelta(days=200),
            ends_on=today + timedelta(days=100),
            responsible=parties[(number - 1) % len(parties)],
            status=Measure.Status.ONGOING,
            indicator="Anmälda skadegörelsebrott",
        )
        measure.contributors.set(parties[1:2])
    return adopted


@_once
def follow_up(o: Objects) -> FollowUp:
    """A follow-up held yesterday, not yet completed, with an outcome for each measure
    (ready to be completed)."""
    held = FollowUp.objects.create(
        plan=plan(o),
        held_on=_today() - timedelta(days=1),
        summary="Planen gick igenom i den operativa gruppen.",
        status=FollowUp.Status.DRAFT,
    )
    for measure in plan(o).measures.order_by("number"):
        Outcome.objects.create(
            follow_up=held,
            measure=measure,
            outcome="Tolv vandringar genomförda.",
            effect=Outcome.Effect.PARTLY,
        )
    return held


class KF:
    """URL kwargs builders."""

    @staticmethod
    def plan(o: Objects) -> dict:
        return K.agreement(o) | {"plan_pk": plan(o).pk}

    @staticmethod
    def follow_up(o: Objects) -> dict:
        return KF.plan(o) | {"follow_up_pk": follow_up(o).pk}


class DF:
    """POST data builders: valid forms, so a permitted POST succeeds (302)."""

    @staticmethod
    def new_follow_up(o: Objects) -> dict:
        return {"held_on": _today().isoformat(), "summary": "Halvtidsuppföljning.", "meeting": ""}

    @staticmethod
    def follow_up(o: Objects) -> dict:
        f = follow_up(o)
        data = {
            "version": follow_up_version(f),
            "held_on": f.held_on.isoformat(),
            "summary": f.summary,
            "meeting": "",
        }
        for measure in plan(o).measures.all():
            data[f"outcome_{measure.pk}"] = "Genomförd enligt plan."
            data[f"effect_{measure.pk}"] = Outcome.Effect.TOO_EARLY
        return data


# fmt: off
PAGES = [
    #    URL name                         kwargs        request                 anon, samordnare,
    #                                                                               member, outsider
    Page("actionplan:follow_up_create",   KF.plan,      GET,                    302, 200, 403, 404,
         scans=(Scan("follow-up create form"),
                Scan("follow-up form with errors", act=empty_form))),
    Page("actionplan:follow_up_create",   KF.plan,      POST(DF.new_follow_up), 302, 302, 403, 404),
    Page("actionplan:follow_up_detail",   KF.follow_up, GET,                    302, 200, 200, 404,
         queries=FOLLOW_UP_QUERIES, label="plan follow-up",
         scans=(Scan("plan follow-up"), Scan("plan follow-up as a member", user="kommunpolis"))),
    Page("actionplan:follow_up_edit",     KF.follow_up, GET,                    302, 200, 403, 404,
         scans=(Scan("follow-up outcomes form"),)),
    Page("actionplan:follow_up_edit",     KF.follow_up, POST(DF.follow_up),     302, 302, 403, 404),
    Page("actionplan:follow_up_complete", KF.follow_up, GET,                    302, 405, 403, 404),
    Page("actionplan:follow_up_complete", KF.follow_up, POST(),                 302, 302, 403, 404),
    # Downloads, not web pages: not scanned.
    Page("actionplan:plan_xlsx",          KF.plan,      GET,                    302, 200, 200, 404,
         queries=EXPORT_QUERIES, label="plan xlsx"),
    Page("actionplan:plan_csv",           KF.plan,      GET,                    302, 200, 200, 404,
         queries=EXPORT_QUERIES, label="plan csv"),
]
# fmt: on
