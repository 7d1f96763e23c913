"""The plan's follow-up clock ("minst vartannat år") and the promise's renewal clock ("klart
senast årsskiftet aktuellt år"), and the agreement page's panel that shows both."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.clocks import (
    Clock,
    agreement_panel,
    follow_up_reading,
    plan_follow_up_context,
    plan_follow_up_reading,
    promise_renewal_reading,
    promise_renewed,
    with_renewed,
)
from actionplan.models import CitizenPromise, FollowUp
from samverkan.access import Rights
from samverkan.models import add_months
from tests.actionplan.factories import ActionPlanFactory, CitizenPromiseFactory, FollowUpFactory
from tests.helpers import TODAY, at_ten

DECIDED = date(2024, 2, 15)
FOLLOWED_UP = date(2025, 1, 20)
PUBLISHED = CitizenPromise.Status.PUBLISHED


def months(since: date, count: int) -> date:
    return add_months(since, count)


# --- the follow-up clock ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "state"), [(21, Clock.OK), (23, Clock.SOON), (25, Clock.OVERDUE)]
)
def test_the_follow_up_clock_is_ok_at_21_months_soon_at_23_and_overdue_at_25(after, state):
    reading = follow_up_reading(DECIDED, months(DECIDED, after))
    assert reading.state == state
    assert reading.since == DECIDED
    assert reading.soon_from == date(2025, 12, 15)
    assert reading.due_on == date(2026, 2, 15)


def test_the_follow_up_clock_turns_soon_at_22_months_and_overdue_the_day_after_24():
    assert follow_up_reading(DECIDED, date(2025, 12, 14)).state == Clock.OK
    assert follow_up_reading(DECIDED, date(2025, 12, 15)).state == Clock.SOON
    assert follow_up_reading(DECIDED, date(2026, 2, 15)).state == Clock.SOON
    overdue = follow_up_reading(DECIDED, date(2026, 2, 16))
    assert overdue.state == Clock.OVERDUE
    assert overdue.days_overdue == 1
    assert overdue.label == "Försenad"


@pytest.fixture
def plan(laholm):
    return ActionPlanFactory(agreement=laholm, decided_on=DECIDED)


@pytest.mark.parametrize(
    ("after", "state"), [(21, Clock.OK), (23, Clock.SOON), (25, Clock.OVERDUE)]
)
def test_an_adopted_plan_without_follow_up_counts_from_its_decision(plan, after, state):
    reading = plan_follow_up_reading(plan, months(DECIDED, after))
    assert (reading.state, reading.since) == (state, DECIDED)


@pytest.mark.parametrize(
    ("after", "state"), [(21, Clock.OK), (23, Clock.SOON), (25, Clock.OVERDUE)]
)
def test_after_a_completed_follow_up_the_plan_counts_from_its_day(plan, after, state):
    FollowUpFactory(plan=plan, held_on=date(2024, 6, 1))
    FollowUpFactory(plan=plan, held_on=FOLLOWED_UP)
    reading = plan_follow_up_reading(plan, months(FOLLOWED_UP, after))
    assert (reading.state, reading.since) == (state, FOLLOWED_UP)


def test_a_follow_up_not_yet_completed_does_not_restart_the_clock(plan):
    FollowUpFactory(plan=plan, held_on=FOLLOWED_UP, status=FollowUp.Status.DRAFT)
    reading = plan_follow_up_reading(plan, months(DECIDED, 25))
    assert (reading.state, reading.since) == (Clock.OVERDUE, DECIDED)


def test_a_draft_plan_has_no_follow_up_clock(laholm):
    draft = ActionPlanFactory(agreement=laholm, status="draft", decided_by="", decided_on=None)
    assert plan_follow_up_reading(draft, TODAY) is None
    assert plan_follow_up_context(draft, TODAY)["follow_up_reading"] is None


def test_the_plan_pages_follow_up_context_lists_newest_first_in_one_query(plan):
    older = FollowUpFactory(plan=plan, held_on=date(2024, 6, 1))
    newer = FollowUpFactory(plan=plan, held_on=FOLLOWED_UP, status=FollowUp.Status.DRAFT)
    with CaptureQueriesContext(connection) as captured:
        context = plan_follow_up_context(plan, TODAY)
        [str(f.meeting) for f in context["follow_ups"] if f.meeting]
    assert len(captured.captured_queries) <= 2
    assert context["follow_ups"] == [newer, older]
    # The draft follow-up of 2025 does not count: the completed one of 2024 does.
    assert context["follow_up_reading"].since == date(2024, 6, 1)


# --- the renewal clock -----------------------------------------------------------------


@pytest.fixture
def promise(other_agreement):
    """A published promise 2024–2025 of an agreement with no other promise."""
    return CitizenPromiseFactory(
        agreement=other_agreement,
        period_from=date(2024, 1, 1),
        period_to=date(2025, 12, 31),
        status=PUBLISHED,
    )


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (date(2025, 8, 31), Clock.OK),
        (date(2025, 9, 1), Clock.SOON),
        (date(2025, 12, 31), Clock.SOON),
        (date(2026, 1, 1), Clock.OVERDUE),
    ],
)
def test_a_promise_is_due_for_renewal_by_new_year_and_soon_from_1_september(promise, on, state):
    reading = promise_renewal_reading(promise, on, renewed=False)
    assert reading.state == state
    assert (reading.soon_from, reading.due_on) == (date(2025, 9, 1), date(2025, 12, 31))


def test_a_promise_that_ends_mid_year_is_still_due_by_that_years_end(promise):
    promise.period_to = date(2025, 6, 30)
    reading = promise_renewal_reading(promise, date(2025, 10, 1), renewed=False)
    assert (reading.state, reading.due_on) == (Clock.SOON, date(2025, 12, 31))


@pytest.mark.parametrize("on", [date(2025, 9, 1), date(2026, 1, 1), date(2027, 6, 1)])
def test_a_renewed_promise_is_always_in_time(promise, on):
    reading = promise_renewal_reading(promise, on, renewed=True)
    assert (reading.state, reading.renewed) == (Clock.OK, True)


def test_a_later_published_promise_renews_it_but_a_draft_does_not(promise):
    later = CitizenPromiseFactory(
        agreement=promise.agreement, period_from=date(2026, 1, 1), period_to=date(2027, 12, 31)
    )
    assert promise_renewed(promise) is False
    later.status = PUBLISHED
    later.save()
    assert promise_renewed(promise) is True
    assert promise_renewed(later) is False
    annotated = {p.pk: p.renewed for p in with_renewed(CitizenPromise.objects.all())}
    assert (annotated[promise.pk], annotated[later.pk]) == (True, False)


def test_a_promise_of_the_renewed_agreement_renews_the_last_one_of_the_previous(
    laholm, laholm_renewal
):
    last = CitizenPromiseFactory(
        agreement=laholm,
        period_from=date(2026, 1, 1),
        period_to=date(2026, 12, 31),
        status=PUBLISHED,
    )
    assert promise_renewed(last) is False
    CitizenPromiseFactory(
        agreement=laholm_renewal,
        period_from=date(2027, 1, 1),
        period_to=date(2028, 12, 31),
        status=PUBLISHED,
    )
    assert promise_renewed(last) is True


# --- the agreement page's panel --------------------------------------------------------


class Request:
    def __init__(self, user, agreement):
        self.rights = Rights(user, agreement)


def test_the_panel_is_left_out_when_there_is_neither_plan_nor_promise(other_agreement, user):
    ActionPlanFactory(agreement=other_agreement, status="draft", decided_by="", decided_on=None)
    CitizenPromiseFactory(agreement=other_agreement)  # a draft
    assert agreement_panel(Request(user("annan-kommun"), other_agreement), other_agreement) is None


def test_the_panel_reads_the_latest_adopted_plan_and_published_promise_in_two_queries(
    other_agreement, user
):
    request = Request(user("annan-kommun"), other_agreement)
    request.rights.has("samverkan.view_agreement")  # the page has read the rights already
    ActionPlanFactory(agreement=other_agreement, period_from=date(2023, 1, 1))
    latest = ActionPlanFactory(agreement=other_agreement, decided_on=DECIDED)
    FollowUpFactory(plan=latest, held_on=FOLLOWED_UP)
    promise = CitizenPromiseFactory(agreement=other_agreement, status=PUBLISHED)
    CitizenPromiseFactory(agreement=other_agreement, period_from=date(2026, 1, 1))  # draft
    with CaptureQueriesContext(connection) as captured:
        template, context = agreement_panel(request, other_agreement)
    assert len(captured.captured_queries) == 2
    assert template == "actionplan/_agreement_panel.html"
    assert context["plan"] == latest
    assert context["follow_up_reading"].since == FOLLOWED_UP
    assert context["promise"] == promise
    assert context["renewal_reading"].state == Clock.OK


def test_the_agreement_page_shows_both_clocks_with_the_sentences_they_come_from(
    client, laholm, user, time_machine
):
    time_machine.move_to(at_ten(date(2025, 10, 1)))
    ActionPlanFactory(agreement=laholm, title="Åtgärdsplan 2025–2026", decided_on=DECIDED)
    CitizenPromiseFactory(
        agreement=laholm,
        title="Medborgarlöfte 2025",
        period_from=date(2025, 1, 1),
        period_to=date(2025, 12, 31),
        status=PUBLISHED,
    )
    client.force_login(user("frivard"))
    page = client.get(reverse("samverkan:agreement", args=[laholm.pk])).content.decode()
    assert "Åtgärdsplanen ska minst vartannat år följas upp." in page
    assert (
        "Medborgarlöftet förnyas vartannat år och målsättningen är att det skall vara klart "
        "senast årsskiftet aktuellt år."
    ) in page
    assert "Åtgärdsplan 2025–2026" in page
    assert "Planen ska följas upp senast 2026-02-15." in page
    assert "Snart." in page
    assert "Ska vara förnyat senast 2025-12-31, om 91 dagar." in page
