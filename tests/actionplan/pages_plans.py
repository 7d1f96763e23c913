"""The åtgärdsplan and its measures in the one registry (tests/pages.py).

Every member reads the plans, the signatory with no seat (ks-ordforande) too; keeping
them is the coordinator's (manage_action_plan). A measure's status is reported by whoever
holds a seat for its responsible party and by the coordinator: the rows' measure is
Polisen's where the agreement has Polisen (the kommunpolis and the lpo-chef report it;
every other member gets 403), else the first party's.

The rows act on objects of their own, made once per `Objects` (any agreement: the renewal
and the other agreement too): a published lägesbild with one problem and cause, an adopted
plan for the agreement's period with one measure, and a draft plan with one measure (to
adopt, and to remove a measure from). A meeting of the council with an "åtgärdsplanens
status" item shows the plan's measures with inline status forms.
"""

from datetime import timedelta

from django.utils import timezone

from actionplan.models import ActionPlan, Measure
from councils.models import AgendaItem, Meeting
from samverkan.services import version_of
from situation.models import Cause, Problem, SituationReport
from tests.browser.support import empty_form
from tests.pages import GET, POST, K, Objects, Page, Scan

REPORTERS = {"kommunpolis": 200, "lpo-chef": 200}
REPORTED = {"kommunpolis": 302, "lpo-chef": 302}

# Query bounds (today's count + 2).
PLAN_LIST_QUERIES = 13
PLAN_QUERIES = 18
PLAN_HISTORY_QUERIES = 17
MEASURE_QUERIES = 20
# The meeting page with the measures (councils' sections and the panel's one query).
MEASURES_MEETING_QUERIES = 26


def _once(build):
    """A builder of one object per Objects, made when first asked for."""

    def get(o: Objects):
        key = f"plans_{build.__name__}"
        if key not in o.__dict__:
            o.__dict__[key] = build(o)
        return o.__dict__[key]

    get.__name__ = build.__name__
    return get


def _today():
    return timezone.localdate()


@_once
def basis(o: Objects) -> SituationReport:
    """A published lägesbild with an orsaksanalys of one problem and one cause."""
    report = SituationReport.objects.create(
        agreement=o.agreement,
        title="Lägesbild centrum",
        period_from=o.agreement.valid_from,
        period_to=o.agreement.valid_from + timedelta(days=180),
        mapping="Skadegörelse och klotter kring resecentrum.",
        other_information="Trygghetsvandringen pekade ut gångtunneln.",
        analysis="Platsen bör prioriteras.",
        status=SituationReport.Status.PUBLISHED,
    )
    problem = Problem.objects.create(report=report, title="Skadegörelse vid resecentrum", order=1)
    Cause.objects.create(problem=problem, side=Cause.Side.PLACE, description="Mörk gångtunnel.")
    return report


def cause(o: Objects) -> Cause:
    return Cause.objects.get(problem__report=basis(o))


def responsible(o: Objects):
    """Polisen where the agreement has it, else its first party."""
    parties = o.agreement.parties.order_by("order", "pk")
    return parties.filter(short_name="Polisen").first() or parties.first()


def _measure(plan: ActionPlan, o: Objects, title: str) -> Measure:
    return Measure.objects.create(
        plan=plan,
        number=1,
        cause=cause(o),
        title=title,
        goal="Färre anmälda skadegörelsebrott vid resecentrum.",
        starts_on=o.agreement.valid_from,
        ends_on=o.agreement.valid_to,
        responsible=responsible(o),
        status=Measure.Status.ONGOING,
        indicator="Anmälda skadegörelsebrott",
    )


@_once
def plan(o: Objects) -> ActionPlan:
    """An adopted plan for the agreement's period, with one measure."""
    adopted = ActionPlan.objects.create(
        agreement=o.agreement,
        title="Åtgärdsplan för centrum",
        period_from=o.agreement.valid_from,
        period_to=o.agreement.valid_to,
        report=basis(o),
        summary="Planen riktar sig mot skadegörelsen kring resecentrum.",
        status=ActionPlan.Status.ADOPTED,
        decided_by="Kommunstyrelsen",
        decided_on=o.agreement.valid_from,
        case_number="KS 2024/17",
    )
    _measure(adopted, o, "Belysning i gångtunneln")
    return adopted


@_once
def draft_plan(o: Objects) -> ActionPlan:
    draft = ActionPlan.objects.create(
        agreement=o.agreement,
        title="Åtgärdsplan, utkast",
        period_from=o.agreement.valid_from,
        period_to=o.agreement.valid_to,
        report=basis(o),
        status=ActionPlan.Status.DRAFT,
    )
    _measure(draft, o, "Trygghetsvandring i centrum")
    return draft


def measure(o: Objects) -> Measure:
    return plan(o).measures.get()


def draft_measure(o: Objects) -> Measure:
    return draft_plan(o).measures.get()


@_once
def measures_meeting(o: Objects) -> Meeting:
    """A convened council meeting a week ahead with an "åtgärdsplanens status" item."""
    plan(o)
    meeting = o._new_meeting(Meeting.Status.SCHEDULED)
    AgendaItem.objects.create(
        meeting=meeting, order=1, title="Åtgärdsplanens status", kind="action_plan_status"
    )
    return meeting


class KP:
    """URL kwargs builders."""

    @staticmethod
    def plan(o: Objects) -> dict:
        return K.agreement(o) | {"plan_pk": plan(o).pk}

    @staticmethod
    def draft(o: Objects) -> dict:
        return K.agreement(o) | {"plan_pk": draft_plan(o).pk}

    @staticmethod
    def measure(o: Objects) -> dict:
        return KP.plan(o) | {"measure_pk": measure(o).pk}

    @staticmethod
    def draft_measure(o: Objects) -> dict:
        return KP.draft(o) | {"measure_pk": draft_measure(o).pk}

    @staticmethod
    def meeting(o: Objects) -> dict:
        m = measures_meeting(o)
        return K.agreement(o) | {"body_pk": m.body_id, "meeting_pk": m.pk}


