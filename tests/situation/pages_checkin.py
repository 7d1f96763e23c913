"""The weekly check-in (avstämning) in the one registry (tests/pages.py): the week page,
risk levels, quick actions and their follow-up, and the trends.

Whoever reads the situation picture reads the weeks and the trends (the "member" column);
the signatory with no seat (ks-ordforande) gets 403. Setting risk levels and deciding or
following up quick actions is the operative group's (assess_situation): the coordinator
and ASSESSORS; other members get 403. The outsider is the coordinator of a strategic
council only at home, so they read their weeks but assess nothing there (`at_home=403`).

The rows act on this week (weeks.current: the agreement's last week once it has ended)
with data of their own, made once per `Objects` (any agreement): five weeks of reports in
one area (the week before this one's reported late), this week's risk level set and then
changed, last week's level, an action decided this week and one of last week's due for
follow-up this week. Made with the ORM: the services refuse a week that has not begun,
which this week of an agreement yet to begin is.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from samverkan.services import version_of
from situation import weeks
from situation.models import (
    Area,
    Observation,
    ObservationCategory,
    QuickAction,
    RiskAssessment,
    WeeklyReport,
)
from tests.pages import COORDINATOR, GET, POST, K, Objects, Page, Scan
from tests.situation.factories import AreaFactory

NO_SEAT = "ks-ordforande"  # a signatory who holds no seat: no part in the situation picture
# The operative group besides the coordinator: they assess the weeks.
ASSESSORS = ("kommunpolis", "frivard", "forvaltning")
READERS = {NO_SEAT: 403}

# Query bounds (today's count + 2).
WEEK_QUERIES = 22
TRENDS_QUERIES = 15


AREA = "Skummeslövsstrand"  # in the demo, without weekly data of its own
THIS_WHAT = "Sanera klottret vid busshållplatsen."
EARLIER_WHAT = "Laga belysningen i gångtunneln."


@dataclass(frozen=True)
class CheckinWeek:
    monday: date
    area: Area
    assessment: RiskAssessment
    action: QuickAction  # decided this week
    earlier_action: QuickAction  # decided last week, due for follow-up this week


def _saved(instance, by):
    instance._history_user = by
    instance.save()
    return instance


def _build(o: Objects) -> CheckinWeek:
    agreement = o.agreement
    by = get_user_model().objects.get(username=COORDINATOR)
    monday = weeks.current(agreement)
    area = AreaFactory(agreement=agreement, name=AREA)
    categories = list(agreement.observation_categories.filter(active=True).order_by("order"))
    count = next(c for c in categories if c.measure == ObservationCategory.Measure.COUNT)
    scale = next(c for c in categories if c.measure == ObservationCategory.Measure.SCALE)
    for n, week in enumerate([*weeks.weeks_before(monday, 4), monday]):
        report = WeeklyReport.objects.create(
            agreement=agreement,
            party=o.party,
            author=by,
            area=area,
            week=week,
            note="Lugnt på stranden, mer klotter vid busshållplatsen.",
            submitted_at=timezone.now(),
            late=n == 3,
        )
        Observation.objects.bulk_create(
            [
                Observation(report=report, category=count, value=n + 1, note="Vid hållplatsen"),
                Observation(report=report, category=scale, value=n % 4),
            ]
        )
    previous = monday - weeks.WEEK
    RiskAssessment.objects.create(
        agreement=agreement,
        area=area,
        week=previous,
        level=RiskAssessment.Level.LOW,
        reason="Inget särskilt rapporterat.",
        set_by=by,
    )
    assessment = _saved(
        RiskAssessment(
            agreement=agreement,
            area=area,
            week=monday,
            level=RiskAssessment.Level.ELEVATED,
            reason="Klottret vid busshållplatsen ökar.",
            set_by=by,
        ),
        by,
    )
    assessment.level = RiskAssessment.Level.HIGH
    assessment.reason = "Klottret ökar och två bränder i papperskorgar."
    _saved(assessment, by)
    follow_up_on = min(monday + weeks.WEEK, agreement.valid_to)
    action = _saved(
        QuickAction(
            agreement=agreement,
            area=area,
            week=monday,
            what=THIS_WHAT,
            responsible_party=o.party,
            follow_up_on=follow_up_on,
            created_by=by,
        ),
        by,
    )
    earlier_action = _saved(
        QuickAction(
            agreement=agreement,
            area=area,
            week=previous,
            what=EARLIER_WHAT,
            responsible_party=o.party,
            follow_up_on=monday,
            created_by=by,
        ),
        by,
    )
    return CheckinWeek(monday, area, assessment, action, earlier_action)


def _made_before(o: Objects) -> CheckinWeek | None:
    """The data a builder of another Objects made in this test already, if any."""
    monday = weeks.current(o.agreement)
    area = o.agreement.areas.filter(name=AREA).first()
    earlier = QuickAction.objects.filter(area=area, week=monday - weeks.WEEK, what=EARLIER_WHAT)
    if area is None or not earlier.exists():
        return None
    return CheckinWeek(
        monday,
        area,
        RiskAssessment.objects.get(area=area, week=monday),
        QuickAction.objects.get(area=area, week=monday, what=THIS_WHAT),
        earlier.get(),
    )


def checkin_week(o: Objects) -> CheckinWeek:
    """This week with its data, made once per agreement and test."""
    if "checkin_week" not in o.__dict__:
        o.__dict__["checkin_week"] = _made_before(o) or _build(o)
    return o.__dict__["checkin_week"]


class KC:
    """URL kwargs builders."""

    @staticmethod
    def week(o: Objects) -> dict:
        year, week = weeks.iso(checkin_week(o).monday)
        return K.agreement(o) | {"year": year, "week": week}

    @staticmethod
    def trends(o: Objects) -> dict:
        checkin_week(o)
        return K.agreement(o)

    @staticmethod
    def risk(o: Objects) -> dict:
        return KC.week(o) | {"area_pk": checkin_week(o).area.pk}

    @staticmethod
    def action(o: Objects) -> dict:
        return K.agreement(o) | {"action_pk": checkin_week(o).earlier_action.pk}


class DC:
    """POST data builders: valid forms, so a permitted POST succeeds (302)."""

    @staticmethod
    def risk(o: Objects) -> dict:
        assessment = checkin_week(o).assessment
        return {
            "level": RiskAssessment.Level.ELEVATED,
            "reason": "Klottret har sanerats men bränderna återkommer.",
            "version": version_of(assessment),
        }

    @staticmethod
    def action(o: Objects) -> dict:
        data = checkin_week(o)
        return {
            "area": data.area.pk,
            "what": "Extra tillsyn vid busshållplatsen kvällstid.",
            "responsible_party": o.party.pk,
            "follow_up_on": min(data.monday + weeks.WEEK, o.agreement.valid_to).isoformat(),
        }

    @staticmethod
    def follow_up(o: Objects) -> dict:
        action = checkin_week(o).earlier_action
        return {
            "status": QuickAction.Status.DONE,
            "outcome": "Belysningen är lagad.",
            "version": version_of(action),
        }


def _submit_expecting_errors(page) -> None:
    with page.expect_navigation() as navigation:
        page.click("main form.form button[type=submit]")
    status = navigation.value.status if navigation.value else None
    assert status == 200, f"the form answered {status}, expected it re-rendered (200)"
    assert page.locator(".error-summary").is_visible(), "no error summary after submitting"


def risk_without_reason(page) -> None:
    """Scan action: clear the reason and save."""
    page.fill("#id_reason", "")
    _submit_expecting_errors(page)


def done_without_outcome(page) -> None:
    """Scan action: mark the action done without saying what came of it."""
    page.check("#id_status_1")
    page.fill("#id_outcome", "")
    _submit_expecting_errors(page)


def action_without_anything(page) -> None:
    """Scan action: save the new action with no text and no follow-up day."""
    page.fill("#id_what", "")
    page.fill("#id_follow_up_on", "")
    _submit_expecting_errors(page)


ASSESS_GET = dict.fromkeys(ASSESSORS, 200)
ASSESS_POST = dict.fromkeys(ASSESSORS, 302)

# fmt: off
PAGES = [
    #    URL name                       kwargs       request               anon, samordnare,
    #                                                                             member, outsider
    Page("situation:current_week",      K.agreement, GET,                  302, 302, 302, 404,
         others=READERS),
    Page("situation:week",              KC.week,     GET,                  302, 200, 200, 404,
         others=READERS, queries=WEEK_QUERIES, label="checkin week",
         scans=(Scan("checkin week with data"),
                Scan("checkin week as a reader", user="sakerhetschef"))),
    Page("situation:risk_set",          KC.risk,     GET,                  302, 200, 403, 404,
         others=ASSESS_GET, at_home=403,
         scans=(Scan("checkin risk form"),
                Scan("checkin risk form with errors", act=risk_without_reason))),
    Page("situation:risk_set",          KC.risk,     POST(DC.risk),        302, 302, 403, 404,
         others=ASSESS_POST, at_home=403),
    Page("situation:action_add",        KC.week,     GET,                  302, 200, 403, 404,
         others=ASSESS_GET, at_home=403,
         scans=(Scan("checkin action form"),
                Scan("checkin action form with errors", act=action_without_anything))),
    Page("situation:action_add",        KC.week,     POST(DC.action),      302, 302, 403, 404,
         others=ASSESS_POST, at_home=403),
    Page("situation:action_follow_up",  KC.action,   GET,                  302, 200, 403, 404,
         others=ASSESS_GET, at_home=403,
         scans=(Scan("checkin follow-up form"),
                Scan("checkin follow-up form with errors", act=done_without_outcome))),
    Page("situation:action_follow_up",  KC.action,   POST(DC.follow_up),   302, 302, 403, 404,
         others=ASSESS_POST, at_home=403),
    Page("situation:trends",            KC.trends,   GET,                  302, 200, 200, 404,
         others=READERS, queries=TRENDS_QUERIES, label="checkin trends",
         scans=(Scan("checkin trends"),)),
]
# fmt: on
