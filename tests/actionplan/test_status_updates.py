"""Status updates of a measure: by someone seated for its responsible party or by the
coordinator, dated, kept with history; posted from the measure's page and inline from a
meeting page with htmx (the HX-Request header) or without JavaScript."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from actionplan.models import Measure, StatusUpdate
from actionplan.services import plans as services
from samverkan.models import Event
from tests.actionplan.factories import ActionPlanFactory, MeasureFactory, StatusUpdateFactory
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.helpers import TODAY, at_ten, refusal
from tests.html_helpers import text_of

ENDED = "Överenskommelsen har upphört; åtgärdsplanen kan inte längre ändras."


def party(agreement, short_name):
    return agreement.parties.get(short_name=short_name)


@pytest.fixture
def plan(laholm):
    return ActionPlanFactory(agreement=laholm, title="Åtgärdsplan för centrum")


@pytest.fixture
def police_measure(laholm, plan):
    return MeasureFactory(
        plan=plan,
        title="Kameraövervakning vid resecentrum",
        responsible=party(laholm, "Polisen"),
        status=Measure.Status.PLANNED,
    )


@pytest.fixture
def probation_measure(laholm, plan):
    return MeasureFactory(
        plan=plan, title="Återfallsprevention", responsible=party(laholm, "Kriminalvården")
    )


def status_url(measure):
    return reverse(
        "actionplan:measure_status",
        args=[measure.plan.agreement_id, measure.plan_id, measure.pk],
    )


def update(measure, by, **more):
    data = {"status": "ongoing", "on": TODAY, "comment": "Kamerorna är beställda."} | more
    return services.measure_status_update(measure=measure, by=by, **data)


# --- the service ------------------------------------------------------------------------


def test_a_police_officer_updates_a_police_measure_which_takes_the_status(
    laholm, user, police_measure
):
    kommunpolis = user("kommunpolis")
    recorded = update(police_measure, kommunpolis)
    police_measure.refresh_from_db()
    assert police_measure.status == Measure.Status.ONGOING
    assert police_measure.latest_update == recorded
    assert (recorded.by, recorded.on, recorded.comment) == (
        kommunpolis,
        TODAY,
        "Kamerorna är beställda.",
    )
    assert recorded.history.get().history_user == kommunpolis
    assert police_measure.history.first().history_user == kommunpolis
    [event] = Event.objects.filter(
        agreement=laholm, action="actionplan.measure.status_updated", object_id=police_measure.pk
    )
    assert event.data == {
        "party": "Polisen",
        "measure": "Kameraövervakning vid resecentrum",
        "status": "ongoing",
    }


def test_a_police_officer_may_not_update_a_probation_measure(user, probation_measure):
    with pytest.raises(PermissionDenied):
        update(probation_measure, user("kommunpolis"))
    assert not probation_measure.updates.exists()


@pytest.mark.parametrize("username", ["ks-ordforande", "sakerhetschef", "annan-kommun"])
def test_nobody_else_updates_a_police_measure(user, police_measure, username):
    with pytest.raises(PermissionDenied):
        update(police_measure, user(username))


def test_the_coordinator_updates_any_partys_measure_and_the_event_names_their_party(
    laholm, user, police_measure, probation_measure
):
    for measure in (police_measure, probation_measure):
        update(measure, user("samordnare"), status="done")
        measure.refresh_from_db()
        assert measure.status == Measure.Status.DONE
    parties = [
        e.data["party"]
        for e in Event.objects.filter(
            agreement=laholm, action="actionplan.measure.status_updated"
        ).order_by("pk")
    ]
    assert parties == ["Kommunen", "Kommunen"]


def test_a_status_is_dated_today_or_earlier_and_not_before_the_latest(user, police_measure):
    kommunpolis = user("kommunpolis")
    error = refusal(update, police_measure, kommunpolis, on=TODAY + timedelta(days=1))
    assert error.message_dict == {"on": ["Datumet kan inte ligga i framtiden."]}
    update(police_measure, kommunpolis, on=TODAY - timedelta(days=2))
    error = refusal(update, police_measure, kommunpolis, on=TODAY - timedelta(days=5))
    day = (TODAY - timedelta(days=2)).isoformat()
    assert error.message_dict == {
        "on": [
            f"Åtgärden har redan en status daterad {day}. En ny status kan inte dateras "
            "tidigare än så."
        ]
    }


def test_a_status_is_reported_once_the_plan_is_adopted(laholm, user):
    draft = ActionPlanFactory(agreement=laholm, status="draft", decided_by="", decided_on=None)
    measure = MeasureFactory(plan=draft, responsible=party(laholm, "Polisen"))
    assert refusal(update, measure, user("kommunpolis")).messages == [
        "Status rapporteras när planen är beslutad."
    ]


def test_a_meeting_of_another_agreement_is_refused(other_agreement, user, police_measure):
    foreign = MeetingFactory(body=other_agreement.bodies.first())
    error = refusal(update, police_measure, user("kommunpolis"), meeting=foreign)
    assert error.message_dict == {"meeting": ["Mötet hör inte till den här överenskommelsen."]}


def test_after_the_agreements_end_no_status_is_reported(laholm, user, police_measure, time_machine):
    time_machine.move_to(at_ten(laholm.valid_to + timedelta(days=1)))
    for username in ("kommunpolis", "samordnare"):
        error = refusal(update, police_measure, user(username), on=laholm.valid_to)
        assert error.messages == [ENDED]
    assert not police_measure.updates.exists()


# --- the pages --------------------------------------------------------------------------


def test_the_status_page_is_the_responsible_partys_and_the_coordinators(
    client_as, police_measure, probation_measure
):
    assert client_as("kommunpolis").get(status_url(police_measure)).status_code == 200
    assert client_as("kommunpolis").get(status_url(probation_measure)).status_code == 403
    assert client_as("kommunpolis").post(status_url(probation_measure), {}).status_code == 403
    assert client_as("frivard").get(status_url(probation_measure)).status_code == 200
    assert client_as("samordnare").get(status_url(probation_measure)).status_code == 200
    assert client_as("ks-ordforande").get(status_url(police_measure)).status_code == 403
    assert client_as("annan-kommun").get(status_url(police_measure)).status_code == 404


def form(**more):
    typed = {"status": "ongoing", "on": TODAY.isoformat(), "comment": "Kamerorna är beställda."}
    return typed | more


def test_without_htmx_the_update_redirects_to_the_measure_with_a_message(client_as, police_measure):
    response = client_as("kommunpolis").post(status_url(police_measure), form(), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "actionplan:measure_detail",
        args=[police_measure.plan.agreement_id, police_measure.plan_id, police_measure.pk],
    )
    page = text_of(response.content.decode())
    assert "Status för åtgärden Kameraövervakning vid resecentrum är sparad: Pågår." in page
    police_measure.refresh_from_db()
    assert police_measure.status == Measure.Status.ONGOING


def test_without_htmx_the_update_returns_to_the_meeting_page_it_came_from(
    laholm, client_as, police_measure
):
    # The meeting is today: a report given on its page is given at it.
    meeting = MeetingFactory(body=laholm.bodies.first(), starts_at=at_ten(TODAY))
    back = reverse("councils:meeting", args=[laholm.pk, meeting.body_id, meeting.pk])
    response = client_as("kommunpolis").post(
        status_url(police_measure), form(next=back, meeting=meeting.pk)
    )
    assert response.status_code == 302
    assert response["Location"] == back
    assert police_measure.updates.get().meeting == meeting


@pytest.mark.parametrize("away", ["https://example.com/", "//example.com/", "javascript:alert(1)"])
def test_a_next_address_outside_the_site_is_ignored(client_as, police_measure, away):
    response = client_as("kommunpolis").post(status_url(police_measure), form(next=away))
    assert response.status_code == 302
    assert response["Location"].startswith("/overenskommelser/")
    assert response["Location"].endswith(f"/atgarder/{police_measure.pk}/")


def test_without_htmx_an_error_shows_the_form_again_as_typed(client_as, police_measure):
    response = client_as("kommunpolis").post(
        status_url(police_measure), form(on=(TODAY + timedelta(days=1)).isoformat())
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Datumet kan inte ligga i framtiden." in page
    assert "Kamerorna är beställda." in page
    assert not police_measure.updates.exists()


def htmx_post(client, measure, data):
    return client.post(status_url(measure), data, headers={"HX-Request": "true"})


def test_with_htmx_the_update_returns_the_measures_row(laholm, client_as, police_measure):
    # The meeting is today: a report given on its page is given at it.
    meeting = MeetingFactory(body=laholm.bodies.first(), starts_at=at_ten(TODAY))
    back = reverse("councils:meeting", args=[laholm.pk, meeting.body_id, meeting.pk])
    response = htmx_post(
        client_as("kommunpolis"), police_measure, form(meeting=meeting.pk, next=back)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="measure-row-{police_measure.pk}">')
    assert "<html" not in html
    text = text_of(html)
    assert "Pågår" in text
    assert "Statusen är sparad." in text
    assert f"{TODAY.isoformat()}: Kamerorna är beställda." in text
    # A fresh form for the next report, still from the meeting.
    assert f'hx-post="{status_url(police_measure)}"' in html
    assert f'value="{back}"' in html
    assert f'name="meeting" value="{meeting.pk}"' in html
    update = StatusUpdate.objects.get(measure=police_measure)
    assert (update.meeting, update.status) == (meeting, "ongoing")


def test_with_htmx_an_error_comes_back_in_the_row_with_what_was_typed(client_as, police_measure):
    StatusUpdateFactory(measure=police_measure, on=TODAY)
    police_measure.latest_update = police_measure.updates.get()
    police_measure.save()
    response = htmx_post(
        client_as("kommunpolis"),
        police_measure,
        form(status="done", on=(TODAY - timedelta(days=3)).isoformat(), comment="Klart nu."),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="measure-row-{police_measure.pk}">')
    assert "En ny status kan inte dateras tidigare än så." in html
    assert "Klart nu." in html
    assert f'value="{(TODAY - timedelta(days=3)).isoformat()}"' in html
    assert '<option value="done" selected>' in html
    assert "Statusen är sparad." not in html
    assert police_measure.updates.count() == 1


@pytest.mark.parametrize("away", ["https://example.com/", "//example.com/", "javascript:alert(1)"])
def test_with_htmx_a_next_address_outside_the_site_is_not_carried_on(
    client_as, police_measure, away
):
    response = htmx_post(client_as("kommunpolis"), police_measure, form(next=away))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Statusen är sparad." in text_of(html)
    assert "example.com" not in html
    assert "javascript:" not in html


def test_with_htmx_a_member_of_another_party_is_refused(client_as, probation_measure):
    response = htmx_post(client_as("kommunpolis"), probation_measure, form())
    assert response.status_code == 403
    assert not probation_measure.updates.exists()


def test_the_meeting_page_posts_the_status_inline_and_without_javascript(
    laholm, client_as, police_measure
):
    meeting = MeetingFactory(body=laholm.bodies.first())
    AgendaItemFactory(meeting=meeting, kind="action_plan_status", title="Åtgärdsplanens status")
    page_url = reverse("councils:meeting", args=[laholm.pk, meeting.body_id, meeting.pk])
    html = client_as("kommunpolis").get(page_url).content.decode()
    row = html[html.index(f'<tr id="measure-row-{police_measure.pk}">') :].split("</tr>")[0]
    assert f'action="{status_url(police_measure)}"' in row
    assert f'hx-post="{status_url(police_measure)}"' in row
    assert f'hx-target="#measure-row-{police_measure.pk}"' in row
    assert 'hx-swap="outerHTML"' in row
    assert f'name="next" value="{page_url}"' in row
    assert f'name="meeting" value="{meeting.pk}"' in row


def test_a_report_before_the_meeting_is_not_recorded_as_given_at_it(laholm, user, police_measure):
    meeting = MeetingFactory(body=laholm.bodies.first())  # a week ahead
    update = services.measure_status_update(
        measure=police_measure,
        status="ongoing",
        on=TODAY,
        comment="Förberett inför mötet.",
        meeting=meeting,
        by=user("kommunpolis"),
    )
    assert update.meeting is None


def test_the_same_status_again_without_a_comment_is_refused(user, police_measure):
    error = refusal(
        services.measure_status_update,
        measure=police_measure,
        status=police_measure.status,
        on=TODAY,
        comment="",
        by=user("kommunpolis"),
    )
    assert error.message_dict == {
        "comment": [
            "Statusen är redan Planerad. Skriv en kommentar om vad som har hänt, eller välj en ny "
            "status."
        ]
    }
