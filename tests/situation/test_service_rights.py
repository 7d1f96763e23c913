"""The situation picture's services refuse an actor without the right, whoever calls them
(a view, a command, the admin): the rule lives in the service, not only in the view."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from situation import weeks
from situation.services import checkin, feedback, lists, reports, requests, weekly
from tests.helpers import TODAY

pytestmark = pytest.mark.django_db


def _calls(laholm):
    area = laholm.areas.first()
    report = laholm.situation_reports.first()
    return {
        "area_add": lambda by: lists.area_add(agreement=laholm, name="Hamnen", by=by),
        "request_send": lambda by: requests.request_send(
            agreement=laholm, title="Inför mötet", due_on=TODAY + timedelta(days=3), by=by
        ),
        "report_publish": lambda by: reports.report_publish(report=report, by=by),
        "checklist_add": lambda by: weekly.checklist_add(
            agreement=laholm, name="Bilbränder", measure="count", by=by
        ),
        "feedback_send": lambda by: feedback.feedback_send(
            agreement=laholm, week=weeks.current(laholm) - weeks.WEEK, by=by
        ),
        "risk_set": lambda by: checkin.risk_set(
            agreement=laholm,
            area=area,
            week=weeks.current(laholm),
            level="low",
            reason="Lugnt.",
            by=by,
        ),
    }


@pytest.mark.parametrize(
    ("call", "username"),
    [
        ("area_add", "forvaltning"),
        ("request_send", "kommunpolis"),
        ("report_publish", "sakerhetschef"),
        ("checklist_add", "frivard"),
        ("feedback_send", "kommunpolis"),
        ("risk_set", "sakerhetschef"),  # on the council, not in the operative group
    ],
)
def test_a_service_refuses_a_member_without_the_right(laholm, user, call, username):
    with pytest.raises(PermissionDenied):
        _calls(laholm)[call](user(username))
