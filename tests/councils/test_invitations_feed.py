"""Each user's calendar feed: a secret address, made, renewed and revoked on their profile
page, answering without login with the meetings of every body they may see."""

from datetime import timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import CalendarFeed, Meeting
from councils.roles import agreement_sync_permissions
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    FunctionFactory,
    MeetingFactory,
    SeatFactory,
)
from tests.helpers import TODAY, at_ten, person

PAGE = "councils:calendar_feed"


def feed_url(feed: CalendarFeed) -> str:
    return reverse("councils:calendar_feed_ics", args=[feed.token])


@pytest.fixture
def meeting(council):
    return MeetingFactory(body=council, place="Kommunhuset, Laholm")


def events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(event.get("uid")): event for event in cal.events}


def test_the_profile_page_offers_to_make_a_calendar_address(client_as):
    html = client_as("kommunpolis").get(reverse(PAGE)).content.decode()
    assert "Du har ingen kalenderadress." in html
    assert "Skapa kalenderadress" in html


def test_making_an_address_shows_it_on_the_profile_page(client_as, user):
    client = client_as("kommunpolis")
    response = client.post(reverse("councils:calendar_feed_renew"))
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(user=user("kommunpolis"))
    assert len(feed.token) >= 40
    html = client.get(reverse(PAGE)).content.decode()
    assert f"http://testserver{feed_url(feed)}" in html
    assert f"webcal://testserver{feed_url(feed)}" in html
    assert "Din kalenderadress är skapad." in html


def test_the_feed_needs_no_login_and_holds_the_meetings_of_the_users_bodies(
    client, user, council, group, meeting
):
    draft = MeetingFactory(body=group, status=Meeting.Status.DRAFT)
    cancelled = MeetingFactory(
        body=group, status=Meeting.Status.CANCELLED, cancelled_reason="Krock", sequence=1
    )
    feed = CalendarFeed.objects.create(user=user("kommunpolis"))
    found = events(client.get(feed_url(feed)))
    assert str(meeting.uid) in found
    assert str(draft.uid) not in found
    assert str(found[str(cancelled.uid)].get("status")) == "CANCELLED"
    event = found[str(meeting.uid)]
    assert str(event.get("status")) == "CONFIRMED"
    assert str(event.get("summary")) == "Strategiskt råd – ordinarie möte"
    assert str(event.get("location")) == "Kommunhuset, Laholm"
    assert event.start == meeting.starts_at
    assert event.get("attendee") is None  # a subscription lists no one


def test_the_feed_holds_the_meetings_of_every_agreement_the_user_is_in(
    client, user, meeting, laholm
):
    me = person("kommunpolis")
    elsewhere = BodyFactory()
    SeatFactory(function=FunctionFactory(body=elsewhere), person=me)
    agreement_sync_permissions(agreement=elsewhere.agreement)
    there = MeetingFactory(body=elsewhere)
    stranger = MeetingFactory(body=BodyFactory())
    feed = CalendarFeed.objects.create(user=user("kommunpolis"))
    found = events(client.get(feed_url(feed)))
    assert {str(meeting.uid), str(there.uid)} <= found.keys()
    assert str(stranger.uid) not in found


def test_another_agreements_member_sees_none_of_laholms_meetings(client, user, meeting):
    feed = CalendarFeed.objects.create(user=user("annan-kommun"))
    assert str(meeting.uid) not in events(client.get(feed_url(feed)))


def test_an_unknown_address_is_404(client, meeting):
    url = reverse("councils:calendar_feed_ics", args=["inte-en-riktig-nyckel"])
    assert client.get(url).status_code == 404


def test_renewing_gives_a_new_address_and_the_old_one_is_404(client_as, client, user, meeting):
    old = CalendarFeed.objects.create(user=user("kommunpolis"))
    old_url = feed_url(old)
    response = client_as("kommunpolis").post(reverse("councils:calendar_feed_renew"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=user("kommunpolis"))
    assert new.token != old.token
    client.logout()
    assert client.get(old_url).status_code == 404
    assert str(meeting.uid) in events(client.get(feed_url(new)))


def test_a_revoked_address_is_404(client_as, client, user, meeting):
    feed = CalendarFeed.objects.create(user=user("kommunpolis"))
    url = feed_url(feed)
    response = client_as("kommunpolis").post(reverse("councils:calendar_feed_revoke"))
    assert response.status_code == 302
    assert not CalendarFeed.objects.filter(user=user("kommunpolis")).exists()
    client.logout()
    assert client.get(url).status_code == 404


def test_revoking_without_an_address_says_so(client_as):
    response = client_as("kommunpolis").post(reverse("councils:calendar_feed_revoke"), follow=True)
    assert "Du har ingen kalenderadress." in response.content.decode()


def test_the_feed_of_a_deactivated_account_is_404(client, user, meeting):
    account = user("kommunpolis")
    feed = CalendarFeed.objects.create(user=account)
    account.is_active = False
    account.save()
    assert client.get(feed_url(feed)).status_code == 404


def test_the_profile_pages_need_a_login_and_changes_need_post(client, client_as):
    for name in (PAGE, "councils:calendar_feed_renew", "councils:calendar_feed_revoke"):
        assert client.get(reverse(name)).status_code == 302
    client = client_as("kommunpolis")
    assert client.get(reverse("councils:calendar_feed_renew")).status_code == 405
    assert client.get(reverse("councils:calendar_feed_revoke")).status_code == 405


def test_the_feed_runs_the_same_queries_with_1_and_10_years_of_meetings(
    client, user, council, group, meeting
):
    feed = CalendarFeed.objects.create(user=user("kommunpolis"))
    url = feed_url(feed)
    client.get(url)  # warm per-process caches (content types)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    # Ten years of both bodies' meetings with agendas (factories skip the services' checks,
    # so the years may run past the agreement).
    for n in range(1, 121):
        day = TODAY + timedelta(days=30 * n)
        for body in (council, group):
            made = MeetingFactory(
                body=body,
                agreement=body.agreement,
                starts_at=at_ten(day),
                ends_at=at_ten(day) + timedelta(hours=2),
            )
            AgendaItemFactory.create_batch(3, meeting=made)
    assert Meeting.objects.filter(body__in=[council, group]).count() > 100
    assert queries() == before
    assert len(events(client.get(url))) > 100
