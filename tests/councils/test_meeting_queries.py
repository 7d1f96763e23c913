"""The meeting page, the calendar and the list run a fixed number of queries: the same
with 5 agenda items as with 50, and with one year of meetings as with ten."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils.models import Meeting
from samverkan.models import Agreement
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.helpers import person
from tests.pages import Objects, page


def queries_for(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response.content.decode()


def add_items(meeting, count: int, people) -> None:
    for n in range(count):
        AgendaItemFactory(
            meeting=meeting,
            title=f"Punkt {n}",
            presenter=people[n % len(people)],
            notes="Underlag.\n\nMer underlag.",
            # What another app attaches (here, for want of one, the body) shows by name.
            subject=meeting.body if n % 2 else None,
        )


def add_years_of_meetings(body, years: range) -> None:
    """Six meetings a year, one of each status, in each of the years."""
    for year in years:
        for month in (2, 3, 5, 9, 10, 11):
            starts = timezone.make_aware(datetime(year, month, 12, 13))
            status = ("draft", "scheduled", "cancelled")[month % 3]
            MeetingFactory(
                body=body, status=status, starts_at=starts, ends_at=starts + timedelta(hours=2)
            )


@pytest.fixture
def long_agreement(laholm):
    """Laholm stretched to ten years (2024–2033): room for a decade of meetings."""
    Agreement.objects.filter(pk=laholm.pk).update(valid_to=date(2033, 12, 31))
    laholm.refresh_from_db()
    return laholm


@pytest.mark.parametrize("username", ["samordnare", "kommunpolis"])
def test_the_meeting_page_runs_as_many_queries_with_50_agenda_items_as_with_5(
    client_as, laholm, username
):
    objects = Objects(laholm, username)
    meeting = objects.meeting
    meeting.items.all().delete()
    people = [person(name) for name in ("kommunpolis", "frivard", "forvaltning")]
    add_items(meeting, 5, people)
    client = client_as(username)
    url = page("councils:meeting").path(objects)
    client.get(url)  # warm per-process caches (content types)
    few, html = queries_for(client, url)
    assert html.count('class="agenda__item"') == 5

    add_items(meeting, 45, people)
    many, html = queries_for(client, url)
    assert html.count('class="agenda__item"') == 50
    assert "Föredragande: Nora Ek, Kriminalvården" in html
    assert html.count("Ärende: Strategiskt råd") == 2 + 22
    assert many == few


@pytest.mark.parametrize("username", ["samordnare", "kommunpolis"])
@pytest.mark.parametrize("name", ["councils:calendar", "councils:meetings", "councils:meeting"])
def test_the_calendar_and_the_list_run_as_many_queries_with_ten_years_of_meetings_as_one(
    client_as, long_agreement, council, group, username, name
):
    objects = Objects(long_agreement, username)
    client = client_as(username)
    url = page(name).path(objects) + ("?manad=2025-03" if name == "councils:calendar" else "")
    for body in (council, group):
        add_years_of_meetings(body, range(2025, 2026))
    client.get(url)
    one_year, html = queries_for(client, url)
    assert "Strategiskt råd" in html

    for body in (council, group):
        add_years_of_meetings(body, range(2026, 2035))
    ten_years, html = queries_for(client, url)
    assert ten_years == one_year
    assert Meeting.objects.filter(body__agreement=long_agreement).count() >= 120


def test_the_roster_runs_as_many_queries_with_ten_years_of_meetings_as_with_none(
    client_as, long_agreement, council
):
    client = client_as("samordnare")
    url = page("councils:roster").path(Objects(long_agreement))
    client.get(url)
    before, html = queries_for(client, url)
    add_years_of_meetings(council, range(2024, 2034))
    after, html = queries_for(client, url)
    assert after == before
    assert html.count('<th scope="row">20') == 10  # one row a year, 2024–2033