def _plan_fields(o: Objects, title: str) -> dict:
    return {
        "title": title,
        "period_from": o.agreement.valid_from.isoformat(),
        "period_to": o.agreement.valid_to.isoformat(),
        "report": basis(o).pk,
        "summary": "Planen bygger på lägesbilden för centrum.",
    }


def _measure_fields(o: Objects, title: str) -> dict:
    return {
        "number": "",
        "cause": cause(o).pk,
        "title": title,
        "description": "",
        "goal": "Fler känner sig trygga i centrum på kvällen.",
        "starts_on": _today().isoformat(),
        "ends_on": o.agreement.valid_to.isoformat(),
        "responsible": responsible(o).pk,
        "commitment": "",
        "indicator": "Andel trygga i trygghetsenkäten",
    }


class DP:
    """POST data builders: valid forms, so a permitted POST succeeds (302)."""

    @staticmethod
    def new_plan(o: Objects) -> dict:
        return _plan_fields(o, "Åtgärdsplan 2025")

    @staticmethod
    def plan(o: Objects) -> dict:
        return _plan_fields(o, "Åtgärdsplan för centrum") | {"version": version_of(plan(o))}

    @staticmethod
    def adopt(o: Objects) -> dict:
        return {
            "decided_by": "Kommunstyrelsen",
            "decided_on": _today().isoformat(),
            "case_number": "KS 2025/88",
            "version": version_of(draft_plan(o)),
        }

    @staticmethod
    def new_measure(o: Objects) -> dict:
        return _measure_fields(o, "Fältassistenter på kvällstid")

    @staticmethod
    def measure(o: Objects) -> dict:
        m = measure(o)
        return _measure_fields(o, m.title) | {"number": m.number, "version": version_of(m)}

    @staticmethod
    def status(o: Objects) -> dict:
        return {"status": "ongoing", "on": _today().isoformat(), "comment": "Lamporna beställda."}


# fmt: off
PAGES = [
    #    URL name                         kwargs           request              anon, samordnare,
    #                                                                              member, outsider
    Page("actionplan:plan_list",          K.agreement,     GET,                 302, 200, 200, 404,
         queries=PLAN_LIST_QUERIES, label="action plan list", scans=(Scan("action plan list"),)),
    Page("actionplan:plan_create",        K.agreement,     GET,                 302, 200, 403, 404,
         scans=(Scan("action plan form"),
                Scan("action plan form with errors", act=empty_form))),
    Page("actionplan:plan_create",        K.agreement,     POST(DP.new_plan),   302, 302, 403, 404),
    Page("actionplan:plan_detail",        KP.plan,         GET,                 302, 200, 200, 404,
         queries=PLAN_QUERIES, label="action plan",
         scans=(Scan("action plan"), Scan("action plan as a member", user="kommunpolis"))),
    Page("actionplan:plan_edit",          KP.plan,         GET,                 302, 200, 403, 404,
         scans=(Scan("action plan edit form"),)),
    Page("actionplan:plan_edit",          KP.plan,         POST(DP.plan),       302, 302, 403, 404),
    Page("actionplan:plan_adopt",         KP.draft,        GET,                 302, 200, 403, 404,
         scans=(Scan("action plan decision form"),
                Scan("action plan decision form with errors", act=empty_form))),
    Page("actionplan:plan_adopt",         KP.draft,        POST(DP.adopt),      302, 302, 403, 404),
    Page("actionplan:plan_history",       KP.plan,         GET,                 302, 200, 200, 404,
         queries=PLAN_HISTORY_QUERIES, label="action plan history",
         scans=(Scan("action plan history"),)),
    Page("actionplan:measure_create",     KP.plan,         GET,                 302, 200, 403, 404,
         scans=(Scan("measure form"), Scan("measure form with errors", act=empty_form))),
    Page("actionplan:measure_create",     KP.plan,         POST(DP.new_measure),
         302, 302, 403, 404),
    Page("actionplan:measure_detail",     KP.measure,      GET,                 302, 200, 200, 404,
         queries=MEASURE_QUERIES, label="measure", scans=(Scan("measure"),)),
    Page("actionplan:measure_edit",       KP.measure,      GET,                 302, 200, 403, 404,
         scans=(Scan("measure edit form"),)),
    Page("actionplan:measure_edit",       KP.measure,      POST(DP.measure),    302, 302, 403, 404),
    Page("actionplan:measure_delete",     KP.draft_measure, GET,                302, 405, 403, 404),
    Page("actionplan:measure_delete",     KP.draft_measure, POST(),             302, 302, 403, 404),
    Page("actionplan:measure_status",     KP.measure,      GET,                 302, 200, 403, 404,
         others=REPORTERS,
         scans=(Scan("measure status form"),
                Scan("measure status form as the responsible party", user="kommunpolis"),
                Scan("measure status form with errors", act=empty_form))),
    Page("actionplan:measure_status",     KP.measure,      POST(DP.status),     302, 302, 403, 404,
         others=REPORTED),
    # The meeting page with the plan's measures (actionplan/panels.py).
    Page("councils:meeting",              KP.meeting,      GET,                 302, 200, 200, 404,
         variant="measures", queries=MEASURES_MEETING_QUERIES, label="meeting with measures",
         scans=(Scan("meeting page with measures"),
                Scan("meeting page with measures as the responsible party", user="kommunpolis"))),
]
# fmt: on
