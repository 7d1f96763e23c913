"""The meeting pages: the calendar, the list, each meeting's page, and the convener's
forms to schedule, edit, convene and cancel."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from councils.models import Meeting
from councils.services import invitations
from samverkan.services import version_of
from tests.factories import MeetingFactory
from tests.helpers import PERIOD, STOCKHOLM
from tests.html_helpers import field_errors, section, table_rows, text_of


def at(day: str, hour: int = 13) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def quiet_invitations(monkeypatch):
    """Invitations are the invitations' tests' business: here they send nothing."""
    for name in ("invitees_from_roster", "meeting_changed", "meeting_cancelled"):
        monkeypatch.setattr(invitations, name, lambda *, meeting, by: None)


@pytest.fixture
def meeting(council) -> Meeting:
    """Tuesday 18 March 2025, 13:00–15:00, convened."""
    return MeetingFactory(
        body=council, starts_at=at("2025-03-18"), ends_at=at("2025-03-18", 15), extended=True
    )


def meeting_url(meeting, name: str = "meeting") -> str:
    return reverse(f"councils:{name}", args=[meeting.agreement_id, meeting.body_id, meeting.pk])


def body_url(name: str, body) -> str:
    return reverse(f"councils:{name}", args=[body.agreement_id, body.pk])


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- the meeting page ------------------------------------------------------------------


def test_the_meeting_page_names_the_body_kind_status_time_and_place(client_as, meeting):
    html = html_of(client_as("kommunpolis"), meeting_url(meeting))
    assert "<h1>Strategiskt råd 18 mars 2025</h1>" in html
    facts = text_of(section(html, '<dl class="facts">').split("</dl>")[0])
    assert facts == (
        "Organ Strategiskt råd "
        "Typ av möte Ordinarie möte, utökat: kommunens ledningsgrupp deltar "
        "Status Kallat "
        "Tid tisdag 18 mars 2025 13:00–15:00 "
        "Plats Kommunhuset, Laholm"
    )


def test_the_meeting_page_includes_the_sections_of_invitations_and_minutes_in_order(meeting):
    with open("templates/councils/meetings/detail.html", encoding="utf-8") as template:
        source = template.read()
    partials = ["_invitation_actions", "_deliveries", "_attendance", "_minutes", "_decisions"]
    positions = [source.index(f"councils/meetings/{name}.html") for name in partials]
    assert positions == sorted(positions)
    assert source.index('id="dagordning"') < positions[0]


def test_the_coordinator_is_offered_the_conveners_actions_and_a_member_is_not(client_as, meeting):
    actions = [meeting_url(meeting, "meeting_edit"), meeting_url(meeting, "meeting_cancel")]
    coordinator = html_of(client_as("samordnare"), meeting_url(meeting))
    member = html_of(client_as("laholmshem"), meeting_url(meeting))
    assert all(f'"{url}"' in coordinator for url in actions)
    assert not any(url in member for url in actions)


def test_a_draft_is_hidden_from_members_and_offered_for_convening_to_the_convener(
    client_as, council
):
    draft = MeetingFactory(body=council, status="draft")
    assert client_as("kommunpolis").get(meeting_url(draft)).status_code == 404
    html = html_of(client_as("samordnare"), meeting_url(draft))
    assert "Förslag: mötet är ännu inte kallat." in html
    assert f'action="{meeting_url(draft, "meeting_confirm")}"' in html


def test_a_meeting_of_the_operative_group_is_not_found_under_the_council(client_as, council, group):
    meeting = MeetingFactory(body=group)
    url = reverse("councils:meeting", args=[council.agreement_id, council.pk, meeting.pk])
    assert client_as("samordnare").get(url).status_code == 404


def test_a_meeting_of_another_agreement_is_not_found_even_for_a_coordinator(
    client_as, laholm, council, other_agreement
):
    foreign = MeetingFactory(body=other_agreement.bodies.get())
    for agreement_pk, body_pk in ((laholm.pk, council.pk), (other_agreement.pk, council.pk)):
        url = reverse("councils:meeting", args=[agreement_pk, body_pk, foreign.pk])
        assert client_as("samordnare").get(url).status_code == 404
    own = reverse("councils:meeting", args=[other_agreement.pk, foreign.body_id, foreign.pk])
    assert client_as("samordnare").get(own).status_code == 404
    assert client_as("annan-kommun").get(own).status_code == 200


# --- scheduling ------------------------------------------------------------------------


def new_meeting(client, body, **data):
    values = {
        "kind": "ordinary",
        "starts_at": "2025-04-15T13:00",
        "ends_at": "2025-04-15T15:00",
        "place": "Kommunhuset",
    }
    return client.post(body_url("meeting_create", body), values | data)


def test_the_coordinator_schedules_a_meeting_and_lands_on_its_page(client_as, council):
    client = client_as("samordnare")
    response = new_meeting(client, council, extended="on")
    meeting = council.meetings.get(starts_at=at("2025-04-15"))
    assert response.status_code == 302
    assert response["Location"] == meeting_url(meeting)
    assert (meeting.status, meeting.extended, meeting.ends_at) == (
        "draft",
        True,
        at("2025-04-15", 15),
    )
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "Mötet är planerat. Kalla till det när dagordningen är klar."
    ]


def test_a_meeting_ending_before_it_starts_keeps_the_form_with_the_error_on_the_end(
    client_as, council
):
    before = Meeting.objects.count()
    response = new_meeting(client_as("samordnare"), council, ends_at="2025-04-15T11:00")
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "ends_at") == ["Mötet måste sluta efter att det börjar."]
    assert 'value="2025-04-15T11:00"' in html  # what was typed is kept
    assert Meeting.objects.count() == before


def test_a_meeting_outside_the_agreement_keeps_the_form_with_the_error_on_the_start(
    client_as, council
):
    before = Meeting.objects.count()
    response = new_meeting(
        client_as("samordnare"),
        council,
        starts_at="2027-03-02T13:00",
        ends_at="2027-03-02T15:00",
    )
    assert field_errors(response.content.decode(), "starts_at") == [
        f"Mötet ligger utanför överenskommelsens giltighetstid {PERIOD}."
    ]
    assert Meeting.objects.count() == before


def test_the_councils_form_offers_no_sudden_event_and_the_groups_no_extended_meeting(
    client_as, council, group
):
    client = client_as("samordnare")
    council_form = html_of(client, body_url("meeting_create", council))
    group_form = html_of(client, body_url("meeting_create", group))
    assert 'value="sudden"' not in council_form and 'name="extended"' in council_form
    assert 'value="sudden"' in group_form and 'name="extended"' not in group_form
    refused = new_meeting(client, council, kind="sudden")
    assert field_errors(refused.content.decode(), "kind") == [
        "Välj ett giltigt alternativ. sudden finns inte bland tillgängliga alternativ."
    ]


def test_a_sudden_event_meeting_is_convened_as_it_is_saved(client_as, group):
    response = new_meeting(
        client_as("samordnare"),
        group,
        kind="sudden",
        starts_at="2025-03-12T15:00",
        ends_at="2025-03-12T16:00",
    )
    assert response.status_code == 302
    assert group.meetings.get(kind="sudden").status == "scheduled"


def test_only_the_convener_schedules(client_as, council, other_agreement):
    assert new_meeting(client_as("kommunpolis"), council).status_code == 403
    assert new_meeting(client_as("annan-kommun"), council).status_code == 404
    assert not council.meetings.filter(starts_at=at("2025-04-15")).exists()


def test_the_coordinator_moves_a_convened_meeting(client_as, meeting):
    response = client_as("samordnare").post(
        meeting_url(meeting, "meeting_edit"),
        {
            "kind": "ordinary",
            "starts_at": "2025-03-19T09:00",
            "ends_at": "2025-03-19T11:00",
            "place": "Stadshuset",
            "extended": "on",
            "version": version_of(meeting),
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Mötet är ändrat och de kallade får en uppdaterad kallelse."
    ]
    meeting.refresh_from_db()
    assert (meeting.when(), meeting.place, meeting.sequence) == (
        "onsdag 19 mars 2025 09:00–11:00",
        "Stadshuset",
        1,
    )


def test_the_edit_form_shows_the_meeting_in_stockholm_time(client_as, meeting):
    html = html_of(client_as("samordnare"), meeting_url(meeting, "meeting_edit"))
    assert 'value="2025-03-18T13:00"' in html and 'value="2025-03-18T15:00"' in html


def test_convening_a_draft_from_its_page(client_as, council):
    draft = MeetingFactory(body=council, status="draft")
    response = client_as("samordnare").post(meeting_url(draft, "meeting_confirm"), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Mötet är kallat och kallelserna skickas."
    ]
    assert Meeting.objects.get(pk=draft.pk).status == "scheduled"


def test_cancelling_needs_a_reason_and_then_shows_it_on_the_page(client_as, meeting):
    client = client_as("samordnare")
    empty = client.post(meeting_url(meeting, "meeting_cancel"), {"reason": ""})
    assert field_errors(empty.content.decode(), "reason") == ["Detta fält måste fyllas i."]
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"
    response = client.post(
        meeting_url(meeting, "meeting_cancel"), {"reason": "Ordföranden är sjuk."}, follow=True
    )
    html = response.content.decode()
    assert "Mötet är inställt: Ordföranden är sjuk." in html
    assert [str(m) for m in response.context["messages"]] == [
        "Mötet är inställt och de kallade får en avbokning."
    ]
    assert meeting_url(meeting, "meeting_edit") not in html


# --- the calendar ----------------------------------------------------------------------


def test_the_calendar_shows_the_month_as_a_table_of_weeks_with_today_marked(client_as, meeting):
    html = html_of(
        client_as("kommunpolis"), reverse("councils:calendar", args=[meeting.agreement_id])
    )
    assert "<h1>Möten mars 2025</h1>" in html
    assert '<caption id="calendar-caption">Möten i mars 2025, vecka för vecka</caption>' in html
    headers = text_of(section(html, "<thead>").split("</thead>")[0])
    assert headers == "Vecka mån tis ons tors fre lör sön"
    rows = table_rows(html)
    assert [text_of(row[0]) for row in rows] == ["9", "10", "11", "12", "13", "14"]
    assert rows[0][1:6] == ["", "", "", "", ""]  # February's days stay empty
    today = html.split('aria-current="date">')[1].split("</td>")[0]
    assert text_of(today) == "12 mars idag"
    tuesday = rows[3][2]
    assert text_of(tuesday) == "18 mars 13:00 Strategiskt råd"
    assert f'href="{meeting_url(meeting)}"' in tuesday
    assert 'href="?manad=2025-02" rel="prev"' in html and 'href="?manad=2025-04" rel="next"' in html


def test_the_calendar_opens_the_month_asked_for(client_as, laholm, council):
    MeetingFactory(body=council, starts_at=at("2026-02-12"), ends_at=at("2026-02-12", 15))
    url = reverse("councils:calendar", args=[laholm.pk])
    html = html_of(client_as("kommunpolis"), url + "?manad=2026-02")
    assert "<h1>Möten februari 2026</h1>" in html
    assert 'aria-current="date"' not in html
    assert "13:00 Strategiskt råd" in html
    for wrong in ("fel", "0001-01", "9999-12", "2025-13"):
        assert "<h1>Möten mars 2025</h1>" in html_of(
            client_as("kommunpolis"), f"{url}?manad={wrong}"
        )


def test_the_calendar_shows_the_coordinator_drafts_and_members_not(client_as, laholm, council):
    MeetingFactory(
        body=council, status="draft", starts_at=at("2025-03-25"), ends_at=at("2025-03-25", 15)
    )
    url = reverse("councils:calendar", args=[laholm.pk])
    assert "Förslag" in html_of(client_as("samordnare"), url)
    assert "Förslag" not in html_of(client_as("kommunpolis"), url)


# --- the list --------------------------------------------------------------------------


def test_the_list_shows_upcoming_and_past_meetings_filtered_by_body(
    client_as, laholm, council, group
):
    MeetingFactory(body=council, starts_at=at("2025-03-18"), ends_at=at("2025-03-18", 15))
    MeetingFactory(body=group, starts_at=at("2025-03-20"), ends_at=at("2025-03-20", 15))
    MeetingFactory(body=group, starts_at=at("2025-02-20"), ends_at=at("2025-02-20", 15))
    client = client_as("kommunpolis")
    url = reverse("councils:meetings", args=[laholm.pk])

    def listed(query=""):
        rows = table_rows(html_of(client, url + query))
        return [(text_of(row[0]), text_of(row[1])) for row in rows]

    upcoming = listed()
    assert upcoming[:2] == [
        ("tisdag 18 mars 2025 13:00–15:00", "Strategiskt råd"),
        ("torsdag 20 mars 2025 13:00–15:00", "Operativ samverkansgrupp"),
    ]
    assert listed(f"?organ={group.pk}")[0] == (
        "torsdag 20 mars 2025 13:00–15:00",
        "Operativ samverkansgrupp",
    )
    assert "Strategiskt råd" not in {body for _when, body in listed(f"?organ={group.pk}")}
    assert listed(f"?visa=tidigare&organ={group.pk}") == [
        ("torsdag 20 februari 2025 13:00–15:00", "Operativ samverkansgrupp")
    ]


def test_the_list_pages_and_keeps_the_filter(client_as, laholm, group):
    for n in range(30):
        start = at("2025-04-01") + timedelta(days=n)
        MeetingFactory(body=group, starts_at=start, ends_at=start + timedelta(hours=1))
    url = reverse("councils:meetings", args=[laholm.pk]) + f"?organ={group.pk}"
    html = html_of(client_as("kommunpolis"), url)
    assert "Sida 1 av 2" in html
    assert f'href="?visa=kommande&amp;organ={group.pk}&amp;sida=2"' in html


def test_the_navigation_leads_to_the_meetings(client_as, laholm):
    html = html_of(client_as("frivard"), reverse("samverkan:agreement", args=[laholm.pk]))
    nav = section(html, '<nav class="site-nav"').split("</nav>")[0]
    assert f'href="{reverse("councils:meetings", args=[laholm.pk])}">Möten</a>' in nav


def test_the_coordinator_finds_the_plan_and_the_new_meeting_form_from_the_list(
    client_as, laholm, council
):
    url = reverse("councils:meetings", args=[laholm.pk])
    coordinator = html_of(client_as("samordnare"), url)
    member = html_of(client_as("kommunpolis"), url)
    for target in (body_url("meeting_create", council), body_url("annual_plan", council)):
        assert target in coordinator and target not in member


# --- the annual plan page --------------------------------------------------------------


@pytest.mark.usefixtures("without_the_demos_held_meeting")
def test_the_annual_plan_page_proposes_and_convenes_the_year(client_as, council):
    client = client_as("samordnare")
    plan = body_url("annual_plan", council)
    response = client.post(body_url("annual_plan_propose", council), {"year": 2025}, follow=True)
    assert response.redirect_chain == [(plan + "?ar=2025", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "4 möten föreslogs för 2025. Justera dem och kalla sedan till dem."
    ]
    html = response.content.decode()
    assert "4 av 4 ordinarie möten planerade. 2 av 2 utökade möten planerade." in text_of(html)
    assert len(table_rows(html)) == 4
    response = client.post(body_url("annual_plan_confirm", council), {"year": 2025}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "4 möten är kallade och kallelserna skickas."
    ]
    assert set(council.meetings.in_year(2025).values_list("status", flat=True)) == {"scheduled"}
    again = client.post(body_url("annual_plan_propose", council), {"year": 2025}, follow=True)
    assert [str(m) for m in again.context["messages"]] == [
        "Årets ordinarie möten är redan planerade. Inga nya föreslogs."
    ]


def test_a_member_may_not_open_the_annual_plan(client_as, council):
    assert client_as("kommunpolis").get(body_url("annual_plan", council)).status_code == 403
    response = client_as("kommunpolis").post(body_url("annual_plan_propose", council))
    assert response.status_code == 403
    assert not council.meetings.filter(status="draft").exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("meeting_edit", "get"),
        ("meeting_edit", "post"),
        ("meeting_confirm", "post"),
        ("meeting_cancel", "post"),
        ("agenda_item_create", "post"),
    ],
)
def test_a_meeting_of_another_agreement_under_laholms_body_is_not_found(
    client_as, council, other_agreement, name, method
):
    foreign = MeetingFactory(body=other_agreement.bodies.get(), status="draft")
    url = reverse(f"councils:{name}", args=[council.agreement_id, council.pk, foreign.pk])
    client = client_as("samordnare")
    response = (
        client.post(url, {"reason": "x", "title": "x"}) if method == "post" else client.get(url)
    )
    assert response.status_code == 404
    assert Meeting.objects.get(pk=foreign.pk).status == "draft"
    assert not foreign.items.exists()
