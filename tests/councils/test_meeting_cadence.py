"""The cadence: per body and calendar year, ordinary meetings planned and held against the
agreement's 4 (council) and 6 (operative group), extended meetings against 2."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from councils.selectors import meeting_cadence
from tests.factories import MeetingFactory
from tests.helpers import NOW, STOCKHOLM
from tests.html_helpers import section, table_rows, text_of

pytestmark = pytest.mark.usefixtures("without_the_demos_held_meeting")


def meeting(body, day: str, **fields):
    start = datetime.fromisoformat(day).replace(hour=13, tzinfo=STOCKHOLM)
    return MeetingFactory(body=body, starts_at=start, ends_at=start + timedelta(hours=2), **fields)


def row(body, year: int):
    return next(r for r in meeting_cadence(body, now=NOW) if r.year == year)


def test_planned_counts_every_ordinary_meeting_not_cancelled_and_held_those_that_ended(
    council,
):
    meeting(council, "2025-02-11", extended=True)  # held
    meeting(council, "2025-03-11", status="cancelled")  # not counted
    meeting(council, "2025-05-13", extended=True)  # convened, to come
    meeting(council, "2025-09-09", status="draft")  # proposed, to come
    meeting(council, "2025-10-07", kind="extra")  # not ordinary
    meeting(council, "2024-11-12")  # another year
    cadence = row(council, 2025)
    assert (cadence.planned, cadence.held, cadence.cadence) == (3, 1, 4)
    assert (cadence.extended_planned, cadence.extended_held, cadence.extended_cadence) == (
        2,
        1,
        2,
    )
    assert (row(council, 2024).planned, row(council, 2024).held) == (1, 1)


def test_a_draft_that_has_passed_was_never_held(council):
    meeting(council, "2025-02-11", status="draft")
    assert (row(council, 2025).planned, row(council, 2025).held) == (1, 0)


def test_the_cadence_covers_every_year_of_the_agreement(council, group):
    assert [r.year for r in meeting_cadence(council)] == [2024, 2025, 2026]
    assert {(r.cadence, r.extended_cadence) for r in meeting_cadence(group)} == {(6, 0)}


def test_the_roster_shows_the_cadence_per_year(client_as, council):
    meeting(council, "2025-02-11", extended=True)
    meeting(council, "2025-05-13")
    url = reverse("councils:roster", args=[council.agreement_id, council.pk])
    html = client_as("kommunpolis").get(url).content.decode()
    cadence = section(html, '<section aria-labelledby="cadence-heading">').split("</section>")[0]
    rows = {text_of(cells[0]): [text_of(c) for c in cells[1:]] for cells in table_rows(cadence)}
    assert rows["2025"] == ["2 av 4", "1 av 4", "1 av 2", "1 av 2"]
    assert "Utökade möten planerade" in cadence


def test_the_groups_roster_has_no_extended_columns(client_as, group):
    url = reverse("councils:roster", args=[group.agreement_id, group.pk])
    html = client_as("kommunpolis").get(url).content.decode()
    cadence = section(html, '<section aria-labelledby="cadence-heading">').split("</section>")[0]
    assert "Utökade" not in cadence
    assert [len(cells) for cells in table_rows(cadence)] == [3, 3, 3]
