"""The annual plan: the year's ordinary meetings proposed from the body's cadence, then
confirmed in one step."""

from datetime import date

import holidays
import pytest

from councils.models import Meeting
from councils.services import invitations
from councils.services import meetings as services
from tests.helpers import refusal

YEAR = 2027  # a whole year of the renewal, which has no meetings yet (the demo's are 2026)


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def renewal_council(laholm_renewal):
    return laholm_renewal.bodies.get(kind="strategic")


@pytest.fixture
def propose(coordinator):
    def run(body, year=YEAR, **kwargs):
        return services.annual_plan_propose(body=body, year=year, by=coordinator, **kwargs)

    return run


def days_of(meetings) -> list[date]:
    return [m.date for m in meetings]


@pytest.mark.parametrize(("kind", "count", "extended"), [("strategic", 4, 2), ("operative", 6, 0)])
def test_the_plan_meets_the_bodys_cadence(laholm_renewal, propose, kind, count, extended):
    body = laholm_renewal.bodies.get(kind=kind)
    proposed = propose(body)
    assert len(proposed) == count
    assert sum(m.extended for m in proposed) == extended
    assert {(m.kind, m.status) for m in proposed} == {("ordinary", "draft")}
    assert len(set(days_of(proposed))) == count


@pytest.mark.parametrize("kind", ["strategic", "operative"])
def test_the_plan_skips_weekends_swedish_holidays_and_july(laholm_renewal, propose, kind):
    proposed = propose(laholm_renewal.bodies.get(kind=kind))
    public_holidays = holidays.country_holidays("SE", years=YEAR)
    for day in days_of(proposed):
        assert day.weekday() < 5, day
        assert day not in public_holidays, day
        assert day.month != 7, day
        assert day.year == YEAR


def test_the_plan_spreads_the_meetings_over_the_year_at_the_default_time(renewal_council, propose):
    proposed = propose(renewal_council)
    # Four meetings, one in each quarter of the working year, 13:00–15:00 Stockholm time.
    assert [(m.date.month - 1) // 3 + 1 for m in proposed] == [1, 2, 3, 4]
    assert {m.when().split(" ", 4)[-1] for m in proposed} == {"13:00–15:00"}
    # The extended meetings spread out too: the second and the fourth.
    assert [m.extended for m in proposed] == [False, True, False, True]


def test_the_proposed_meetings_get_the_standing_items(renewal_council, propose):
    first = propose(renewal_council)[0]
    assert [i.title for i in first.items.all()] == [
        "Aktuell lägesbild",
        "Arbete med beslutade åtgärder",
        "Medborgarlöfte och uppföljning",
    ]


def test_proposing_twice_proposes_nothing_more(laholm_renewal, propose):
    group = laholm_renewal.bodies.get(kind="operative")
    propose(group)
    events = laholm_renewal.events.count()
    assert propose(group) == []
    assert group.meetings.in_year(YEAR).count() == 6
    assert laholm_renewal.events.count() == events


def test_ordinary_meetings_already_planned_count_towards_the_cadence(
    renewal_council, propose, user
):
    council = renewal_council
    planned = services.meeting_schedule(
        body=council,
        kind="ordinary",
        starts_at=services._at(date(YEAR, 3, 3), services.PLAN_STARTS),
        ends_at=services._at(date(YEAR, 3, 3), services.PLAN_ENDS),
        extended=True,
        by=user("samordnare"),
    )
    proposed = propose(council)
    assert len(proposed) == 3
    assert sum(m.extended for m in [planned, *proposed]) == 2
    assert planned.date not in days_of(proposed)


def test_cancelled_and_extra_meetings_do_not_count(renewal_council, propose, user):
    council, coordinator = renewal_council, user("samordnare")
    for kind in ("ordinary", "extra"):
        meeting = services.meeting_schedule(
            body=council,
            kind=kind,
            starts_at=services._at(date(YEAR, 3, 3), services.PLAN_STARTS),
            ends_at=services._at(date(YEAR, 3, 3), services.PLAN_ENDS),
            by=coordinator,
        )
        if kind == "ordinary":
            services.meeting_cancel(meeting=meeting, reason="Flyttat", by=coordinator)
    assert len(propose(council)) == 4


@pytest.mark.usefixtures("without_the_demos_held_meeting")
def test_the_current_year_is_planned_from_tomorrow(council, propose):
    proposed = propose(council, year=2025)
    assert len(proposed) == 4
    assert min(days_of(proposed)) > date(2025, 3, 12)


def test_the_plan_stays_inside_the_agreement(laholm_renewal, propose):
    council = laholm_renewal.bodies.get(kind="strategic")
    error = refusal(propose, council, year=2030)
    assert error.message_dict == {
        "year": ["Överenskommelsen gäller inte 2030 (2027-01-01–2029-12-31)."]
    }


def test_the_plan_is_logged_once(laholm_renewal, renewal_council, propose):
    propose(renewal_council)
    event = laholm_renewal.events.order_by("-pk").first()
    assert event.sentence == "Årsplan 2027 för Strategiskt råd: 4 ordinarie möten föreslogs"


def test_confirming_the_plan_convenes_every_draft_of_the_year(
    django_capture_on_commit_callbacks, monkeypatch, renewal_council, propose, coordinator
):
    council = renewal_council
    invited = []
    monkeypatch.setattr(
        invitations, "invitees_from_roster", lambda *, meeting, by: invited.append(meeting.pk)
    )
    monkeypatch.setattr(invitations, "meeting_changed", lambda *, meeting, by: None)
    proposed = propose(council)
    other_year = propose(council, year=2028)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.annual_plan_confirm(body=council, year=YEAR, by=coordinator)
    assert sorted(m.pk for m in confirmed) == sorted(m.pk for m in proposed)
    assert set(
        Meeting.objects.filter(pk__in=[m.pk for m in proposed]).values_list("status", flat=True)
    ) == {"scheduled"}
    assert sorted(invited) == sorted(m.pk for m in proposed)
    assert {m.status for m in Meeting.objects.filter(pk__in=[m.pk for m in other_year])} == {
        "draft"
    }
    assert services.annual_plan_confirm(body=council, year=YEAR, by=coordinator) == []


@pytest.mark.usefixtures("without_the_demos_held_meeting")
def test_a_plan_in_december_still_finds_distinct_days(council, propose):
    proposed = propose(council, year=2025, on=date(2025, 12, 17))
    days = days_of(proposed)
    assert len(days) == len(set(days)) == 4
    assert all(date(2025, 12, 18) <= day <= date(2025, 12, 30) for day in days)
    assert date(2025, 12, 24) not in days and date(2025, 12, 26) not in days
