"""The compliance clock (samverkan/compliance.py and the apps' checks): each rule at its
boundaries on explicit days, the Efterlevnad page and the agreement page's panel, who sees
them, their fixed query counts, and the demo on 2026-11-27."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.compliance import follow_up_check, promise_check
from councils.compliance import assignments_check, meeting_status, meetings_check, part_ends
from councils.models import Assignment, Body, Meeting
from samverkan.compliance import Status, annex_versions_check, clock, validity_check
from samverkan.models import Agreement
from situation.compliance import full_update_check
from tests.factories import AgreementFactory, BodyFactory, MeetingFactory
from tests.helpers import at_ten


def one(items, key_start: str):
    [found] = [i for i in items if i.key.startswith(key_start)]
    return found


# --- the agreement's validity ------------------------------------------------------------


@pytest.fixture
def period(db) -> Agreement:
    return AgreementFactory(valid_from=date(2024, 1, 1), valid_to=date(2026, 12, 31))


@pytest.mark.parametrize(
    ("day", "status", "days"),
    [
        (date(2026, 6, 30), Status.OK, 184),  # the day before renewal opens
        (date(2026, 7, 1), Status.SOON, 183),  # six months before the day after the end
        (date(2026, 11, 27), Status.SOON, 34),
        (date(2026, 12, 31), Status.SOON, 0),  # the last day
        (date(2027, 1, 1), Status.OVERDUE, -1),  # ended without a signed next period
    ],
)
def test_the_agreement_is_soon_due_for_renewal_six_months_before_its_end(period, day, status, days):
    [line] = validity_check(period, day)
    assert (line.status, line.day, line.days) == (status, date(2026, 12, 31), days)
    assert line.url == reverse("samverkan:agreement_renew", args=[period.pk])
    assert line.sources == (
        "Överenskommelsen: ”Samverkansöverenskommelsen löper från och med 2024-01-01 till och "
        "med 2026-12-31.”",
    )


def test_a_draft_next_period_keeps_it_soon_and_a_signed_one_makes_it_ok(period):
    successor = AgreementFactory(
        predecessor=period,
        valid_from=date(2027, 1, 1),
        valid_to=date(2029, 12, 31),
        status=Agreement.Status.DRAFT,
    )
    [line] = validity_check(period, date(2026, 11, 27))
    assert line.status == Status.SOON
    assert "påbörjad men inte undertecknad" in line.detail
    assert validity_check(period, date(2027, 1, 1))[0].status == Status.OVERDUE
    successor.status = Agreement.Status.SIGNED
    successor.save()
    assert validity_check(period, date(2026, 11, 27))[0].status == Status.OK
    assert validity_check(period, date(2027, 1, 1))[0].status == Status.OK


def test_a_terminated_agreement_is_for_information_only(period):
    period.status = Agreement.Status.TERMINATED
    period.save()
    assert validity_check(period, date(2025, 3, 12))[0].status == Status.INFO


def test_outside_its_period_only_the_validity_runs(laholm):
    assert [i.key for i in clock(laholm, date(2027, 2, 1))] == ["samverkan.validity"]
    assert len(clock(laholm, date(2026, 12, 31))) > 1


# --- meetings against the cadence ---------------------------------------------------------


def test_the_year_is_split_in_quarters_two_months_or_equal_runs_of_days():
    assert [end for _start, end in part_ends(2026, 4)] == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
    ]
    assert [end for _start, end in part_ends(2026, 6)][:2] == [date(2026, 2, 28), date(2026, 4, 30)]
    fifths = part_ends(2026, 5)
    assert fifths[0] == (date(2026, 1, 1), date(2026, 3, 14))
    assert fifths[-1][1] == date(2026, 12, 31)


def _status(
    held, planned, today, count=4, valid_from=date(2024, 1, 1), valid_to=date(2026, 12, 31)
):
    return meeting_status(
        count=count,
        held=held,
        planned=planned,
        year=today.year,
        today=today,
        valid_from=valid_from,
        valid_to=valid_to,
    )


@pytest.mark.parametrize(
    ("held", "planned", "today", "expected"),
    [
        # Nothing planned: the first meeting is due by the end of the first quarter.
        (0, 0, date(2026, 1, 1), (Status.SOON, date(2026, 3, 31), 4)),
        (0, 0, date(2026, 3, 31), (Status.SOON, date(2026, 3, 31), 4)),
        (0, 0, date(2026, 4, 1), (Status.OVERDUE, date(2026, 3, 31), 4)),
        # One held: the second by the end of the second quarter.
        (1, 0, date(2026, 6, 30), (Status.SOON, date(2026, 6, 30), 4)),
        (1, 0, date(2026, 7, 1), (Status.OVERDUE, date(2026, 6, 30), 4)),
        # Planned up to the count is ok, behind the pace or not.
        (1, 3, date(2026, 8, 1), (Status.OK, None, 4)),
        (4, 0, date(2026, 12, 31), (Status.OK, None, 4)),
        # Three held, one still missing in the last quarter.
        (3, 0, date(2026, 12, 31), (Status.SOON, date(2026, 12, 31), 4)),
    ],
)
def test_ordinary_meetings_are_due_at_one_per_part_of_the_year(held, planned, today, expected):
    assert _status(held, planned, today) == expected


def test_a_year_the_agreement_covers_in_part_asks_for_its_parts_only():
    # From 1 July: the third and fourth quarters, the first due by 30 September.
    assert _status(0, 0, date(2026, 7, 1), valid_from=date(2026, 7, 1)) == (
        Status.SOON,
        date(2026, 9, 30),
        2,
    )
    assert _status(0, 0, date(2026, 7, 1), valid_from=date(2026, 12, 1)) is None
    assert _status(0, 0, date(2026, 7, 1), count=0) is None


@pytest.fixture
def council(db) -> Body:
    agreement = AgreementFactory(valid_from=date(2024, 1, 1), valid_to=date(2026, 12, 31))
    return BodyFactory(agreement=agreement, extended_meetings_per_year=2)


def _meeting(body, day, **fields):
    return MeetingFactory(
        body=body, starts_at=at_ten(day), ends_at=at_ten(day) + timedelta(hours=2), **fields
    )


def test_held_and_planned_meetings_are_counted_per_body_and_year(council):
    _meeting(council, date(2026, 2, 10), extended=True)
    _meeting(council, date(2025, 5, 10))  # another year
    _meeting(council, date(2026, 5, 10), status=Meeting.Status.CANCELLED)
    _meeting(council, date(2026, 5, 12), status=Meeting.Status.DRAFT)  # planned, not held
    _meeting(council, date(2026, 3, 1), kind=Meeting.Kind.EXTRA)  # not ordinary
    agreement = council.agreement
    ordinary = one(meetings_check(agreement, date(2026, 4, 1)), "councils.meetings")
    assert ordinary.status == Status.SOON
    assert ordinary.day == date(2026, 6, 30)
    assert "1 av 4 hållna; planerade därefter: 1." in ordinary.detail
    assert ordinary.sources == (
        "Överenskommelsen: ”Det strategiska rådet sammanträder fyra gånger per år samt vid behov.”",
    )
    extended = one(meetings_check(agreement, date(2026, 4, 1)), "councils.extended")
    assert (extended.status, extended.day) == (Status.SOON, date(2026, 12, 31))
    # The draft's day has come and gone without it being convened: not held.
    late = one(meetings_check(agreement, date(2026, 7, 1)), "councils.meetings")
    assert (late.status, late.day) == (Status.OVERDUE, date(2026, 6, 30))


def test_a_year_planned_in_full_is_ok_with_the_next_meeting_as_its_day(council):
    for day in (date(2026, 2, 10), date(2026, 5, 10), date(2026, 9, 10), date(2026, 11, 10)):
        _meeting(council, day, extended=day.month in (5, 11))
    ordinary = one(meetings_check(council.agreement, date(2026, 3, 1)), "councils.meetings")
    assert (ordinary.status, ordinary.day, ordinary.days) == (Status.OK, date(2026, 5, 10), 70)
    extended = one(meetings_check(council.agreement, date(2026, 3, 1)), "councils.extended")
    assert extended.status == Status.OK


def test_the_operative_group_counts_against_six_and_has_no_extended_line(council):
    group = BodyFactory(
        agreement=council.agreement,
        kind=Body.Kind.OPERATIVE_GROUP,
        name="Operativ samverkansgrupp",
        ordinary_meetings_per_year=6,
    )
    items = [
        i for i in meetings_check(council.agreement, date(2026, 3, 1)) if str(group.pk) in i.key
    ]
    assert [(i.key, i.status, i.day) for i in items] == [
        (f"councils.meetings.{group.pk}.2026", Status.OVERDUE, date(2026, 2, 28))
    ]
    assert "samlas sex gånger per år" in items[0].sources[0]


# --- assignments ------------------------------------------------------------------------


def test_an_assignment_is_overdue_the_day_after_its_due_day(laholm):
    assignment = Assignment.objects.get(body__agreement=laholm)
    due = assignment.due_on
    assert [i.status for i in assignments_check(laholm, due)] == [Status.OK]
    [line] = assignments_check(laholm, due + timedelta(days=1))
    assert (line.status, line.day, line.days) == (Status.OVERDUE, due, -1)
    assert line.key == f"councils.assignment.{assignment.pk}"
    assignment.status = Assignment.Status.REPORTED
    assignment.save()
    assert [i.status for i in assignments_check(laholm, due + timedelta(days=1))] == [Status.OK]


# --- the lägesbild, the plan and the promise -------------------------------------------------


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2026, 12, 2), Status.OK),
        (date(2026, 12, 3), Status.SOON),  # two months before the two years
        (date(2027, 2, 3), Status.SOON),  # the last day of the two years
        (date(2027, 2, 4), Status.OVERDUE),
    ],
)
def test_the_lagesbild_is_due_two_years_after_its_last_full_update(laholm, day, status):
    # The demo's lägesbild was last fully updated on 2025-02-03.
    [line] = full_update_check(laholm, day)
    assert (line.status, line.day) == (status, date(2027, 2, 3))
    assert "uppdateras i sin helhet minst vartannat år" in line.sources[0]
    assert "Lag (2023:196)" in line.sources[1]


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2026, 9, 26), Status.OK),
        (date(2026, 9, 27), Status.SOON),
        (date(2026, 11, 27), Status.SOON),
        (date(2026, 11, 28), Status.OVERDUE),
    ],
)
def test_the_plan_is_due_for_follow_up_two_years_after_the_last(laholm, day, status):
    # The demo's plan was last followed up on 2024-11-27.
    [line] = follow_up_check(laholm, day)
    assert (line.status, line.day) == (status, date(2026, 11, 27))
    assert line.sources[0] == "Överenskommelsen: ”Åtgärdsplanen ska minst vartannat år följas upp.”"


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2025, 8, 31), Status.OK),
        (date(2025, 9, 1), Status.SOON),
        (date(2025, 12, 31), Status.SOON),
        (date(2026, 1, 1), Status.OVERDUE),
    ],
)
def test_the_promise_is_renewed_by_the_year_end(laholm, day, status):
    # The demo's promise 2024 runs to the end of 2025.
    [line] = promise_check(laholm, day)
    assert (line.status, line.day) == (status, date(2025, 12, 31))
    assert "klart senast årsskiftet aktuellt år" in line.sources[0]


def test_without_a_lagesbild_plan_or_promise_the_lines_are_missing(period):
    day = date(2025, 3, 12)
    lines = [
        *full_update_check(period, day),
        *follow_up_check(period, day),
        *promise_check(period, day),
    ]
    assert [i.status for i in lines] == [Status.MISSING] * 3


# --- annex versions ------------------------------------------------------------------------


def test_an_open_annex_version_is_waiting_since_it_reached_its_state(laholm):
    # The demo has version 2 of annex 3 before the council.
    [line] = annex_versions_check(laholm, date(2025, 3, 22))
    assert line.status == Status.WAITING
    assert line.label == "Bilaga 3, version 2"
    assert line.days == -10
    assert "väntar på beslut" in line.detail


# --- the page and the panel -----------------------------------------------------------------


def _url(agreement) -> str:
    return reverse("compliance", args=[agreement.pk])


@pytest.mark.parametrize(
    ("username", "status"),
    [
        (None, 302),
        ("samordnare", 200),
        ("sakerhetschef", 200),  # on the council
        ("frivard", 200),  # the frivårdschef's substitute on the council
        ("ks-ordforande", 403),  # signs for Kommunen, holds no seat
        ("forvaltning", 403),  # the operative group only
        ("annan-kommun", 404),  # another agreement's coordinator
    ],
)
def test_the_page_is_for_the_coordinator_and_the_councils_members(
    client_as, laholm, username, status
):
    assert client_as(username).get(_url(laholm)).status_code == status


def test_the_page_shows_each_line_with_its_status_date_days_source_and_link(client_as, laholm):
    html = client_as("samordnare").get(_url(laholm)).content.decode()
    assert "<h1>Efterlevnad</h1>" in html
    assert "Överenskommelsens giltighetstid" in html
    assert (
        "Överenskommelsen: ”Den lokala lägesbilden uppdateras i sin helhet minst vartannat år.”"
        in html
    )
    assert f'href="{reverse("samverkan:agreement_renew", args=[laholm.pk])}"' in html


def test_a_member_who_may_not_renew_is_sent_to_the_agreement_instead(
    client_as, laholm, time_machine
):
    time_machine.move_to(at_ten(date(2026, 11, 27)))
    html = client_as("sakerhetschef").get(_url(laholm)).content.decode()
    assert reverse("samverkan:agreement_renew", args=[laholm.pk]) not in html
    assert "Förnya överenskommelsen" in html


def test_the_panel_shows_what_needs_attention_only_to_those_who_read_the_clock(client_as, laholm):
    agreement_url = reverse("samverkan:agreement", args=[laholm.pk])
    html = client_as("samordnare").get(agreement_url).content.decode()
    assert 'id="compliance-heading"' in html
    assert f'href="{_url(laholm)}"' in html
    # On the frozen day (2025-03-12) the agreement is not yet due for renewal: not listed.
    panel = html.split('id="compliance-heading"')[1].split("</section>")[0]
    assert "Överenskommelsens giltighetstid" not in panel
    assert "Bilaga 3, version 2" in panel
    html = client_as("ks-ordforande").get(agreement_url).content.decode()
    assert 'id="compliance-heading"' not in html


def test_on_2026_11_27_the_demo_panel_shows_the_agreement_soon_to_expire_in_34_days(
    client_as, laholm, laholm_renewal, time_machine
):
    time_machine.move_to(at_ten(date(2026, 11, 27)))
    html = client_as("samordnare").get(reverse("samverkan:agreement", args=[laholm.pk]))
    panel = html.content.decode().split('id="compliance-heading"')[1].split("</section>")[0]
    # The demo's renewal is begun (a draft 2027–2029): the link leads on to it.
    renew = reverse("samverkan:agreement", args=[laholm_renewal.pk])
    [line] = [li for li in panel.split("<li>") if "Överenskommelsens giltighetstid" in li]
    assert "Snart" in line
    assert "2026-12-31" in line
    assert "om 34 dagar" in line
    assert f'href="{renew}"' in line and "Förnya överenskommelsen" in line
    validity = one(clock(laholm), "samverkan.validity")
    assert (validity.status, validity.day, validity.days) == (Status.SOON, date(2026, 12, 31), 34)


# --- a fixed number of queries ----------------------------------------------------------------


def _grow(agreement, n: int) -> None:
    """n more meetings per body in the year, n overdue assignments and n open lines."""
    decision = Assignment.objects.filter(body__agreement=agreement).first().decision
    party = agreement.parties.first()
    for body in agreement.bodies.all():
        for k in range(n):
            day = date(2025, 1 + k % 12, 10 + k % 10)
            MeetingFactory(
                body=body, starts_at=at_ten(day), ends_at=at_ten(day) + timedelta(hours=2)
            )
        for k in range(n):
            Assignment.objects.create(
                decision=decision,
                body=body,
                description=f"Uppdrag {k}",
                responsible_party=party,
                due_on=date(2025, 1, 1) + timedelta(days=k),
            )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["compliance", "samverkan:agreement"])
def test_the_page_and_the_panel_run_the_same_queries_whatever_the_data(
    client_as, laholm, name, django_assert_max_num_queries
):
    client = client_as("samordnare")
    url = reverse(name, args=[laholm.pk])
    client.get(url)  # sessions and caches warmed
    before = _queries(client, url)
    _grow(laholm, 3)
    small = _queries(client, url)
    _grow(laholm, 12)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert b"Uppdrag 11" in response.content
    assert before == small
